"""The access rules compose each model's ``within(parents)`` with the user's programmes and
partnerships: every kind of row a rule returns is the user's own partnership's, and each of
them is returned (a rule that lost a relation would show nothing, or another's rows)."""

import pytest

from commissioning.access import rules as access
from commissioning.partnership.tests.governance_factories import (
    AgreementFactory,
    BodyFactory,
    MeetingFactory,
    PostFactory,
)
from commissioning.programmes.models import ImportRun
from commissioning.programmes.tests.factories import DeliverableFactory, ProgressUpdateFactory


@pytest.fixture
def rows(partnership):
    """One row of every kind in each of the two partnerships."""

    def made(partnership_, programme, stage, action, organisation):
        body = BodyFactory(partnership=partnership_, organisation=organisation)
        deliverable = DeliverableFactory(stage=stage)
        return {
            "stages": stage,
            "actions": action,
            "deliverables": deliverable,
            "progress_updates": [
                ProgressUpdateFactory(action=action, deliverable=None),
                ProgressUpdateFactory(action=None, deliverable=deliverable),
            ],
            "import_runs": ImportRun.objects.create(
                programme=programme, file_name="plan.docx", sha256="0" * 64
            ),
            "bodies": body,
            "posts": PostFactory(body=body),
            "meetings": MeetingFactory(body=body),
            "agreements": AgreementFactory(partnership=partnership_, host=organisation),
        }

    home = made(
        partnership.home,
        partnership.programme,
        partnership.stage,
        partnership.nhs_action,
        partnership.council,
    )
    away = made(
        partnership.away,
        partnership.other_programme,
        partnership.other_stage,
        partnership.other_action,
        partnership.outside,
    )
    return home, away


def _pks(found) -> set[int]:
    found = found if isinstance(found, list) else [found]
    return {row.pk for row in found}


@pytest.mark.parametrize(
    "kind",
    [
        "stages",
        "actions",
        "deliverables",
        "progress_updates",
        "import_runs",
        "bodies",
        "posts",
        "meetings",
        "agreements",
    ],
)
def test_each_rule_returns_its_own_partnerships_rows_and_none_of_anothers(
    rows, kind, viewer, outsider
):
    home, away = rows
    rule = getattr(access, f"visible_{kind}")

    seen_by_viewer = set(rule(viewer).values_list("pk", flat=True))
    seen_by_outsider = set(rule(outsider).values_list("pk", flat=True))

    assert _pks(home[kind]) <= seen_by_viewer
    assert not _pks(away[kind]) & seen_by_viewer
    assert _pks(away[kind]) <= seen_by_outsider
    assert not _pks(home[kind]) & seen_by_outsider
