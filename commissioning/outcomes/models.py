"""The partnership's outcomes: the library, chains of "so that" links, the alignment of a
partner's chain with the council's, needs analyses and the gaps they show.

Every row belongs to one partnership, directly (outcomes, chains, alignments, needs analyses,
gaps) or through its parent (chain nodes and links through their chain, marks through their
alignment). The rules that need no database (loops, alignment, coverage) are plain functions
in ``commissioning.outcomes.rules``.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from commissioning.core.models import (
    Archivable,
    ArchivableQuerySet,
    HistoryEffectiveDate,
    TimescaleFields,
)
from commissioning.partnership.models import Decision, Meeting, Organisation, Partnership


class Level(models.TextChoices):
    """Where an outcome sits in a chain, from the widest to the nearest to a service."""

    POPULATION_RESULT = "population_result", "Population result"
    INTERMEDIATE_OUTCOME = "intermediate_outcome", "Intermediate outcome"
    CONTRIBUTORY_FACTOR = "contributory_factor", "Contributory factor"


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    AGREED = "agreed", "Agreed"


class Confidence(models.TextChoices):
    HIGH = "high", "High"
    MEDIUM = "medium", "Medium"
    LOW = "low", "Low"


class Severity(models.TextChoices):
    HIGH = "high", "High"
    MEDIUM = "medium", "Medium"
    LOW = "low", "Low"


class MarkKind(models.TextChoices):
    """How a node of one chain stands to the other chain; "missing" is worked out, not kept."""

    MATCHED = "matched", "Matched"
    CONTRIBUTES = "contributes", "Contributes"
    CONFLICTS = "conflicts", "Conflicts"


class NeedsAnalysisKind(models.TextChoices):
    JSNA_CHAPTER = "jsna_chapter", "JSNA chapter"
    SURVEY = "survey", "Survey"
    DEEP_DIVE = "deep_dive", "Deep dive"


class GapStatus(models.TextChoices):
    IDENTIFIED = "identified", "Identified"
    BEING_ADDRESSED = "being_addressed", "Being addressed"
    CLOSED = "closed", "Closed"


class Agreeable(models.Model):
    """Draft or agreed, and where it was agreed: a meeting and, if recorded, its decision."""

    status = models.CharField(max_length=10, choices=AgreementStatus, default=AgreementStatus.DRAFT)
    agreed_meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    agreed_decision = models.ForeignKey(
        Decision, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        abstract = True

    @property
    def is_agreed(self) -> bool:
        return self.status == AgreementStatus.AGREED


class Outcome(Archivable, Agreeable):
    """An outcome of the partnership's shared library ("Children are safe from harm").

    Chains reuse the library's outcomes, so an edit shows in every chain it sits in.
    """

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="outcomes")
    code = models.CharField(max_length=40, blank=True, help_text="For example H1 or 2.3")
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    level = models.CharField(max_length=30, choices=Level)
    theme = models.CharField(max_length=100, blank=True, help_text="For example Healthier")
    owner_organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="outcomes"
    )
    history = HistoricalRecords(bases=[HistoryEffectiveDate])

    objects = ArchivableQuerySet.as_manager()

    class Meta:
        ordering = ["theme", "code", "title", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "code"],
                condition=~Q(code=""),
                name="outcome_code_unique_in_partnership",
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}" if self.code else self.title


class OutcomeChain(Archivable, Agreeable):
    """One organisation's chain of outcomes ("A so that B"); no owner: the shared one."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="outcome_chains"
    )
    owner_organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="outcome_chains",
        help_text="Leave empty for the partnership's shared chain",
    )
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    history = HistoricalRecords(bases=[HistoryEffectiveDate])

    objects = ArchivableQuerySet.as_manager()

    class Meta:
        ordering = ["title", "id"]

    def __str__(self) -> str:
        return self.title


class ChainNode(models.Model):
    """An outcome of the library drawn in a chain (with or without links yet)."""

    chain = models.ForeignKey(OutcomeChain, on_delete=models.CASCADE, related_name="nodes")
    outcome = models.ForeignKey(Outcome, on_delete=models.PROTECT, related_name="chain_nodes")
    history = HistoricalRecords(bases=[HistoryEffectiveDate])

    class Meta:
        ordering = ["chain", "id"]
        constraints = [
            models.UniqueConstraint(fields=["chain", "outcome"], name="one_node_per_chain_outcome")
        ]

    def __str__(self) -> str:
        return f"{self.outcome} in {self.chain}"


class ChainLink(models.Model):
    """In one chain: ``from_outcome`` so that ``to_outcome``, with why and how sure."""

    chain = models.ForeignKey(OutcomeChain, on_delete=models.CASCADE, related_name="links")
    from_outcome = models.ForeignKey(Outcome, on_delete=models.PROTECT, related_name="links_out")
    to_outcome = models.ForeignKey(Outcome, on_delete=models.PROTECT, related_name="links_in")
    rationale = models.TextField(blank=True, help_text="The evidence or reasoning for the link")
    confidence = models.CharField(max_length=10, choices=Confidence, default=Confidence.MEDIUM)
    history = HistoricalRecords(bases=[HistoryEffectiveDate])

    class Meta:
        ordering = ["chain", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["chain", "from_outcome", "to_outcome"], name="one_link_per_pair_in_chain"
            ),
            models.CheckConstraint(
                condition=~Q(from_outcome=models.F("to_outcome")), name="link_not_to_itself"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_outcome} so that {self.to_outcome}"


class Alignment(models.Model):
    """A partner's chain put beside the council's, with the marks made between them."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="alignments"
    )
    partner_chain = models.ForeignKey(
        OutcomeChain, on_delete=models.CASCADE, related_name="alignments_as_partner"
    )
    council_chain = models.ForeignKey(
        OutcomeChain, on_delete=models.CASCADE, related_name="alignments_as_council"
    )
    note = models.TextField(blank=True)
    history = HistoricalRecords(bases=[HistoryEffectiveDate])

    class Meta:
        ordering = ["partner_chain__title", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["partner_chain", "council_chain"], name="one_alignment_per_chain_pair"
            ),
            models.CheckConstraint(
                condition=~Q(partner_chain=models.F("council_chain")),
                name="alignment_of_two_chains",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.partner_chain} beside {self.council_chain}"


class AlignmentMark(models.Model):
    """A partner outcome matched to, contributing to, or in conflict with a council outcome.

    A conflict may name one side only (a partner outcome the council does not share, or the
    other way round); matched and contributes name both.
    """

    alignment = models.ForeignKey(Alignment, on_delete=models.CASCADE, related_name="marks")
    kind = models.CharField(max_length=20, choices=MarkKind)
    partner_outcome = models.ForeignKey(
        Outcome, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    council_outcome = models.ForeignKey(
        Outcome, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(blank=True)
    history = HistoricalRecords(bases=[HistoryEffectiveDate])

    class Meta:
        ordering = ["alignment", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(partner_outcome__isnull=False) | Q(council_outcome__isnull=False),
                name="mark_names_an_outcome",
            )
        ]

    def __str__(self) -> str:
        return f"{self.partner_outcome or '—'} {self.kind} {self.council_outcome or '—'}"


class NeedsAnalysis(Archivable, TimescaleFields):
    """A JSNA chapter, survey or deep dive, the period it describes and the outcomes it covers.

    The timescale fields hold its period as written ("2009/10"); its age is counted from
    the period's end.
    """

    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="needs_analyses"
    )
    title = models.CharField(max_length=300)
    kind = models.CharField(max_length=20, choices=NeedsAnalysisKind)
    author_organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    population = models.CharField(max_length=300, blank=True, help_text="Who it covers")
    findings = models.TextField(blank=True, help_text="A summary of what it found")
    document_url = models.URLField(blank=True, max_length=500)
    outcomes = models.ManyToManyField(Outcome, blank=True, related_name="needs_analyses")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(
        bases=[HistoryEffectiveDate], m2m_fields=[outcomes], excluded_fields=["created_at"]
    )

    objects = ArchivableQuerySet.as_manager()

    class Meta:
        ordering = ["title", "id"]
        verbose_name_plural = "needs analyses"

    def __str__(self) -> str:
        return self.title


class Gap(models.Model):
    """A gap in meeting an outcome, its severity, its evidence and where it has got to."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="gaps")
    outcome = models.ForeignKey(Outcome, on_delete=models.PROTECT, related_name="gaps")
    description = models.TextField()
    severity = models.CharField(max_length=10, choices=Severity)
    needs_analysis = models.ForeignKey(
        NeedsAnalysis, null=True, blank=True, on_delete=models.SET_NULL, related_name="gaps"
    )
    status = models.CharField(max_length=20, choices=GapStatus, default=GapStatus.IDENTIFIED)
    status_date = models.DateField()
    history = HistoricalRecords(bases=[HistoryEffectiveDate])

    class Meta:
        ordering = ["outcome", "id"]

    def __str__(self) -> str:
        return self.description[:80]

    @property
    def is_open(self) -> bool:
        return self.status != GapStatus.CLOSED


class GapStatusMove(models.Model):
    """One dated move of a gap's status, append-only: who recorded it and when."""

    gap = models.ForeignKey(Gap, on_delete=models.CASCADE, related_name="moves")
    status = models.CharField(max_length=20, choices=GapStatus)
    date = models.DateField()
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["gap", "date", "id"]

    def __str__(self) -> str:
        return f"{self.get_status_display()} on {self.date}"


class ProgrammeLink(models.Model):
    """A programme deliverable or action linked to the outcome, chain or needs analysis it is
    about. Kept here so the programmes app need not know of outcomes."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="outcome_programme_links"
    )
    deliverable = models.ForeignKey(
        "programmes.Deliverable",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="outcome_links",
    )
    action = models.ForeignKey(
        "programmes.Action",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="outcome_links",
    )
    outcome = models.ForeignKey(
        Outcome, null=True, blank=True, on_delete=models.CASCADE, related_name="programme_links"
    )
    chain = models.ForeignKey(
        OutcomeChain,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="programme_links",
    )
    needs_analysis = models.ForeignKey(
        NeedsAnalysis,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="programme_links",
    )
    history = HistoricalRecords(bases=[HistoryEffectiveDate])

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(deliverable__isnull=False, action__isnull=True)
                    | Q(deliverable__isnull=True, action__isnull=False)
                ),
                name="programme_link_from_one_item",
            ),
            models.CheckConstraint(
                condition=(
                    Q(outcome__isnull=False, chain__isnull=True, needs_analysis__isnull=True)
                    | Q(outcome__isnull=True, chain__isnull=False, needs_analysis__isnull=True)
                    | Q(outcome__isnull=True, chain__isnull=True, needs_analysis__isnull=False)
                ),
                name="programme_link_to_one_target",
            ),
        ]

    def __str__(self) -> str:
        item = self.deliverable or self.action
        target = self.outcome or self.chain or self.needs_analysis
        return f"{item} → {target}"

    @property
    def target(self):
        return self.outcome or self.chain or self.needs_analysis
