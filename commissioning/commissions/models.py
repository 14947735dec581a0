"""Commissions taken round the cycle (Analyse, Plan, Do, Review), their procurement, their
prioritisation by a scoring panel, and the pilots' evaluations and the lessons they taught.

Every row belongs to one partnership, directly (commissions, criteria sets, scoring rounds,
lessons) or through its parent (stage moves, milestones through their commission; criteria
through their set; scores through their round; plans and evaluations through their
commission). The ranking rules are plain functions in ``commissioning.domain.prioritisation``.
"""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from commissioning.core.models import Versioned
from commissioning.outcomes.models import Gap, Outcome
from commissioning.partnership.models import (
    Decision,
    Meeting,
    Organisation,
    Partnership,
    Person,
    Post,
)


class Stage(models.TextChoices):
    ANALYSE = "analyse", "Analyse"
    PLAN = "plan", "Plan"
    DO = "do", "Do"
    REVIEW = "review", "Review"


class Status(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    PRIORITISED = "prioritised", "Prioritised"
    ACTIVE = "active", "Active"
    PAUSED = "paused", "Paused"
    DECOMMISSIONED = "decommissioned", "Decommissioned"


class Route(models.TextChoices):
    IN_HOUSE = "in_house", "In-house"
    GRANT = "grant", "Grant"
    CONTRACT = "contract", "Contract"
    SECTION_75 = "section_75", "Section 75 agreement"
    PARTNERSHIP = "partnership", "Partnership"


class ProcurementStage(models.TextChoices):
    """The Open Contracting stages a procured commission goes through."""

    PLANNING = "planning", "Planning"
    TENDER = "tender", "Tender"
    AWARD = "award", "Award"
    CONTRACT = "contract", "Contract"
    IMPLEMENTATION = "implementation", "Implementation"


class MilestoneStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    MET = "met", "Met"
    NOT_MET = "not_met", "Not met"
    PARTLY_MET = "partly_met", "Partly met"


class Result(models.TextChoices):
    MET = "met", "Met"
    PARTLY_MET = "partly_met", "Partly met"
    NOT_MET = "not_met", "Not met"


class Scale(models.TextChoices):
    ONE_TO_FIVE = "one_to_five", "1 to 5"
    HIGH_MEDIUM_LOW = "high_medium_low", "High, Medium, Low (3, 2, 1)"


class LessonTarget(models.TextChoices):
    FRAMEWORK = "framework", "The commissioning framework"
    COMMISSION = "commission", "A commission"
    CRITERION = "criterion", "A criterion"


class Commission(Versioned):
    """Work the partnership commissions for its outcomes, taken round the cycle."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="commissions"
    )
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    outcomes = models.ManyToManyField(Outcome, blank=True, related_name="commissions")
    gaps = models.ManyToManyField(Gap, blank=True, related_name="commissions")
    lead_post = models.ForeignKey(
        Post, null=True, blank=True, on_delete=models.SET_NULL, related_name="commissions"
    )
    lead_holder = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_commissions",
        help_text="Who held the lead post when it was set",
    )
    stage = models.CharField(max_length=10, choices=Stage, default=Stage.ANALYSE)
    stage_since = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status, default=Status.PROPOSED)
    route = models.CharField(max_length=20, choices=Route, blank=True)
    providers = models.ManyToManyField(Organisation, blank=True, related_name="commissions")
    budget_amount = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    expected_savings = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    actual_cost = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    actual_savings = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    is_pilot = models.BooleanField(default=False)
    predecessor = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="successor"
    )
    procurement_stage = models.CharField(max_length=20, choices=ProcurementStage, blank=True)
    contract_value = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    contract_start = models.DateField(null=True, blank=True)
    contract_end = models.DateField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["title", "id"]

    def __str__(self) -> str:
        return self.title


class StageMove(models.Model):
    """A commission's move from one cycle stage to another: append-only."""

    commission = models.ForeignKey(Commission, on_delete=models.CASCADE, related_name="moves")
    from_stage = models.CharField(max_length=10, choices=Stage, blank=True)
    to_stage = models.CharField(max_length=10, choices=Stage)
    moved_at = models.DateTimeField()
    moved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    why = models.TextField()

    class Meta:
        ordering = ["commission", "moved_at", "id"]

    def __str__(self) -> str:
        return f"{self.commission}: {self.from_stage or 'new'} → {self.to_stage}"


class Milestone(models.Model):
    """A dated milestone of a procurement stage."""

    commission = models.ForeignKey(Commission, on_delete=models.CASCADE, related_name="milestones")
    stage = models.CharField(max_length=20, choices=ProcurementStage)
    title = models.CharField(max_length=200)
    due = models.DateField()
    status = models.CharField(
        max_length=20, choices=MilestoneStatus, default=MilestoneStatus.SCHEDULED
    )
    met_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["commission", "due", "id"]

    def __str__(self) -> str:
        return self.title


class CriteriaSet(models.Model):
    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="criteria_sets"
    )
    name = models.CharField(max_length=200)
    scale = models.CharField(max_length=20, choices=Scale, default=Scale.ONE_TO_FIVE)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class Criterion(models.Model):
    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    weight = models.PositiveIntegerField()
    order = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["criteria_set", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["criteria_set", "name"], name="criterion_name_unique_in_set"
            )
        ]

    def __str__(self) -> str:
        return self.name


class ScoringRound(models.Model):
    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="scoring_rounds"
    )
    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.PROTECT, related_name="rounds")
    name = models.CharField(max_length=200)
    held_on = models.DateField()
    panel = models.ManyToManyField(Person, blank=True, related_name="scoring_rounds")
    commissions = models.ManyToManyField(Commission, blank=True, related_name="scoring_rounds")
    approved_meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_decision = models.ForeignKey(
        Decision, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_on", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_approved(self) -> bool:
        return self.approved_decision_id is not None


class Score(models.Model):
    scoring_round = models.ForeignKey(ScoringRound, on_delete=models.CASCADE, related_name="scores")
    commission = models.ForeignKey(Commission, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    member = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="scores")
    value = models.PositiveSmallIntegerField()
    note = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["scoring_round", "commission", "criterion", "member", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["scoring_round", "commission", "criterion", "member"],
                name="one_score_per_member_per_criterion",
            )
        ]

    def __str__(self) -> str:
        return f"{self.member}: {self.criterion} {self.value}"


class EvaluationPlan(models.Model):
    """How a pilot will be evaluated; the indicators that answer it are linked later."""

    commission = models.OneToOneField(
        Commission, on_delete=models.CASCADE, related_name="evaluation_plan"
    )
    questions = models.TextField()
    method = models.TextField(blank=True)
    baseline = models.TextField(blank=True)
    interim_on = models.DateField(null=True, blank=True)
    final_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Evaluation plan for {self.commission}"


class Evaluation(models.Model):
    commission = models.ForeignKey(Commission, on_delete=models.CASCADE, related_name="evaluations")
    is_final = models.BooleanField(default=False)
    evaluated_on = models.DateField()
    result = models.CharField(max_length=20, choices=Result)
    findings = models.TextField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["commission", "evaluated_on", "id"]

    def __str__(self) -> str:
        return f"{self.commission}: {self.get_result_display()}"


class Lesson(models.Model):
    """A lesson learned, addressed to the framework, a commission or a criterion."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="lessons")
    evaluation = models.ForeignKey(
        Evaluation, null=True, blank=True, on_delete=models.SET_NULL, related_name="lessons"
    )
    text = models.TextField()
    target = models.CharField(max_length=20, choices=LessonTarget)
    target_commission = models.ForeignKey(
        Commission, null=True, blank=True, on_delete=models.SET_NULL, related_name="lessons"
    )
    target_criterion = models.ForeignKey(
        Criterion, null=True, blank=True, on_delete=models.SET_NULL, related_name="lessons"
    )
    acted_on = models.DateField(null=True, blank=True)
    action_taken = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["acted_on", "id"]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def is_open(self) -> bool:
        return self.acted_on is None
