"""Pilots in the pages: the evaluation plan, evaluations and lessons, and what was done
about a lesson, all shown on the commission's page."""

import datetime as dt

import pytest
from django.urls import reverse

from commissioning.commissions import services
from commissioning.commissions.models import Evaluation, EvaluationPlan, Lesson

pytestmark = pytest.mark.django_db


def _url(name, partnership, commission, *more):
    return reverse(name, args=[partnership.home.slug, commission.pk, *more])


def _page(client, partnership, commission):
    return client.get(_url("commissions-commission", partnership, commission)).content.decode()


def test_a_manager_writes_a_pilots_evaluation_plan(client, cycle, partnership):
    client.force_login(cycle.user)
    url = _url("commissions-plan", partnership, cycle.safety)
    assert url in _page(client, partnership, cycle.safety)
    response = client.post(
        url,
        {
            "questions": "Do people feel safer?",
            "method": "Survey",
            "baseline": "2025 survey",
            "interim_on": "30 April 2026",
            "final_on": "31/10/2026",
        },
    )
    assert response.status_code == 302
    plan = EvaluationPlan.objects.get(commission=cycle.safety)
    assert plan.interim_on == dt.date(2026, 4, 30) and plan.final_on == dt.date(2026, 10, 31)
    assert plan.history.get().history_user == cycle.user
    page = _page(client, partnership, cycle.safety)
    assert "Do people feel safer?" in page and "30 April 2026" in page
    form = client.get(url).content.decode()
    assert "Do people feel safer?" in form and "30 April 2026" in form  # rewritten, not lost


def test_a_plan_with_a_bad_day_or_for_a_commission_that_is_no_pilot_is_refused(
    client, cycle, partnership
):
    client.force_login(cycle.user)
    url = _url("commissions-plan", partnership, cycle.safety)
    response = client.post(
        url, {"questions": "Q", "interim_on": "sometime in spring", "final_on": ""}
    )
    assert response.status_code == 400
    assert "Interim evaluation due: enter a day" in response.content.decode()
    response = client.post(_url("commissions-plan", partnership, cycle.smoking), {"questions": "Q"})
    assert response.status_code == 400
    assert "Only a pilot has an evaluation plan" in response.content.decode()
    assert not EvaluationPlan.objects.exists()


def test_an_evaluation_and_its_lesson_show_on_the_commission_page(client, cycle, partnership):
    client.force_login(cycle.user)
    response = client.post(
        _url("commissions-evaluate", partnership, cycle.safety),
        {"evaluated_on": "1 May 2026", "result": "partly_met", "findings": "Fewer incidents"},
    )
    assert response.status_code == 302
    evaluation = Evaluation.objects.get(commission=cycle.safety)
    assert evaluation.result == "partly_met" and not evaluation.is_final
    response = client.post(
        _url("commissions-lesson", partnership, cycle.safety),
        {
            "text": "Light the underpasses first",
            "evaluation": evaluation.pk,
            "target": "commission",
            "target_commission": cycle.smoking.pk,
        },
    )
    assert response.status_code == 302
    lesson = Lesson.objects.get()
    assert lesson.target_commission == cycle.smoking and lesson.evaluation == evaluation
    page = _page(client, partnership, cycle.safety)
    assert "Fewer incidents" in page and "Partly met" in page
    assert "Light the underpasses first" in page and "Open" in page
    # The lesson is shown on the commission it is addressed to, too.
    assert "Light the underpasses first" in _page(client, partnership, cycle.smoking)


def test_a_lesson_for_a_criterion_needs_the_criterion(client, cycle, partnership):
    client.force_login(cycle.user)
    url = _url("commissions-lesson", partnership, cycle.safety)
    response = client.post(url, {"text": "Weigh local evidence", "target": "criterion"})
    assert response.status_code == 400
    assert "Choose the criterion the lesson is for" in response.content.decode()
    assert not Lesson.objects.exists()
    response = client.post(
        url,
        {
            "text": "Weigh local evidence",
            "target": "criterion",
            "target_criterion": cycle.evidence.pk,
        },
    )
    assert response.status_code == 302
    assert Lesson.objects.get().target_criterion == cycle.evidence


def test_recording_what_was_done_closes_the_lesson(client, cycle, partnership):
    lesson = services.record_lesson(
        partnership=cycle.safety.partnership,
        user=cycle.user,
        text="Ask residents first",
        target="commission",
        commission=cycle.safety,
    )
    client.force_login(cycle.user)
    url = _url("commissions-lesson-act", partnership, cycle.safety, lesson.pk)
    assert url in _page(client, partnership, cycle.safety)
    response = client.post(url, {"action_taken": "", "acted_on": "yesterday-ish"})
    assert response.status_code == 400
    assert "Say what was done" in response.content.decode()
    response = client.post(
        url, {"action_taken": "Residents' panel set up", "acted_on": "2 June 2026"}
    )
    assert response.status_code == 302
    lesson.refresh_from_db()
    assert lesson.acted_on == dt.date(2026, 6, 2) and not lesson.is_open
    assert "Residents&#x27; panel set up" in _page(client, partnership, cycle.safety)
    assert client.get(url).status_code == 404  # closed: nothing more to act on
    other = _url("commissions-lesson-act", partnership, cycle.smoking, lesson.pk)
    assert client.get(other).status_code == 404  # not one of that commission's lessons


def test_only_managers_record_evaluations_and_lessons(client, cycle, partnership, viewer, outsider):
    for name in ("commissions-plan", "commissions-evaluate", "commissions-lesson"):
        url = _url(name, partnership, cycle.safety)
        client.force_login(viewer)
        assert client.get(url).status_code == 403
        assert client.post(url, {"text": "x", "target": "framework"}).status_code == 403
        client.force_login(outsider)
        assert client.get(url).status_code == 404
    assert not Lesson.objects.exists() and not Evaluation.objects.exists()
    client.force_login(viewer)
    page = _page(client, partnership, cycle.safety)
    assert "Record a lesson" not in page and "No lessons recorded" in page


def test_the_commission_page_costs_the_same_queries_however_many_lessons(
    client, cycle, partnership, django_assert_max_num_queries
):
    client.force_login(cycle.user)
    url = _url("commissions-commission", partnership, cycle.safety)
    with django_assert_max_num_queries(40) as few:
        client.get(url)
    for number in range(8):
        evaluation = services.record_evaluation(
            commission=cycle.safety,
            user=cycle.user,
            result="met",
            findings=f"Findings {number}",
            evaluated_on=dt.date(2026, 1, 1 + number),
        )
        services.record_lesson(
            partnership=cycle.safety.partnership,
            user=cycle.user,
            text=f"Lesson {number}",
            target="criterion",
            criterion=cycle.need,
            evaluation=evaluation,
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url).content.decode()
    assert "Lesson 7" in page and "Findings 7" in page
