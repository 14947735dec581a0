"""The timeline: month windows as bars in date order, single days as points, the rest apart."""

import io
import xml.etree.ElementTree as ET

from PIL import Image

from commissioning.reports.tests.test_renderers import item, sample_report
from commissioning.reports.timeline import MAX_ACTIONS, timeline_png, timeline_svg, undated_items

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def marks(root: ET.Element, css_class: str) -> list[ET.Element]:
    return [element for element in root.iter() if element.get("class") == css_class]


def bar_for(root: ET.Element, item_id: int) -> ET.Element:
    (bar,) = [bar for bar in marks(root, "timeline-bar") if bar.get("data-id") == str(item_id)]
    return bar


def test_the_svg_is_an_image_with_a_title_and_a_description():
    root = parse(timeline_svg(sample_report()))

    assert root.get("role") == "img"
    title = root.find(f"{SVG}title")
    desc = root.find(f"{SVG}desc")
    assert "Intelligent Commissioning Programme" in title.text
    assert "as of 31 March 2008" in desc.text
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"


def test_month_timescales_are_bars_in_date_order():
    root = parse(timeline_svg(sample_report()))

    february = bar_for(root, 22)  # February 2008
    april = bar_for(root, 21)  # April 2008
    may = bar_for(root, 23)  # May 2008
    xs = [float(bar.get("x")) for bar in (february, april, may)]
    assert xs == sorted(xs) and len(set(xs)) == 3
    # A month is drawn a month long: April and May bars are about as wide as each other.
    assert abs(float(april.get("width")) - float(may.get("width"))) < 1.5


def test_a_single_day_is_a_point_and_a_day_stage_a_diamond():
    root = parse(timeline_svg(sample_report()))

    points = {point.get("data-id"): point for point in marks(root, "timeline-point")}
    assert points["24"].tag == f"{SVG}circle"  # the action due 14 April 2008
    assert points["1"].tag == f"{SVG}polygon"  # stage T1 due 01 June 2010
    assert "24" not in {bar.get("data-id") for bar in marks(root, "timeline-bar")}


def test_bars_are_coloured_by_rag_and_the_word_is_written_too():
    svg = timeline_svg(sample_report())
    root = parse(svg)

    assert bar_for(root, 22).get("fill") == "#d4351c"
    assert bar_for(root, 22).get("data-rag") == "Red"
    legend = " ".join(text.text or "" for text in root.iter(f"{SVG}text"))
    for word in ("Red", "Amber", "Green", "Blue"):
        assert word in legend


def test_open_unreadable_and_missing_timescales_are_listed_apart():
    report = sample_report(
        actions=[
            item("action", 1, "Keep partners informed", "Ongoing", "in_progress", "Green"),
            item("action", 2, "Review the plan", "when the board decides", "not_started", "Amber"),
            item("action", 3, "Write the strategy", None, "not_started", "Amber"),
            item("action", 4, "Hold the workshop", "May 2008", "not_started", "Green"),
        ]
    )

    assert [entry.id for entry in undated_items(report)] == [1, 2, 3]
    root = parse(timeline_svg(report))
    notes = [note.text for note in marks(root, "timeline-note")]
    assert "Keep partners informed: Ongoing (no fixed dates)" in notes
    assert "Review the plan: when the board decides (could not be read)" in notes
    assert "Write the strategy: no timescale" in notes
    drawn = {
        mark.get("data-id")
        for mark in marks(root, "timeline-bar")
        if mark.get("data-kind") == "action"
    }
    assert "4" in drawn and not drawn & {"1", "2", "3"}


def test_the_undated_list_can_be_left_to_the_page():
    root = parse(timeline_svg(sample_report(), list_undated=False))

    assert not any("Keep partners" in (note.text or "") for note in marks(root, "timeline-note"))


def test_a_large_plan_draws_a_sample_and_says_how_many_more():
    actions = [
        item("action", number, f"Action {number}", "June 2008", "not_started", "Green")
        for number in range(1, 20_001)
    ]

    root = parse(timeline_svg(sample_report(actions=actions)))

    assert len(marks(root, "timeline-bar")) == MAX_ACTIONS + 1  # and stage T2's month
    notes = [note.text for note in marks(root, "timeline-note")]
    assert f"and {20_000 - MAX_ACTIONS:,} more actions" in notes


def test_the_axis_is_capped_at_ten_years():
    actions = [
        item("action", 1, "Start", "January 1990", "complete", "Blue"),
        item("action", 2, "Finish", "December 2030", "not_started", "Green"),
    ]

    root = parse(timeline_svg(sample_report(actions=actions)))

    ticks = marks(root, "timeline-tick")
    assert 5 <= len(ticks) <= 12  # yearly ticks over at most ten years
    notes = " ".join(note.text for note in marks(root, "timeline-note"))
    assert "outside the dates shown" in notes


def test_the_reporting_date_is_marked():
    root = parse(timeline_svg(sample_report()))

    (line,) = marks(root, "timeline-as-of")
    april = float(bar_for(root, 21).get("x"))
    assert float(line.get("x1")) < april  # 31 March is just before April begins


def test_the_png_opens_with_a_sane_size():
    png = timeline_png(sample_report())

    with Image.open(io.BytesIO(png)) as image:
        assert image.format == "PNG"
        width, height = image.size
    assert 1000 <= width <= 4000
    assert 200 <= height <= 4000


def test_an_empty_programme_still_draws():
    report = sample_report(actions=[])
    report.stages = []

    root = parse(timeline_svg(report))

    assert marks(root, "timeline-bar") == []
    assert "as of 31 March 2008" in root.find(f"{SVG}desc").text
    assert marks(root, "timeline-as-of")  # the axis is set around the reporting date
    assert timeline_png(report)
