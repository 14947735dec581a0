"""The total pot: what every partner spends in the place, on which outcome, year by year.

Every row belongs to one partnership, directly (spend lines, population, submissions, deep
dives) or through its line (shares). A spend line is one partner's money for one financial
year in one phase (budget, forecast or outturn); its shares split it across outcomes or
themes and add up to 100 %. A line paid into a pooled budget names the agreement (``pool``):
it stays the contributor's money, so the pool is never counted again as its host's
(docs/adr/0021-the-total-pot.md).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from commissioning.core.models import HistoryEffectiveDate, Versioned
from commissioning.partnership.models import Agreement, Organisation, Partnership


class Phase(models.TextChoices):
    BUDGET = "budget", "Budget"
    FORECAST = "forecast", "Forecast"
    OUTTURN = "outturn", "Outturn"


class Kind(models.TextChoices):
    PREVENTION = "prevention", "Prevention"
    TREATMENT = "treatment", "Treatment"
    BENEFITS = "benefits", "Benefits and transfers"
    OTHER = "other", "Other"


class Spending(models.TextChoices):
    REVENUE = "revenue", "Revenue"
    CAPITAL = "capital", "Capital"


class CipfaCategory(models.TextChoices):
    """CIPFA service expenditure analysis headings (the Revenue Outturn service lines)."""

    EDUCATION = "education", "Education services"
    HIGHWAYS = "highways", "Highways and transport services"
    CHILDRENS_SOCIAL_CARE = "childrens_social_care", "Children's social care"
    ADULT_SOCIAL_CARE = "adult_social_care", "Adult social care"
    PUBLIC_HEALTH = "public_health", "Public health"
    HOUSING = "housing", "Housing services (GFRA only)"
    CULTURAL = "cultural", "Cultural and related services"
    ENVIRONMENTAL = "environmental", "Environmental and regulatory services"
    PLANNING = "planning", "Planning and development services"
    POLICE = "police", "Police services"
    FIRE = "fire", "Fire and rescue services"
    CENTRAL = "central", "Central services"
    OTHER = "other", "Other services"


class SpendLine(Versioned):
    """One partner's money for one year and phase, on one service line."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="spend_lines"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="spend_lines"
    )
    financial_year = models.CharField(max_length=7, db_index=True, help_text="For example 2010/11")
    amount = models.DecimalField(max_digits=16, decimal_places=2, help_text="In pounds")
    phase = models.CharField(max_length=10, choices=Phase, default=Phase.BUDGET)
    service = models.CharField("service line", max_length=300, blank=True)
    cipfa_category = models.CharField(
        "CIPFA service category", max_length=30, choices=CipfaCategory, blank=True
    )
    kind = models.CharField(max_length=12, choices=Kind, default=Kind.OTHER)
    spending = models.CharField(
        "capital or revenue", max_length=8, choices=Spending, default=Spending.REVENUE
    )
    locally_controlled = models.BooleanField(
        null=True, blank=True, help_text="Whether the partner decides locally how it is spent"
    )
    pool = models.ForeignKey(
        Agreement,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="spend_lines",
        help_text="The pooled budget this money is paid into, if any",
    )
    source = models.CharField(
        max_length=300, blank=True, help_text="Which return, which person, which import"
    )
    note = models.TextField(blank=True)
    history = HistoricalRecords(bases=[HistoryEffectiveDate])

    class Meta:
        ordering = ["financial_year", "organisation__name", "service", "id"]
        indexes = [
            models.Index(
                fields=["partnership", "financial_year", "phase"], name="spend_line_pot_idx"
            )
        ]

    def __str__(self) -> str:
        return (
            f"{self.organisation} {self.financial_year} {self.service or 'spend'}: £{self.amount:,}"
        )


class SpendShare(models.Model):
    """The share (per cent) of a line spent on one outcome, or on one theme."""

    line = models.ForeignKey(SpendLine, on_delete=models.CASCADE, related_name="shares")
    outcome = models.ForeignKey(
        "outcomes.Outcome",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="spend_shares",
    )
    theme = models.CharField(
        max_length=100, blank=True, help_text="Empty with no outcome: not assigned yet"
    )
    percent = models.DecimalField(max_digits=6, decimal_places=3)
    history = HistoricalRecords(bases=[HistoryEffectiveDate])

    class Meta:
        ordering = ["line", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(percent__gt=0) & Q(percent__lte=100), name="share_between_0_and_100"
            ),
            models.CheckConstraint(
                condition=Q(outcome__isnull=True) | Q(theme=""), name="share_outcome_or_theme"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.percent}% of {self.line_id} to {self.outcome or self.theme or 'unassigned'}"


class Population(models.Model):
    """How many people live in the partnership's area in a financial year, for per-head figures."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="populations"
    )
    financial_year = models.CharField(max_length=7)
    people = models.PositiveIntegerField()
    source = models.CharField(max_length=300, blank=True, help_text="For example ONS mid-year")
    history = HistoricalRecords(bases=[HistoryEffectiveDate])

    class Meta:
        ordering = ["financial_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "financial_year"], name="one_population_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.financial_year}: {self.people:,}"


class Submission(models.Model):
    """A partner has submitted its lines for a financial year (and who said so, when)."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="spend_submissions"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="spend_submissions"
    )
    financial_year = models.CharField(max_length=7)
    submitted_at = models.DateTimeField()
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords(bases=[HistoryEffectiveDate])

    class Meta:
        ordering = ["financial_year", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "organisation", "financial_year"],
                name="one_submission_per_partner_year",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} submitted {self.financial_year}"


class DeepDive(Versioned):
    """The notes of a deep dive into one theme or one outcome: findings and proposals."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="deep_dives"
    )
    theme = models.CharField(max_length=100, blank=True)
    outcome = models.ForeignKey(
        "outcomes.Outcome",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="deep_dives",
    )
    findings = models.TextField(blank=True)
    proposals = models.TextField(blank=True)
    history = HistoricalRecords(bases=[HistoryEffectiveDate])

    class Meta:
        ordering = ["theme", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(outcome__isnull=True) & ~Q(theme=""))
                | (Q(outcome__isnull=False) & Q(theme="")),
                name="deep_dive_theme_or_outcome",
            ),
            models.UniqueConstraint(
                fields=["partnership", "theme"],
                condition=Q(outcome__isnull=True),
                name="one_deep_dive_per_theme",
            ),
            models.UniqueConstraint(
                fields=["partnership", "outcome"],
                condition=Q(outcome__isnull=False),
                name="one_deep_dive_per_outcome",
            ),
        ]

    def __str__(self) -> str:
        return f"Deep dive: {self.outcome or self.theme}"
