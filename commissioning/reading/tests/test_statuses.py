"""Suggesting a status from Progress text."""

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from commissioning.domain.plan import Status
from commissioning.reading.statuses import suggest_status

SEED_PROGRESS = [
    "Completed",
    "Discussions under way",
    "Workshop being organised",
    "Commissioning Plan for 2008-9 agreed",
    "Draft Section 31 to Board March",
    "In progress - to be included in Section 31 agreement",
    "In progress - to be included in Section 31 agreement",
    "",
    "",
]


SEED_STATUSES = [
    Status.COMPLETE,
    Status.IN_PROGRESS,
    Status.IN_PROGRESS,
    Status.COMPLETE,
    Status.IN_PROGRESS,
    Status.IN_PROGRESS,
    Status.IN_PROGRESS,
    Status.NOT_STARTED,
    Status.NOT_STARTED,
]


def test_the_seed_progress_column() -> None:
    assert [suggest_status(text) for text in SEED_PROGRESS] == SEED_STATUSES


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(None, Status.NOT_STARTED, id="none"),
        pytest.param("   ", Status.NOT_STARTED, id="blank"),
        pytest.param("-", Status.NOT_STARTED, id="dash"),
        pytest.param("N/A", Status.NOT_STARTED, id="not-applicable"),
        *(
            pytest.param(text, Status.COMPLETE, id=f"complete-{text}")
            for text in [
                "Completed", "Complete", "Done", "Achieved", "Agreed", "Signed off",
                "Approved", "Published", "Delivered", "In place", "Established",
                "Workshop held", "Implemented", "Commissioning Plan for 2008-9 agreed",
                "Completed by March 2008",
                "Accessible Meetings document circulated to all employees and published on "
                "Intranet by March 2007",
            ]
        ),
        pytest.param("Complete by May 2002", Status.NOT_STARTED, id="deadline-complete-by"),
        pytest.param(
            "To be completed by March 2008", Status.NOT_STARTED, id="deadline-to-be-completed"
        ),
        pytest.param("due for completion", Status.NOT_STARTED, id="deadline-due"),
        pytest.param("Will be agreed at next Board", Status.NOT_STARTED, id="future-agreed"),
        pytest.param("To start April 2008", Status.NOT_STARTED, id="to-start"),
        pytest.param(
            "Due for completion, work under way", Status.IN_PROGRESS, id="deadline-under-way"
        ),
        pytest.param(
            "Update needed from People Operations Manager", Status.UNKNOWN, id="update-needed"
        ),
        pytest.param("No update", Status.UNKNOWN, id="no-update"),
        *(
            pytest.param(text, Status.IN_PROGRESS, id=f"in-progress-{text}")
            for text in [
                "Discussions under way", "underway", "Workshop being organised",
                "Draft Section 31 to Board March",
                "In progress - to be included in Section 31 agreement",
                "ongoing", "progressing", "started", "being developed", "drafted", "on track",
                "partially complete", "delayed", "awaiting approval", "not yet agreed",
            ]
        ),
        *(
            pytest.param(text, Status.BLOCKED, id=f"blocked-{text}")
            for text in ["On hold", "blocked", "stalled", "suspended until funding agreed"]
        ),
        *(
            pytest.param(text, Status.DROPPED, id=f"dropped-{text}")
            for text in ["Cancelled", "dropped", "no longer required", "withdrawn", "superseded"]
        ),
        pytest.param("Not started", Status.NOT_STARTED, id="not-started"),
        pytest.param("not yet started", Status.NOT_STARTED, id="not-yet-started"),
        pytest.param(
            "Reasonable adjustments at interview already requested and implemented. "
            "Accessible Meetings document circulated to all employees and published on "
            "Intranet by March 2007 Facilities list to be produced by March 2008",
            Status.IN_PROGRESS,
            id="mixed-done-and-to-come",
        ),
        pytest.param("Workshop held up by snow", Status.UNKNOWN, id="held-up-is-not-held"),
        pytest.param("Green", Status.UNKNOWN, id="nothing-recognisable"),
        pytest.param("TBC", Status.UNKNOWN, id="tbc"),
    ],
)  # fmt: skip
def test_suggest_status(text: str | None, expected: Status) -> None:
    assert suggest_status(text) == expected


def test_the_seed_file_progress_cells_in_order(seeds_dir: Path) -> None:
    text = (seeds_dir / "commissioning-action-plan.txt").read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line.strip()][1:]
    assert [suggest_status(row[3]) for row in rows] == SEED_STATUSES


@given(st.one_of(st.none(), st.text()))
def test_any_text_gives_a_status(text: str | None) -> None:
    assert suggest_status(text) in Status
