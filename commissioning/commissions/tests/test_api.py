"""The commissions API: reads scoped by partnership; managers record and change commissions
(If-Match on a change), move them round the cycle, record lessons and scores."""

import datetime as dt

import pytest

from commissioning.commissions import services
from commissioning.commissions.models import Commission, Lesson, Score, StageMove
from commissioning.programmes.concurrency import current_version

pytestmark = pytest.mark.django_db


def rows_of(data):
    return data["results"] if isinstance(data, dict) else data


def test_commissions_and_prioritised_list(client, cycle):
    client.force_login(cycle.user)
    data = client.get("/api/v1/commissions/").json()
    titles = {row["title"] for row in rows_of(data)}
    assert "Stop smoking service" in titles and "Surrey commission" not in titles
    ranked = client.get(f"/api/v1/scoring-rounds/{cycle.round.pk}/prioritised/").json()
    assert [row["commission"] for row in ranked] == [cycle.smoking.pk, cycle.safety.pk]
    assert ranked[0]["rank"] == 1
    assert client.get(f"/api/v1/commissions/{cycle.other.pk}/").status_code == 404


# --- Recording and changing a commission ----------------------------------------------------


def test_a_manager_records_a_commission(client, cycle, partnership):
    client.force_login(cycle.user)
    response = client.post(
        "/api/v1/commissions/",
        {
            "partnership": partnership.home.slug,
            "title": "Weight management",
            "outcomes": [cycle.outcome.pk],
            "gaps": [cycle.gap.pk],
            "lead_post": cycle.post.pk,
            "stage": "plan",
            "why": "Agreed at Cabinet",
            "budget_amount": "1200000.00",
            "is_pilot": True,
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    made = Commission.objects.get(title="Weight management")
    body = response.json()
    assert (
        body["id"] == made.pk and body["stage"] == "plan" and body["outcomes"] == [cycle.outcome.pk]
    )
    assert response["ETag"] == f'"{current_version(made)}"'
    assert made.lead_holder == cycle.holder and made.is_pilot
    assert [(m.to_stage, m.why) for m in made.moves.all()] == [("plan", "Agreed at Cabinet")]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": "   "}, "title"),
        ({"budget_amount": "lots"}, "budget_amount"),
        ({"budget_amount": "-5"}, "budget_amount"),
        ({"stage": "finished"}, "stage"),
        ({"status": "dreaming"}, "status"),
        ({"outcomes": [999999]}, "outcomes"),
        ({"contract_start": "2026-05-01", "contract_end": "2026-04-01"}, "contract_end"),
    ],
)
def test_bad_input_is_400_naming_the_field_and_nothing_is_written(
    client, cycle, partnership, changes, field
):
    client.force_login(cycle.user)
    before = Commission.objects.count()
    payload = {"partnership": partnership.home.slug, "title": "Weight management", **changes}
    response = client.post("/api/v1/commissions/", payload, content_type="application/json")
    assert response.status_code == 400
    assert field in response.json(), response.json()
    assert Commission.objects.count() == before


def test_another_partnerships_rows_are_refused_by_name(client, cycle, partnership):
    client.force_login(cycle.user)
    payload = {"partnership": partnership.home.slug, "title": "Weight management"}
    for changes, field in (
        ({"outcomes": [cycle.away_outcome.pk]}, "outcomes"),
        ({"predecessor": cycle.other.pk}, "predecessor"),
        ({"partnership": "nowhere"}, "partnership"),
    ):
        response = client.post(
            "/api/v1/commissions/", {**payload, **changes}, content_type="application/json"
        )
        assert response.status_code == 400 and field in response.json()
    assert not Commission.objects.filter(title="Weight management").exists()


def test_who_may_record_and_change(client, cycle, partnership, viewer, outsider):
    payload = {"partnership": partnership.home.slug, "title": "Weight management"}
    url = f"/api/v1/commissions/{cycle.smoking.pk}/"
    etag = f'"{current_version(cycle.smoking)}"'
    client.force_login(viewer)
    assert client.get(url).status_code == 200
    created = client.post("/api/v1/commissions/", payload, content_type="application/json")
    assert created.status_code == 403
    changed = client.patch(
        url, {"title": "Changed"}, content_type="application/json", HTTP_IF_MATCH=etag
    )
    assert changed.status_code == 403
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    changed = client.patch(
        url, {"title": "Changed"}, content_type="application/json", HTTP_IF_MATCH=etag
    )
    assert changed.status_code == 404
    created = client.post("/api/v1/commissions/", payload, content_type="application/json")
    assert created.status_code == 400 and "partnership" in created.json()
    client.logout()
    assert client.get(url).status_code in {401, 403}
    cycle.smoking.refresh_from_db()
    assert cycle.smoking.title == "Stop smoking service"
    assert not Commission.objects.filter(title="Weight management").exists()


def test_a_change_needs_the_etag_and_a_stale_one_is_refused(client, cycle, partnership):
    client.force_login(cycle.user)
    url = f"/api/v1/commissions/{cycle.smoking.pk}/"
    read = client.get(url)
    etag = read["ETag"]
    missing = client.patch(url, {"title": "Quit for good"}, content_type="application/json")
    assert missing.status_code == 428
    changed = client.patch(
        url,
        {"title": "Quit for good", "outcomes": [cycle.outcome.pk, cycle.safer.pk]},
        content_type="application/json",
        HTTP_IF_MATCH=etag,
    )
    assert changed.status_code == 200, changed.json()
    assert changed.json()["title"] == "Quit for good"
    assert sorted(changed.json()["outcomes"]) == sorted([cycle.outcome.pk, cycle.safer.pk])
    assert changed["ETag"] != etag
    # The same ETag again: someone (this user) saved since.
    stale = client.patch(
        url, {"status": "paused"}, content_type="application/json", HTTP_IF_MATCH=etag
    )
    assert stale.status_code == 412
    body = stale.json()
    assert body["etag"] == changed["ETag"]
    assert "title" in [change["field"] for change in body["changed"]]
    cycle.smoking.refresh_from_db()
    assert cycle.smoking.status == "proposed" and cycle.smoking.title == "Quit for good"
    again = client.patch(
        url, {"status": "paused"}, content_type="application/json", HTTP_IF_MATCH=body["etag"]
    )
    assert again.status_code == 200 and again.json()["status"] == "paused"


def test_a_bad_change_is_400_by_field_and_keeps_the_commission(client, cycle):
    client.force_login(cycle.user)
    url = f"/api/v1/commissions/{cycle.safety.pk}/"
    etag = client.get(url)["ETag"]
    for changes, field in (
        ({"title": ""}, "title"),
        ({"gaps": [cycle.gap.pk, 999999]}, "gaps"),
        ({"predecessor": cycle.safety.pk}, "predecessor"),
        ({"actual_cost": "1e20"}, "actual_cost"),
    ):
        response = client.patch(url, changes, content_type="application/json", HTTP_IF_MATCH=etag)
        assert response.status_code == 400, (changes, response.status_code)
        assert field in response.json(), response.json()
    assert client.get(url)["ETag"] == etag


# --- Stage moves ----------------------------------------------------------------------------


def test_a_move_needs_a_reason_and_is_kept(client, cycle, viewer):
    client.force_login(cycle.user)
    url = f"/api/v1/commissions/{cycle.smoking.pk}/moves/"
    for payload, field in (
        ({"to_stage": "plan"}, "why"),
        ({"to_stage": "plan", "why": "  "}, "why"),
        ({"to_stage": "sideways", "why": "Because"}, "to_stage"),
        ({"to_stage": "analyse", "why": "Stay"}, "to_stage"),
    ):
        response = client.post(url, payload, content_type="application/json")
        assert response.status_code == 400 and field in response.json(), response.json()
    assert cycle.smoking.moves.count() == 1
    moved = client.post(
        url, {"to_stage": "plan", "why": "Needs agreed"}, content_type="application/json"
    )
    assert moved.status_code == 201
    assert moved.json()["from_stage"] == "analyse" and moved.json()["why"] == "Needs agreed"
    cycle.smoking.refresh_from_db()
    assert cycle.smoking.stage == "plan"
    assert moved["ETag"] == f'"{current_version(cycle.smoking)}"'
    client.force_login(viewer)
    refused = client.post(url, {"to_stage": "do", "why": "Go"}, content_type="application/json")
    assert refused.status_code == 403
    assert StageMove.objects.filter(commission=cycle.smoking).count() == 2


def test_a_move_with_a_stale_etag_is_refused(client, cycle):
    client.force_login(cycle.user)
    etag = client.get(f"/api/v1/commissions/{cycle.smoking.pk}/")["ETag"]
    services.edit_commission(commission=cycle.smoking, user=cycle.user, status="active")
    url = f"/api/v1/commissions/{cycle.smoking.pk}/moves/"
    stale = client.post(
        url, {"to_stage": "plan", "why": "Go"}, content_type="application/json", HTTP_IF_MATCH=etag
    )
    assert stale.status_code == 412
    assert cycle.smoking.moves.count() == 1
    fresh = client.post(
        url,
        {"to_stage": "plan", "why": "Go"},
        content_type="application/json",
        HTTP_IF_MATCH=stale.json()["etag"],
    )
    assert fresh.status_code == 201


def test_moves_of_another_partnership_are_404(client, cycle):
    client.force_login(cycle.user)
    # The manager manages only the home partnership: the away commission does not exist.
    response = client.post(
        f"/api/v1/commissions/{cycle.other.pk}/moves/",
        {"to_stage": "plan", "why": "Go"},
        content_type="application/json",
    )
    assert response.status_code == 404
    assert cycle.other.moves.count() == 1


# --- Evaluations and lessons ----------------------------------------------------------------


def test_evaluations_and_lessons_are_read_and_a_lesson_recorded(client, cycle, viewer):
    evaluation = services.record_evaluation(
        commission=cycle.safety,
        user=cycle.user,
        result="partly_met",
        findings="Fewer incidents at night",
        evaluated_on=dt.date(2026, 6, 1),
    )
    client.force_login(viewer)
    base = f"/api/v1/commissions/{cycle.safety.pk}"
    evaluations = client.get(f"{base}/evaluations/").json()
    assert [(e["id"], e["result"]) for e in evaluations] == [(evaluation.pk, "partly_met")]
    assert client.get(f"{base}/lessons/").json() == []
    refused = client.post(
        f"{base}/lessons/",
        {"text": "Light the streets", "target": "framework"},
        content_type="application/json",
    )
    assert refused.status_code == 403
    client.force_login(cycle.user)
    recorded = client.post(
        f"{base}/lessons/",
        {"text": "Ask residents first", "target": "commission", "evaluation": evaluation.pk},
        content_type="application/json",
    )
    assert recorded.status_code == 201, recorded.json()
    lesson = Lesson.objects.get(text="Ask residents first")
    assert lesson.target_commission == cycle.safety and lesson.evaluation == evaluation
    listed = client.get(f"{base}/lessons/").json()
    assert [(row["id"], row["is_open"]) for row in listed] == [(lesson.pk, True)]


def test_a_bad_lesson_is_400_by_field(client, cycle):
    client.force_login(cycle.user)
    url = f"/api/v1/commissions/{cycle.safety.pk}/lessons/"
    other_evaluation = services.record_evaluation(
        commission=cycle.other,
        user=cycle.user,
        result="met",
        findings="Fine",
        evaluated_on=dt.date(2026, 6, 1),
    )
    for payload, field in (
        ({"text": "", "target": "framework"}, "text"),
        ({"text": "Think", "target": "everyone"}, "target"),
        ({"text": "Think", "target": "criterion"}, "criterion"),
        ({"text": "Think", "target": "framework", "evaluation": other_evaluation.pk}, "evaluation"),
        ({"text": "Think", "target": "commission", "commission": cycle.other.pk}, "commission"),
    ):
        response = client.post(url, payload, content_type="application/json")
        assert response.status_code == 400 and field in response.json(), response.json()
    assert not Lesson.objects.exists()
    assert client.get(f"/api/v1/commissions/{cycle.other.pk}/lessons/").status_code == 404
    assert client.get(f"/api/v1/commissions/{cycle.other.pk}/evaluations/").status_code == 404


# --- Scores ---------------------------------------------------------------------------------


def _score(cycle, member=0, **changes):
    return {
        "commission": cycle.safety.pk,
        "criterion": cycle.need.pk,
        "member": cycle.panel[member].pk,
        "value": "4",
        "note": "Strong evidence",
        **changes,
    }


def test_scores_are_recorded_all_or_nothing(client, cycle):
    client.force_login(cycle.user)
    url = f"/api/v1/scoring-rounds/{cycle.round.pk}/scores/"
    before = sorted(Score.objects.values_list("pk", "value"))
    bad = [
        _score(cycle, 0),
        _score(cycle, 1, value="9"),
        _score(cycle, 2, commission=cycle.other.pk),
        _score(cycle, 0),
    ]
    refused = client.post(url, bad, content_type="application/json")
    assert refused.status_code == 400
    errors = refused.json()
    assert errors[0] == {} and "value" in errors[1] and "commission" in errors[2]
    assert "member" in errors[3]  # the same member, commission and criterion twice
    assert sorted(Score.objects.values_list("pk", "value")) == before
    good = [_score(cycle, 0, value="5"), _score(cycle, 1, criterion=cycle.evidence.pk)]
    recorded = client.post(url, good, content_type="application/json")
    assert recorded.status_code == 201, recorded.json()
    assert [row["value"] for row in recorded.json()] == [5, 4]
    listed = client.get(url).json()
    assert len(listed) == 12  # two replaced, none added
    assert {row["note"] for row in listed} >= {"Strong evidence"}


def test_scores_need_a_list_of_good_rows(client, cycle):
    client.force_login(cycle.user)
    url = f"/api/v1/scoring-rounds/{cycle.round.pk}/scores/"
    for payload in ({"value": 3}, [], [{"commission": "x"}]):
        response = client.post(url, payload, content_type="application/json")
        assert response.status_code == 400, payload


def test_an_approved_round_cannot_be_scored(client, cycle):
    services.approve_round(scoring_round=cycle.round, user=cycle.user, meeting=cycle.meeting)
    before = sorted(Score.objects.values_list("pk", "value"))
    client.force_login(cycle.user)
    response = client.post(
        f"/api/v1/scoring-rounds/{cycle.round.pk}/scores/",
        [_score(cycle, value="1")],
        content_type="application/json",
    )
    assert response.status_code == 409
    assert "approved" in response.json()["detail"]
    assert sorted(Score.objects.values_list("pk", "value")) == before


def test_who_may_score(client, cycle, viewer, outsider):
    url = f"/api/v1/scoring-rounds/{cycle.round.pk}/scores/"
    before = sorted(Score.objects.values_list("pk", "value"))
    client.force_login(viewer)
    assert client.get(url).status_code == 200
    assert client.post(url, [_score(cycle)], content_type="application/json").status_code == 403
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    assert client.post(url, [_score(cycle)], content_type="application/json").status_code == 404
    assert sorted(Score.objects.values_list("pk", "value")) == before


# --- Queries: the same at two sizes ---------------------------------------------------------


def _grow(cycle, partnership, count):
    for number in range(count):
        commission = services.create_commission(
            partnership=partnership.home,
            user=cycle.user,
            title=f"More {number}",
            outcomes=[cycle.outcome],
            gaps=[cycle.gap],
        )
        services.move_stage(commission=commission, user=cycle.user, to_stage="plan", why="Go")
        evaluation = services.record_evaluation(
            commission=cycle.safety,
            user=cycle.user,
            result="met",
            findings=f"Finding {number}",
            evaluated_on=dt.date(2026, 6, 1),
        )
        services.record_lesson(
            partnership=partnership.home,
            user=cycle.user,
            text=f"Lesson {number}",
            target="commission",
            commission=cycle.safety,
            evaluation=evaluation,
        )
        services.create_round(
            partnership=partnership.home,
            user=cycle.user,
            criteria_set=cycle.criteria,
            name=f"Round {number + 2}",
            held_on=dt.date(2026, 3, 1),
            panel=cycle.panel,
            commissions=[commission],
        )
        services.record_score(
            scoring_round=cycle.round,
            user=cycle.user,
            commission=commission,
            criterion=cycle.need,
            member=cycle.panel[0],
            value=3,
        )


LISTS = [
    "/api/v1/commissions/",
    "/api/v1/scoring-rounds/",
    "/api/v1/commissions/{safety}/evaluations/",
    "/api/v1/commissions/{safety}/lessons/",
    "/api/v1/scoring-rounds/{round}/scores/",
]


@pytest.mark.parametrize("path", LISTS)
def test_lists_cost_the_same_queries_at_two_sizes(
    client, cycle, partnership, path, django_assert_max_num_queries
):
    client.force_login(cycle.user)
    url = path.format(safety=cycle.safety.pk, round=cycle.round.pk)
    _grow(cycle, partnership, 2)
    with django_assert_max_num_queries(20) as few:
        small = client.get(url)
    assert small.status_code == 200
    _grow(cycle, partnership, 12)
    with django_assert_max_num_queries(len(few.captured_queries)):
        large = client.get(url)
    assert len(rows_of(large.json())) > len(rows_of(small.json()))


def test_a_manager_records_an_evaluation_and_bad_ones_are_named(client, cycle, viewer):
    url = f"/api/v1/commissions/{cycle.safety.pk}/evaluations/"
    good = {"evaluated_on": "2026-06-01", "result": "met", "findings": "Fewer incidents"}
    client.force_login(viewer)
    assert client.post(url, good, content_type="application/json").status_code == 403
    client.force_login(cycle.user)
    for changes, field in (
        ({"findings": ""}, "findings"),
        ({"result": "sort_of"}, "result"),
        ({"evaluated_on": "last week"}, "evaluated_on"),
    ):
        response = client.post(url, {**good, **changes}, content_type="application/json")
        assert response.status_code == 400 and field in response.json(), response.json()
    assert not cycle.safety.evaluations.exists()
    recorded = client.post(url, {**good, "is_final": True}, content_type="application/json")
    assert recorded.status_code == 201, recorded.json()
    assert recorded.json()["is_final"] and recorded.json()["result"] == "met"
    assert [e.findings for e in cycle.safety.evaluations.all()] == ["Fewer incidents"]


def test_what_was_done_about_a_lesson_closes_it(client, cycle, viewer):
    lesson = services.record_lesson(
        partnership=cycle.safety.partnership,
        user=cycle.user,
        text="Ask residents first",
        target="commission",
        commission=cycle.safety,
    )
    url = f"/api/v1/commissions/{cycle.safety.pk}/lessons/{lesson.pk}/acted-on/"
    done = {"action_taken": "Residents' panel set up", "acted_on": "2026-07-01"}
    client.force_login(viewer)
    assert client.post(url, done, content_type="application/json").status_code == 403
    client.force_login(cycle.user)
    blank = client.post(url, {"action_taken": " "}, content_type="application/json")
    assert blank.status_code == 400 and "action_taken" in blank.json()
    elsewhere = f"/api/v1/commissions/{cycle.smoking.pk}/lessons/{lesson.pk}/acted-on/"
    assert client.post(elsewhere, done, content_type="application/json").status_code == 404
    closed = client.post(url, done, content_type="application/json")
    assert closed.status_code == 200, closed.json()
    assert closed.json()["is_open"] is False and closed.json()["acted_on"] == "2026-07-01"
    again = client.post(url, done, content_type="application/json")
    assert again.status_code == 404  # no longer open
