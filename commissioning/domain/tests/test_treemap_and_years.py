from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from commissioning.domain import financial_years as fy
from commissioning.domain.timescales import parse_timescale
from commissioning.domain.treemap import squarify


def test_rectangles_fill_the_area_in_proportion():
    rects = squarify([6, 6, 4, 3, 2, 2, 1], 600, 400)
    assert len(rects) == 7
    assert sum(r.area for r in rects) == pytest.approx(600 * 400)
    by_index = {r.index: r for r in rects}
    assert by_index[0].area == pytest.approx(600 * 400 * 6 / 24)
    assert by_index[6].area == pytest.approx(600 * 400 * 1 / 24)


def test_the_classic_example_gives_squarish_rectangles():
    rects = squarify([6, 6, 4, 3, 2, 2, 1], 6, 4)
    worst = max(max(r.width / r.height, r.height / r.width) for r in rects)
    assert worst < 3
    first = next(r for r in rects if r.index == 0)
    assert (first.x, first.y) == (0, 0)
    assert first.width == pytest.approx(3) and first.height == pytest.approx(2)


def test_zero_and_negative_values_get_no_rectangle():
    assert [r.index for r in squarify([0, -5, 10], 10, 10)] == [2]
    assert squarify([], 10, 10) == []
    assert squarify([0, 0], 10, 10) == []


@settings(max_examples=40)
@given(st.lists(st.integers(min_value=1, max_value=10_000), min_size=1, max_size=30))
def test_rectangles_stay_inside_and_do_not_overlap(values):
    rects = squarify(values, 300, 200)
    assert sum(r.area for r in rects) == pytest.approx(300 * 200)
    for r in rects:
        assert r.x >= -1e-6 and r.y >= -1e-6
        assert r.x + r.width <= 300 + 1e-6 and r.y + r.height <= 200 + 1e-6
    for a in rects:
        for b in rects:
            if a.index < b.index:
                overlap_w = min(a.x + a.width, b.x + b.width) - max(a.x, b.x)
                overlap_h = min(a.y + a.height, b.y + b.height) - max(a.y, b.y)
                assert overlap_w <= 1e-6 or overlap_h <= 1e-6


@pytest.mark.parametrize(
    "text", ["2010/11", "2010-11", "2010/2011", "FY 2010/11", " 2010–11 ", "financial year 2010/11"]
)
def test_financial_years_are_read_as_people_write_them(text):
    assert fy.normalise(text) == "2010/11"


@pytest.mark.parametrize("text", ["2010", "2010/12", "April 2010", "", "1999/2001", "nonsense"])
def test_other_text_is_not_a_financial_year(text):
    with pytest.raises(fy.FinancialYearError):
        fy.normalise(text)


def test_century_and_neighbours():
    assert fy.normalise("1999/00") == "1999/00"
    assert fy.previous("2010/11") == "2009/10"
    assert fy.containing(date(2011, 3, 31)) == "2010/11"
    assert fy.containing(date(2011, 4, 1)) == "2011/12"


def test_a_timescale_is_a_financial_year_only_when_it_is_april_to_march():
    assert fy.from_timescale(parse_timescale("2010/11")) == "2010/11"
    with pytest.raises(fy.FinancialYearError):
        fy.from_timescale(parse_timescale("March 2011"))
