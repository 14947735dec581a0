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
    Versioned,
    WithinQuerySet,
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


class ReportingPeriod(models.IntegerChoices):
    """How far the reports step: "completed this period", "due next period", the chart."""

    MONTHLY = 1, "Monthly"
    QUARTERLY = 3, "Quarterly"


class Programme(Archivable, Versioned):
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
    reporting_period_months = models.PositiveSmallIntegerField(
        "reporting period", choices=ReportingPeriod, default=ReportingPeriod.MONTHLY
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["created_at"], bases=[HistoryEffectiveDate])

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class StageQuerySet(WithinQuerySet, ArchivableQuerySet):
    within_path = "programme"

    def not_archived(self):
        """Stages neither archived themselves nor in an archived programme."""
        return self.filter(archived_at__isnull=True, programme__archived_at__isnull=True)


class Stage(Archivable, TimescaleFields, Versioned):
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


class DeliverableQuerySet(WithinQuerySet, ArchivableQuerySet):
    within_path = "stage__programme"

    def not_archived(self):
        """Deliverables neither archived themselves nor in an archived stage or programme."""
        return self.filter(
            archived_at__isnull=True,
            stage__archived_at__isnull=True,
            stage__programme__archived_at__isnull=True,
        )


class Deliverable(Archivable, Versioned):
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


class ActionQuerySet(WithinQuerySet, ArchivableQuerySet):
    within_path = "programme"

    def not_archived(self):
        """Actions neither archived themselves nor in an archived programme."""
        return self.filter(archived_at__isnull=True, programme__archived_at__isnull=True)


class Action(Archivable, TimescaleFields, Versioned):
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


class ImportRunQuerySet(WithinQuerySet):
    within_path = "programme"


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
    conflicts = models.JSONField(
        default=list,
        blank=True,
        help_text="Each field both the document and a person changed, and what was chosen",
    )

    objects = ImportRunQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.created_at:%d %b %Y %H:%M})"


class ProgressUpdateQuerySet(models.QuerySet):
    def within(self, programmes: models.QuerySet):
        """Updates on the actions and deliverables of ``programmes``."""
        return self.filter(
            models.Q(action__programme__in=programmes)
            | models.Q(deliverable__stage__programme__in=programmes)
        )


class ProgressUpdate(models.Model):
    """What was reported about an action or deliverable as of a reporting period.

    Append-only: a correction is a new update, never an edit. The one exception is a
    suggested status: a person confirming it marks the update confirmed (who and when),
    keeping the status that was suggested.
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
    # A person who confirms (or changes) a suggested status confirms this update: the
    # suggestion is kept beside who confirmed it and when.
    suggested_status = models.CharField(max_length=20, choices=StatusChoices, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(null=True, blank=True, db_index=True)
    import_run = models.ForeignKey(
        ImportRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="updates"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = ProgressUpdateQuerySet.as_manager()

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


class ImportBase(models.Model):
    """What the last import said about one stage, deliverable or action: the base of the
    three-way merge.

    ``values`` holds each field the document sets, as the document last gave it (timescales
    as written, owners as a list of names; a deliverable's scope and text, by which the next
    import still finds it after a person edits it). A later import compares the document with this
    base and with the item as it is now, so a person's edit is kept unless the document
    changed the same field too (a conflict, which a person decides). An item with no base
    was never imported, or was imported before bases were kept: every difference from the
    document is then a conflict. See ADR 0010.
    """

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="+")
    stage = models.OneToOneField(
        Stage, null=True, blank=True, on_delete=models.CASCADE, related_name="import_base"
    )
    deliverable = models.OneToOneField(
        Deliverable, null=True, blank=True, on_delete=models.CASCADE, related_name="import_base"
    )
    action = models.OneToOneField(
        Action, null=True, blank=True, on_delete=models.CASCADE, related_name="import_base"
    )
    values = models.JSONField(default=dict)
    import_run = models.ForeignKey(
        ImportRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(stage__isnull=False, deliverable__isnull=True, action__isnull=True)
                    | models.Q(stage__isnull=True, deliverable__isnull=False, action__isnull=True)
                    | models.Q(stage__isnull=True, deliverable__isnull=True, action__isnull=False)
                ),
                name="import_base_for_one_item",
            )
        ]

    def __str__(self) -> str:
        kind = "stage" if self.stage_id else "deliverable" if self.deliverable_id else "action"
        return f"Import base of {kind} {self.stage_id or self.deliverable_id or self.action_id}"
