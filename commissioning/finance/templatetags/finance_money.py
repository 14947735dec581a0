"""Money as the pot pages show it: whole pounds with commas, pence per head, signed changes."""

from decimal import ROUND_HALF_UP, Decimal

from django import template

register = template.Library()


@register.filter
def pounds(value) -> str:
    if value is None or value == "":
        return "–"
    amount = Decimal(value).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return f"-£{-amount:,}" if amount < 0 else f"£{amount:,}"


@register.filter
def pounds_pence(value) -> str:
    if value is None or value == "":
        return "–"
    amount = Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return f"-£{-amount:,}" if amount < 0 else f"£{amount:,}"


@register.filter
def signed_pounds(value) -> str:
    if value is None or value == "":
        return "–"
    amount = Decimal(value)
    return f"+{pounds(amount)}" if amount > 0 else pounds(amount)


@register.filter
def percent(value) -> str:
    if value is None or value == "":
        return "–"
    return f"{Decimal(value):g}%"
