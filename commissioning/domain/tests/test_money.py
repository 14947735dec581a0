"""Tests for reading money as people write it in spend tables and plans."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from commissioning.domain.money import MoneyError, column_multiplier, read_money

D = Decimal

AMOUNTS = [
    # plain pounds
    ("1234", D(1234)),
    ("1,234", D(1234)),
    ("1,234,567.89", D("1234567.89")),
    ("£1,234", D(1234)),
    ("£ 1,234.50", D("1234.50")),
    ("GBP 250", D(250)),
    ("250 pounds", D(250)),
    ("£1 pound", D(1)),
    (".5", D("0.5")),
    ("0", D(0)),
    ("  £\u00a012,000  ", D(12000)),
    # thousands, millions, billions
    ("£1,234k", D(1_234_000)),
    ("12K", D(12_000)),
    ("£3.5 thousand", D(3_500)),
    ("699m", D(699_000_000)),
    ("£699M", D(699_000_000)),
    ("£2.5mn", D(2_500_000)),
    ("1.2 million", D(1_200_000)),
    ("£1.2 millions", D(1_200_000)),
    ("£7.3bn", D(7_300_000_000)),
    ("£7.3 billion", D(7_300_000_000)),
    ("2b", D(2_000_000_000)),
    ("£5m.", D(5_000_000)),
    ("1.234567k", D("1234.567")),
    # pence
    ("50p", D("0.50")),
    # negative
    ("(2,345)", D(-2345)),
    ("(£2.5m)", D(-2_500_000)),
    ("-2,345", D(-2345)),
    ("−£5m", D(-5_000_000)),
    ("-£5m", D(-5_000_000)),
    ("£-5m", D(-5_000_000)),
    ("+£5m", D(5_000_000)),
    ("-0", D(0)),
    # nothing, or nil
    ("nil", D(0)),
    ("Nil", D(0)),
]

NOTHING = ["", "   ", "-", "–", "—", "n/a", "N/A", "na", "TBC", "tba", "Unknown", None]

UNREADABLE = [
    ("£", "is not an amount of money"),
    ("five pounds", "is not an amount of money"),
    ("1,23", "is not an amount of money"),
    ("12,3456", "is not an amount of money"),
    ("1.2.3", "is not an amount of money"),
    ("£5m (est.)", "is not an amount of money"),
    ("5 m m", "is not an amount of money"),
    ("1e6", "is not an amount of money"),
    ("$5m", "is not in pounds"),
    ("€1,234", "is not in pounds"),
    ("5 USD", "is not in pounds"),
    ("(-5)", "has more than one sign"),
    ("--5", "has more than one sign"),
    ("-£-5", "has more than one sign"),
    ("£50p", "mixes pounds and pence"),
    ("1" * 21, "too many digits"),
]


@pytest.mark.parametrize(("text", "expected"), AMOUNTS)
def test_amounts_are_read_as_written(text, expected):
    amount = read_money(text)
    assert amount == expected
    assert isinstance(amount, Decimal)


@pytest.mark.parametrize("text", NOTHING)
def test_blank_dash_and_not_applicable_are_no_amount(text):
    assert read_money(text) is None


@pytest.mark.parametrize(("text", "message"), UNREADABLE)
def test_unreadable_text_says_what_it_saw(text, message):
    with pytest.raises(MoneyError, match=message) as raised:
        read_money(text)
    assert repr(text) in str(raised.value)


def test_whole_pounds_have_no_fraction_and_fractions_are_kept():
    assert str(read_money("£7.3bn")) == "7300000000"
    assert str(read_money("1,234.50")) == "1234.50"
    assert str(read_money("-0")) == "0"


def test_twenty_digit_amounts_are_exact():
    assert read_money("99,999,999,999,999,999,999") == D("99999999999999999999")
    assert read_money("12345678901234567890bn") == D("12345678901234567890") * 10**9


HEADERS = [
    ("Spend 2010/11 (£000s)", D(1_000)),
    ("£000s", D(1_000)),
    ("£000", D(1_000)),
    ("£'000", D(1_000)),
    ("£ '000s", D(1_000)),
    ("Budget (000s)", D(1_000)),
    ("£k", D(1_000)),
    ("£ thousands", D(1_000)),
    ("£m", D(1_000_000)),
    ("Outturn £M", D(1_000_000)),
    ("£mn", D(1_000_000)),
    ("£ million", D(1_000_000)),
    ("£ millions", D(1_000_000)),
    ("£000,000", D(1_000_000)),
    ("£bn", D(1_000_000_000)),
    ("£ billion", D(1_000_000_000)),
    ("Amount (£)", D(1)),
    ("Spend", D(1)),
    ("Distance (m)", D(1)),
    ("", D(1)),
    (None, D(1)),
]


@pytest.mark.parametrize(("header", "expected"), HEADERS)
def test_column_multipliers_are_read_from_headers(header, expected):
    assert column_multiplier(header) == expected


def test_a_header_with_two_multipliers_is_refused():
    with pytest.raises(MoneyError, match="more than one multiplier"):
        column_multiplier("£m (was £000s)")


def test_the_column_multiplier_applies_to_plain_cells():
    thousands = column_multiplier("Spend (£000s)")
    assert read_money("1,234", multiplier=thousands) == D(1_234_000)
    assert read_money("(2,345)", multiplier=thousands) == D(-2_345_000)
    assert read_money("-", multiplier=thousands) is None


def test_a_scale_written_in_the_cell_wins_over_the_column():
    assert read_money("£2.5m", multiplier=column_multiplier("£000s")) == D(2_500_000)
    assert read_money("50p", multiplier=column_multiplier("£m")) == D("0.50")


pence = st.integers(min_value=-(10**15), max_value=10**15)


@given(pence)
def test_pounds_and_pence_written_with_commas_read_back(amount_in_pence):
    amount = Decimal(amount_in_pence) / 100
    written = f"£{abs(amount):,.2f}"
    if amount < 0:
        written = f"({written})"
    assert read_money(written) == amount


@given(
    st.integers(min_value=0, max_value=10**12),
    st.sampled_from([("k", 10**3), ("m", 10**6), (" million", 10**6), ("bn", 10**9)]),
    st.booleans(),
)
def test_scaled_amounts_are_the_number_times_the_scale(number, scale, pound_sign):
    suffix, factor = scale
    written = f"{'£' if pound_sign else ''}{number}{suffix}"
    assert read_money(written) == Decimal(number) * factor


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_a_column_multiplier_scales_plain_numbers(number):
    assert read_money(str(number), multiplier=column_multiplier("£000s")) == number * 1000


@given(st.text(max_size=40))
def test_any_text_is_an_amount_nothing_or_a_money_error(text):
    try:
        amount = read_money(text)
    except MoneyError as error:
        assert repr(text) in str(error)
    else:
        assert amount is None or isinstance(amount, Decimal)


@given(st.text(max_size=40))
def test_any_header_gives_a_multiplier_or_a_money_error(header):
    try:
        multiplier = column_multiplier(header)
    except MoneyError:
        return
    assert multiplier in {1, 1_000, 1_000_000, 1_000_000_000}
