"""Performance management: the partnership's indicators, their values by period and the
plan to turn each curve.

Every row belongs to one partnership: indicators directly, values and turn-the-curve plans
through their indicator. The rules that judge a series (RAG, trend, comparator, forecast)
are pure functions in ``commissioning.domain.indicators`` (ADR 0018).
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from commissioning.core.models import Versioned
from commissioning.domain.indicators import Point
from commissioning.domain.indicators import Polarity as RulePolarity
from commissioning.domain.periods import Frequency as RuleFrequency
from commissioning.domain.periods import parse_period
from commissioning.outcomes.models import Outcome
from commissioning.partnership.models import Organisation, Partnership
from commissioning.programmes.models import Action


class Kind(models.TextChoices):
    """Results-Based Accountability: a population indicator, or one of three measures."""

    POPULATION = "population", "Population indicator"
    HOW_MUCH = "how_much", "How much did we do?"
    HOW_WELL = "how_well", "How well did we do it?"
    BETTER_OFF = "better_off", "Is anyone better off?"


class Polarity(models.TextChoices):
    HIGHER_IS_BETTER = RulePolarity.HIGHER_IS_BETTER.value, "Higher is better"
    LOWER_IS_BETTER = RulePolarity.LOWER_IS_BETTER.value, "Lower is better"
    NO_JUDGEMENT = RulePolarity.NO_JUDGEMENT.value, "No judgement"


class Frequency(models.TextChoices):
    FINANCIAL_YEAR = RuleFrequency.FINANCIAL_YEAR.value, "Financial year"
    QUARTER = RuleFrequency.QUARTER.value, "Quarter"
    MONTH = RuleFrequency.MONTH.value, "Month"
    CALENDAR_YEAR = RuleFrequency.CALENDAR_YEAR.value, "Calendar year"


FIGURE = {"max_digits": 20, "decimal_places": 6, "null": True, "blank": True}


class Indicator(Versioned):
    """A national or local indicator the partnership reports, measuring some of its outcomes.

    Versioned: of two managers saving the same indicator from the same copy, one is refused.
    """

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="indicators"
    )
    code = models.CharField(max_length=40, blank=True, help_text='For example "NI 171".')
    title = models.CharField(max_length=300)
    definition = models.TextField(blank=True)
    outcomes = models.ManyToManyField(Outcome, blank=True, related_name="indicators")
    kind = models.CharField(max_length=12, choices=Kind, default=Kind.POPULATION)
    theme = models.CharField(max_length=200, blank=True)
    unit = models.CharField(max_length=40, blank=True, help_text='"%", "rate per 1,000", "£"…')
    polarity = models.CharField(max_length=20, choices=Polarity, default=Polarity.HIGHER_IS_BETTER)
    frequency = models.CharField(max_length=20, choices=Frequency, blank=True)
    decimals = models.PositiveSmallIntegerField(default=1)
    source = models.CharField(max_length=300, blank=True)
    owner_organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    owner_name = models.CharField(max_length=200, blank=True, help_text="A team or a person.")
    comparator_name = models.CharField(max_length=100, blank=True, help_text='"England"…')
    tolerance = models.DecimalField(
        max_digits=6,
        decimal_places=4,
        default=Decimal("0.05"),
        help_text="How far short of the target still counts Amber, as a share (0.05 = 5%).",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["theme", "code", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "code"],
                condition=~Q(code=""),
                name="performance_indicator_code_once_per_partnership",
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}".strip()

    @property
    def rule_polarity(self) -> RulePolarity:
        return RulePolarity(self.polarity)


class IndicatorValue(models.Model):
    """One period's figures of an indicator, the period kept as written with its window.

    A target written as words ("TBC") is kept in ``target_text`` and is not a number.
    History keeps every change, so a corrected actual keeps the old one.
    """

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    period = models.CharField(max_length=60)
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField(null=True, blank=True)
    actual = models.DecimalField(**FIGURE)
    target = models.DecimalField(**FIGURE)
    target_text = models.CharField(max_length=100, blank=True)
    baseline = models.BooleanField(default=False)
    lower = models.DecimalField(**FIGURE)
    upper = models.DecimalField(**FIGURE)
    numerator = models.DecimalField(**FIGURE)
    denominator = models.DecimalField(**FIGURE)
    comparator = models.DecimalField(**FIGURE)
    note = models.TextField(blank=True)
    provisional = models.BooleanField(default=False)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    entered_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "period_end", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period"], name="performance_value_once_per_period"
            )
        ]
        indexes = [models.Index(fields=["indicator", "period_end"])]

    def __str__(self) -> str:
        return f"{self.indicator} {self.period}"

    def point(self) -> Point:
        """The value as the pure rules read it."""
        return point_of(self)


def point_of(value) -> Point:
    """Any value's figures (a row, a historical version, a plain record) as the rules read
    them."""
    return Point(
        period=parse_period(value.period),
        actual=value.actual,
        target=value.target,
        target_text=value.target_text or None,
        lower=value.lower,
        upper=value.upper,
        baseline=value.baseline,
        comparator=value.comparator,
    )


class TurnTheCurve(models.Model):
    """The plan to turn an indicator's curve: the story behind it and what the partners do."""

    indicator = models.OneToOneField(
        Indicator, on_delete=models.CASCADE, related_name="turn_the_curve"
    )
    story = models.TextField(blank=True, help_text="The story behind the curve.")
    helping = models.TextField(blank=True, help_text="Factors helping.")
    hurting = models.TextField(blank=True, help_text="Factors hurting.")
    partners = models.TextField(blank=True, help_text="Partners with a role to play.")
    what_works = models.TextField(blank=True, help_text="What works: evidence, low-cost ideas.")
    actions = models.ManyToManyField(Action, blank=True, related_name="turn_the_curve_plans")
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Turning the curve of {self.indicator}"


class UnitKind(models.TextChoices):
    DELIVERY = "delivery", "Delivery unit"
    SUPPORT = "support", "Support unit"


class BusinessPlan(Versioned):
    """A delivery or support unit's plan for one financial year: the outcomes it serves, the
    indicators it answers for (with their targets) and the programme actions it carries out.

    Versioned like an indicator; its status as of any date is read from the indicators'
    and actions' own history (``presenters.business_plan``).
    """

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="business_plans"
    )
    unit = models.CharField(max_length=200, help_text='For example "Adult Social Care".')
    unit_kind = models.CharField(max_length=10, choices=UnitKind, default=UnitKind.DELIVERY)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    lead = models.CharField(max_length=200, blank=True, help_text="Who leads the unit.")
    financial_year = models.CharField(max_length=7, help_text='As "2010/11".')
    year_start = models.PositiveSmallIntegerField(editable=False)
    purpose = models.TextField(blank=True)
    outcomes = models.ManyToManyField(Outcome, blank=True, related_name="business_plans")
    indicators = models.ManyToManyField(Indicator, blank=True, related_name="business_plans")
    actions = models.ManyToManyField(Action, blank=True, related_name="business_plans")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year_start", "unit"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "unit", "year_start"],
                name="performance_business_plan_once_per_unit_and_year",
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} business plan {self.financial_year}"
