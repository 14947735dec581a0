"""A programme: stages with deliverables, an action plan, and progress over time.

Every change to programmes, stages, deliverables, actions and their owners is kept in
history (django-simple-history: who, when, what), so any past date can be rebuilt.
Progress updates are append-only.
Programmes, stages, deliverables and actions are archived, never deleted (``Archivable``):
lists, exports and reports read ``not_archived()``.
"""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from commissioning.core.models import (
    Archivable,
    ArchivableQuerySet,
    HistoryEffectiveDate,
    TimescaleFields,
)
from commissioning.domain.plan import OwnerKind, Scope, Status
from commissioning.partnership.models import Organisation, Partnership, Person, Team


class StatusChoices(models.TextChoices):
    NOT_STARTED = Status.NOT_STARTED.value, "Not started"
    IN_PROGRESS = Status.IN_PROGRESS.value, "In progress"
    COMPLETE = Status.COMPLETE.value, "Complete"
    BLOCKED = Status.BLOCKED.value, "Blocked"
    DROPPED = Status.DROPPED.value, "Dropped"
    UNKNOWN = Status.UNKNOWN.value, "Unknown"


class ProgrammeQuerySet(ArchivableQuerySet):
    def with_summary(self, today):
        """Each programme with its action counts by status and its next stage date.

        Archived actions and stages are left out.
        """
        current = models.Q(actions__archived_at__isnull=True)
        counts = {
            f"count_{value}": models.Count(
                "actions", filter=current & models.Q(actions__status=value)
            )
            for value in StatusChoices.values
        }
        next_stage = (
            Stage.objects.filter(
                programme=models.OuterRef("pk"), timescale_end__gte=today, archived_at__isnull=True
            )
            .order_by("timescale_end")
            .values("timescale_end")[:1]
        )
        return self.annotate(
            action_count=models.Count("actions", filter=current),
            next_stage_due=models.Subquery(next_stage),
            **counts,
        )


class RagScale(models.TextChoices):
    FOUR = "four", "Blue, Red, Amber, Green"
    FIVE = "five", "Delivery confidence for stages (Red to Green, five points)"


class Programme(Archivable):
    """A programme of change run by a lead organisation with its partners.

    Its RAG rules (scale and warning window) and reporting period are described in the
    RAG rules ADR.
    """

    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="programmes"
    )
    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    description = models.TextField(blank=True)
    lead_organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_programmes",
    )
    partners = models.ManyToManyField(Organisation, blank=True, related_name="partner_programmes")
    rag_scale = models.CharField(
        "RAG scale for stages", max_length=10, choices=RagScale, default=RagScale.FOUR
    )
    warning_days = models.PositiveIntegerField(
        default=30, help_text="Not started and due within this many days: Amber"
    )
    reporting_period_months = models.PositiveSmallIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["created_at"], bases=[HistoryEffectiveDate])

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class StageQuerySet(ArchivableQuerySet):
    def not_archived(self):
        """Stages neither archived themselves nor in an archived programme."""
        return self.filter(archived_at__isnull=True, programme__archived_at__isnull=True)


class Stage(Archivable, TimescaleFields):
    """A transition stage such as T1, with its due timescale and deliverables."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="stages")
    code = models.CharField(max_length=20, blank=True)
    title = models.CharField(max_length=500)
    order = models.PositiveIntegerField(default=0)
    history = HistoricalRecords(bases=[HistoryEffectiveDate])

    objects = StageQuerySet.as_manager()

    class Meta:
        ordering = ["programme", "order", "id"]

    def __str__(self) -> str:
        return f"{self.code} {self.title}".strip()


class DeliverableQuerySet(ArchivableQuerySet):
    def not_archived(self):
        """Deliverables neither archived themselves nor in an archived stage or programme."""
        return self.filter(
            archived_at__isnull=True,
            stage__archived_at__isnull=True,
            stage__programme__archived_at__isnull=True,
        )


class Deliverable(Archivable):
    """Something a stage must deliver, internal (for the council) or external (with partners)."""

    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="deliverables")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    scope = models.CharField(
        max_length=10,
        choices=[(Scope.INTERNAL.value, "Internal"), (Scope.EXTERNAL.value, "External")],
    )
    text = models.TextField()
    order = models.PositiveIntegerField(default=0)
    status = models.CharField(
        max_length=20, choices=StatusChoices, default=StatusChoices.NOT_STARTED
    )
    status_suggested = models.BooleanField(default=False)
    history = HistoricalRecords(bases=[HistoryEffectiveDate])

    objects = DeliverableQuerySet.as_manager()

    class Meta:
        ordering = ["stage", "scope", "order", "id"]

    def __str__(self) -> str:
        return self.text[:80]


class ActionQuerySet(ArchivableQuerySet):
    def not_archived(self):
        """Actions neither archived themselves nor in an archived programme."""
        return self.filter(archived_at__isnull=True, programme__archived_at__isnull=True)


class Action(Archivable, TimescaleFields):
    """One line of the action plan: what, by when, who, and where it stands."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="actions")
    ref = models.CharField(max_length=40, blank=True)
    title = models.TextField()
    section = models.CharField(max_length=500, blank=True)
    order = models.PositiveIntegerField(default=0)
    status = models.CharField(
        max_length=20, choices=StatusChoices, default=StatusChoices.NOT_STARTED, db_index=True
    )
    status_suggested = models.BooleanField(
        default=False, help_text="The status was suggested from progress text, not confirmed"
    )
    rag = models.CharField("RAG as written", max_length=20, blank=True)
    history = HistoricalRecords(bases=[HistoryEffectiveDate])

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["programme", "order", "id"]

    def __str__(self) -> str:
        return self.title[:80]


class ActionOwner(models.Model):
    """One owner of an action: a person, team, organisation, a role as written, or unknown.

    ``name`` is always kept as written in the plan; the links say who it was resolved to.
    An owner with ``kind`` unknown needs a person to map it.
    """

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="owners")
    name = models.CharField(max_length=300)
    kind = models.CharField(max_length=20, choices=[(k.value, k.value) for k in OwnerKind])
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT)
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.PROTECT)
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.PROTECT)
    order = models.PositiveIntegerField(default=0)
    history = HistoricalRecords(bases=[HistoryEffectiveDate])

    class Meta:
        ordering = ["action", "order", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def needs_review(self) -> bool:
        return self.kind == OwnerKind.UNKNOWN


class ImportRun(models.Model):
    """One import of a document into a programme: who, what file, what it changed."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="imports")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    file_name = models.CharField(max_length=300)
    sha256 = models.CharField(max_length=64, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    counts = models.JSONField(default=dict)
    warnings = models.JSONField(default=list)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.created_at:%d %b %Y %H:%M})"


class ProgressUpdate(models.Model):
    """What was reported about an action or deliverable as of a reporting period.

    Append-only: a correction is a new update, never an edit.
    """

    action = models.ForeignKey(
        Action, null=True, blank=True, on_delete=models.CASCADE, related_name="updates"
    )
    deliverable = models.ForeignKey(
        Deliverable, null=True, blank=True, on_delete=models.CASCADE, related_name="updates"
    )
    as_of_text = models.CharField("as of", max_length=100, blank=True)
    as_of_start = models.DateField(null=True, blank=True)
    as_of_end = models.DateField(null=True, blank=True, db_index=True)
    text = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=StatusChoices)
    status_suggested = models.BooleanField(default=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    import_run = models.ForeignKey(
        ImportRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="updates"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-as_of_end", "-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(action__isnull=False, deliverable__isnull=True)
                    | models.Q(action__isnull=True, deliverable__isnull=False)
                ),
                name="progress_update_for_action_or_deliverable",
            )
        ]

    def __str__(self) -> str:
        return f"{self.as_of_text}: {self.text[:60]}"
