"""Outcomes frameworks published as nested lists: Word headings and bullets, markdown and
plain text bullets, read as themes, outcomes and sub-outcomes."""

from __future__ import annotations

import io

import docx
import pytest

from commissioning.reading.readers import read_document
from commissioning.reading.recognisers.outcome_lists import read_outcome_list

TEXT = b"""Outcomes framework 2010

An illustration of how the partnership's outcomes fit together.

- Healthier
  - H1 People live longer
    - H1.1 Fewer people smoke
    - H1.2 More people are active
- Safer
  - S1 People feel safe
    - Fewer burglaries
"""


def _rows(outcomes):
    return [(o.code, o.title, o.level, o.theme, o.parent, o.line) for o in outcomes]


def test_a_text_outline_of_three_levels_reads_themes_outcomes_and_sub_outcomes():
    outcomes = read_outcome_list(read_document(TEXT, "framework.txt"))

    assert _rows(outcomes) == [
        ("H1", "People live longer", "population_result", "Healthier", None, 6),
        ("H1.1", "Fewer people smoke", "intermediate_outcome", "Healthier", "H1", 7),
        ("H1.2", "More people are active", "intermediate_outcome", "Healthier", "H1", 8),
        ("S1", "People feel safe", "population_result", "Safer", None, 10),
        (None, "Fewer burglaries", "intermediate_outcome", "Safer", "S1", 11),
    ]


def test_word_headings_for_themes_and_bullets_for_outcomes_read_alike():
    word = docx.Document()
    word.add_heading("Our outcomes framework", level=1)
    word.add_paragraph("Agreed by the Public Service Board.")
    word.add_heading("Healthier", level=2)
    word.add_paragraph("People live longer", style="List Bullet")
    word.add_paragraph("Fewer people smoke", style="List Bullet 2")
    word.add_heading("Safer", level=2)
    word.add_paragraph("People feel safe", style="List Bullet")
    word.add_paragraph("Fewer burglaries", style="List Bullet 2")
    word.add_paragraph("Fewer repeat victims", style="List Bullet 3")
    out = io.BytesIO()
    word.save(out)

    outcomes = read_outcome_list(read_document(out.getvalue(), "framework.docx"))

    assert [(o.title, o.level, o.theme, o.parent) for o in outcomes] == [
        ("People live longer", "population_result", "Healthier", None),
        ("Fewer people smoke", "intermediate_outcome", "Healthier", "People live longer"),
        ("People feel safe", "population_result", "Safer", None),
        ("Fewer burglaries", "intermediate_outcome", "Safer", "People feel safe"),
        ("Fewer repeat victims", "contributory_factor", "Safer", "Fewer burglaries"),
    ]


def test_two_levels_are_outcomes_and_sub_outcomes_with_no_theme():
    text = b"* Residents live well\n    * Fewer people drink too much\n    * More people walk\n"

    outcomes = read_outcome_list(read_document(text, "framework.md"))

    assert [(o.title, o.theme, o.parent) for o in outcomes] == [
        ("Residents live well", None, None),
        ("Fewer people drink too much", None, "Residents live well"),
        ("More people walk", None, "Residents live well"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        b"- One\n- Two\n- Three\n",  # a flat list: no framework
        b"Just a paragraph of text.\n",
        b"- One\n  - Two\n",  # too short to be a framework
    ],
)
def test_what_is_not_an_outline_of_outcomes_reads_as_none(text):
    assert read_outcome_list(read_document(text, "notes.txt")) == []
