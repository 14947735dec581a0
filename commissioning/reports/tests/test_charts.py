"""The status chart: month-ends to report on, and an accessible stacked bar SVG."""

from datetime import date
from xml.etree import ElementTree

import pytest

from commissioning.reports.charts import (
    STATUS_FILLS,
    axis_step,
    month_ends,
    status_chart_svg,
    status_chart_table,
    status_periods,
)

SVG = "{http://www.w3.org/2000/svg}"


@pytest.mark.parametrize(
    ("as_of", "first", "last"),
    [
        (date(2008, 3, 31), date(2007, 4, 30), date(2008, 3, 31)),
        (date(2008, 3, 15), date(2007, 4, 30), date(2008, 3, 15)),
        (date(2008, 1, 31), date(2007, 2, 28), date(2008, 1, 31)),
        (date(2009, 3, 31), date(2008, 4, 30), date(2009, 3, 31)),
    ],
)
def test_twelve_month_ends_up_to_the_reporting_date(as_of, first, last):
    ends = month_ends(as_of)

    assert len(ends) == 12
    assert ends[0] == first and ends[-1] == last
    assert ends == sorted(ends)


def test_february_month_end_in_a_leap_year():
    assert date(2008, 2, 29) in month_ends(date(2008, 3, 31))


@pytest.mark.parametrize(
    ("largest", "step"), [(0, 1), (5, 1), (6, 2), (23, 5), (120, 25), (20000, 5000)]
)
def test_axis_step_gives_at_most_five_gridlines(largest, step):
    assert axis_step(largest) == step


def chart(counts: list[dict[str, int]]):
    days = month_ends(date(2008, 3, 31), len(counts))
    periods = status_periods(days, counts)
    svg = status_chart_svg(periods, chart_id="status-chart", title="Actions by status")
    return periods, svg, ElementTree.fromstring(svg)


def test_chart_is_an_image_with_a_title_and_description():
    _, _, root = chart([{"complete": 1, "in_progress": 2}, {"complete": 2, "in_progress": 1}])

    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "status-chart-title status-chart-desc"
    assert root.find(f"{SVG}title").text == "Actions by status"
    description = root.find(f"{SVG}desc").text
    assert description.startswith("Items by status at 2 reporting dates")
    assert "Feb 2008: 1 complete, 2 in progress" in description
    assert "Mar 2008: 2 complete, 1 in progress" in description


def test_each_status_is_a_bar_segment_sized_by_its_count():
    _, _, root = chart([{"complete": 2, "in_progress": 4, "not_started": 0}])

    segments = {
        rect.find(f"{SVG}title").text: float(rect.get("height"))
        for rect in root.iter(f"{SVG}rect")
        if rect.find(f"{SVG}title") is not None
    }
    assert set(segments) == {"Mar 2008: 2 complete", "Mar 2008: 4 in progress"}
    assert segments["Mar 2008: 4 in progress"] == pytest.approx(
        2 * segments["Mar 2008: 2 complete"], abs=0.2
    )


def test_legend_names_every_status_in_text():
    _, _, root = chart([{"complete": 1}])

    texts = [text.text for text in root.iter(f"{SVG}text")]
    for label in ("Complete", "In progress", "Not started", "Blocked", "Unknown", "Dropped"):
        assert label in texts
    fills = {rect.get("fill") for rect in root.iter(f"{SVG}rect")}
    assert set(STATUS_FILLS.values()) <= fills


def test_titles_are_escaped():
    periods = status_periods([date(2008, 3, 31)], [{"complete": 1}])

    svg = status_chart_svg(periods, chart_id="c", title="Plans <& more>")

    assert ElementTree.fromstring(svg).find(f"{SVG}title").text == "Plans <& more>"


def test_chart_with_no_actions_still_draws():
    _, _, root = chart([{}, {}])

    assert root.get("role") == "img"


def test_table_gives_the_same_numbers_as_the_chart():
    periods, _, _ = chart([{"complete": 1, "blocked": 3}, {"complete": 4}])

    headings, rows = status_chart_table(periods)

    assert headings[:2] == ["Complete", "In progress"]
    assert [row.label for row in rows] == ["Feb 2008", "Mar 2008"]
    assert rows[0].counts[headings.index("Blocked")] == 3
    assert [row.total for row in rows] == [4, 4]
