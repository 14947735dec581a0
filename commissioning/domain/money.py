"""Read money as people write it ("£7.3bn", "699m", "(2,345)") into Decimal pounds.

Pure functions, no database. Amounts are exact ``Decimal`` pounds: nothing is rounded,
nothing is read through a float.

How a cell is read:

====================================  =====================================================
The text…                             Read as
====================================  =====================================================
blank, "-", "–", "—", "n/a", "na",    nothing (``None``): no amount was given
"tbc", "tba", "unknown"
"nil"                                 zero
"1234", "1,234", "1,234.56"           pounds; commas must group thousands ("1,23" is an
                                      error, not a guess)
"£" or "GBP" in front, or "pounds"    pounds (any other currency sign is an error)
after
"k", "thousand"                       thousands: "£1,234k" is 1,234,000
"m", "mn", "million"                  millions: "699m", "1.2 million"
"bn", "b", "billion"                  thousands of millions: "£7.3bn"
"p" after a number without "£"        pence: "50p" is 0.50
"(2,345)", "-2,345", "−£5m", "£-5m"   negative
====================================  =====================================================

A column may say its multiplier in the header ("Spend (£000s)", "£m", "£'000"):
``column_multiplier(header)`` reads it and ``read_money(cell, multiplier=...)`` applies
it. A scale written in the cell itself ("£2.5m" in a "£000s" column) is what the person
wrote for that amount, so it wins over the column's.

Anything else raises ``MoneyError`` saying what could not be read; callers keep the text
and say where it was.
"""

from __future__ import annotations

import re
from decimal import Decimal, localcontext

ONE = Decimal(1)
MAX_DIGITS = 20  # more digits than this is not an amount anyone writes in a plan

NOTHING = frozenset({"", "-", "–", "—", "n/a", "na", "tbc", "tba", "unknown"})
ZERO_WORDS = frozenset({"nil"})

# Scale words after a number, and the multiplier each stands for.
_SCALES: dict[str, Decimal] = {
    "k": Decimal(1_000),
    "thousand": Decimal(1_000),
    "thousands": Decimal(1_000),
    "m": Decimal(1_000_000),
    "mn": Decimal(1_000_000),
    "million": Decimal(1_000_000),
    "millions": Decimal(1_000_000),
    "b": Decimal(1_000_000_000),
    "bn": Decimal(1_000_000_000),
    "billion": Decimal(1_000_000_000),
    "billions": Decimal(1_000_000_000),
}
PENCE = Decimal("0.01")

_MINUS = "-−–"  # hyphen, minus sign, en dash
_NUMBER = r"(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
_AMOUNT = re.compile(
    rf"""
    (?P<sign1>[{_MINUS}+])?\s*
    (?P<currency>£|gbp)?\s*
    (?P<sign2>[{_MINUS}+])?\s*
    {_NUMBER}\s*
    (?P<scale>{"|".join(sorted(_SCALES, key=len, reverse=True))}|p)?\.?\s*
    (?P<pounds>pounds?)?
    """,
    re.IGNORECASE | re.VERBOSE,
)
_OTHER_CURRENCY = re.compile(r"[$€¥₹]|\b(?:usd|eur)\b", re.IGNORECASE)

# A header's multiplier: "£000s", "£'000", "£ 000", "(000s)", "£k", "£m", "£ million", "£bn".
_HEADER_SCALES = re.compile(
    r"""
    (?P<millions>£\s*'?\s*000,?000s?\b|£\s*m(?:n|illions?)?\b)
    |(?P<billions>£\s*b(?:n|illions?)?\b)
    |(?P<thousands>£\s*'?\s*000s?\b|\(\s*'?000s?\s*\)|£\s*k\b|£\s*thousands?\b)
    """,
    re.IGNORECASE | re.VERBOSE,
)
_HEADER_MULTIPLIERS = {
    "thousands": Decimal(1_000),
    "millions": Decimal(1_000_000),
    "billions": Decimal(1_000_000_000),
}


class MoneyError(ValueError):
    """Text that cannot be read as an amount of money; the message says what was seen."""


def read_money(text: str | None, *, multiplier: Decimal = ONE) -> Decimal | None:
    """The amount ``text`` stands for, in pounds; None when it says there is none.

    ``multiplier`` is the column's (from ``column_multiplier``): it applies only when the
    cell names no scale of its own. Raises ``MoneyError`` for anything else.
    """
    if text is None:
        return None
    cleaned = " ".join(text.replace("\u00a0", " ").split())
    if cleaned.lower() in NOTHING:
        return None
    if cleaned.lower() in ZERO_WORDS:
        return Decimal(0)
    negative = False
    if cleaned.startswith("(") and cleaned.endswith(")"):
        negative, cleaned = True, cleaned[1:-1].strip()
    match = _AMOUNT.fullmatch(cleaned)
    if match is None:
        if _OTHER_CURRENCY.search(cleaned):
            raise MoneyError(f"{text!r} is not in pounds")
        raise MoneyError(f"{text!r} is not an amount of money")
    signs = [sign for sign in (match["sign1"], match["sign2"]) if sign]
    if len(signs) > 1 or (negative and signs):
        raise MoneyError(f"{text!r} has more than one sign")
    if signs and signs[0] in _MINUS:
        negative = True
    digits = match["number"].replace(",", "")
    if sum(character.isdigit() for character in digits) > MAX_DIGITS:
        raise MoneyError(f"{text!r} has too many digits to be an amount of money")
    number = Decimal(digits)
    scale_word = (match["scale"] or "").lower()
    if scale_word == "p":
        if match["currency"] or match["pounds"]:
            raise MoneyError(f"{text!r} mixes pounds and pence")
        scale = PENCE
    elif scale_word:
        scale = _SCALES[scale_word]
    else:
        scale = multiplier
    with localcontext() as context:
        context.prec = 3 * MAX_DIGITS  # exact: no amount read here is ever rounded
        return _tidy(-number * scale if negative else number * scale)


def column_multiplier(header: str | None) -> Decimal:
    """The multiplier a column header names ("£000s" → 1000, "£m" → 1,000,000); else 1.

    Raises ``MoneyError`` when a header names two different multipliers.
    """
    if not header:
        return ONE
    found = {
        name
        for match in _HEADER_SCALES.finditer(header.replace("\u00a0", " "))
        for name, value in match.groupdict().items()
        if value
    }
    if len(found) > 1:
        raise MoneyError(f"the header {header!r} names more than one multiplier")
    return _HEADER_MULTIPLIERS[found.pop()] if found else ONE


def _tidy(amount: Decimal) -> Decimal:
    """Whole pounds without a trailing ".0"; fractions kept as read."""
    if amount == amount.to_integral_value():
        return amount.quantize(ONE) + 0  # "+ 0" turns -0 into 0
    return amount
