"""Shared model pieces: the timescale fields every dated record carries, the date a
historical version describes, and archiving instead of deleting."""

from django.conf import settings
from django.db import models

from commissioning.domain.timescales import Precision, Timescale


class TimescaleFields(models.Model):
    """A timescale as written ("April 2008") with the window it was read as.

    The text is what the user wrote and is never rewritten; start, end and precision are
    derived from it by the timescale interpreter. The due date is the window's end.
    """

    timescale_text = models.CharField("timescale", max_length=300, blank=True)
    timescale_start = models.DateField(null=True, blank=True)
    timescale_end = models.DateField("due", null=True, blank=True, db_index=True)
    timescale_precision = models.CharField(
        max_length=20,
        choices=[(p.value, p.value.replace("_", " ")) for p in Precision],
        default=Precision.UNPARSED,
    )

    class Meta:
        abstract = True

    @property
    def timescale(self) -> Timescale | None:
        """The stored timescale, or None when none was written."""
        if not self.timescale_text:
            return None
        return Timescale(
            text=self.timescale_text,
            start=self.timescale_start,
            end=self.timescale_end,
            precision=Precision(self.timescale_precision),
        )

    @property
    def due(self):
        return self.timescale_end

    def timescale_values(self) -> dict:
        return {
            "timescale_text": self.timescale_text,
            "timescale_start": self.timescale_start,
            "timescale_end": self.timescale_end,
            "timescale_precision": self.timescale_precision,
        }


def timescale_values(timescale: Timescale | None) -> dict:
    """Field values for storing ``timescale`` in a model with TimescaleFields."""
    if timescale is None:
        return {
            "timescale_text": "",
            "timescale_start": None,
            "timescale_end": None,
            "timescale_precision": Precision.UNPARSED.value,
        }
    return {
        "timescale_text": timescale.text,
        "timescale_start": timescale.start,
        "timescale_end": timescale.end,
        "timescale_precision": str(timescale.precision),
    }


class HistoryEffectiveDate(models.Model):
    """The reporting date a historical version describes, beside when it was recorded.

    A document imported today may describe the plan as of March 2008: its rows are recorded
    now (``history_date``) but take effect on 31 March 2008 (``history_effective``). Empty
    means an undated import: the plan as the document described it, earlier than any date.
    """

    history_effective = models.DateField(null=True, blank=True, db_index=True)

    class Meta:
        abstract = True


def set_history_effective(sender, *, instance, history_instance, **kwargs) -> None:
    """Date a new historical version: the date the writer gave, else the day it was recorded.

    Connected to simple-history's ``pre_create_historical_record``; a writer that knows the
    reporting date sets ``instance._history_effective``. Bulk writes send no signal and pass
    the date themselves (``custom_historical_attrs``).
    """
    if not isinstance(history_instance, HistoryEffectiveDate):
        return
    if history_instance.history_effective is None:
        history_instance.history_effective = (
            getattr(instance, "_history_effective", None) or history_instance.history_date.date()
        )


class WithinQuerySet(models.QuerySet):
    """Rows that belong to the given parents (programmes, partnerships, bodies): each model
    says how it reaches its parent (``within_path``); the access rules compose these with
    who the user is, so the rules need not know every model's relations."""

    within_path = ""

    def within(self, parents: models.QuerySet):
        """The rows whose parent is one of ``parents`` (a queryset, used as a subquery)."""
        return self.filter(**{f"{self.within_path}__in": parents})


class ArchivableQuerySet(models.QuerySet):
    """Reads that leave archived records out, as every list, export and report does."""

    def not_archived(self):
        return self.filter(archived_at__isnull=True)

    def archived(self):
        return self.filter(archived_at__isnull=False)


class Archivable(models.Model):
    """A record that is archived, never deleted: hidden from lists, kept with who and when.

    Archiving and restoring are changes like any other, so the record's history says who
    did them. Only a site administrator may purge an archived record for good.
    """

    archived_at = models.DateTimeField(null=True, blank=True, editable=False)
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        abstract = True

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None


class Versioned(models.Model):
    """A record two people may edit at once: each guarded save is one conditional update
    (``UPDATE … SET lock_version = lock_version + 1 WHERE id = … AND lock_version = n``), so
    of two saves made from the same copy exactly one wins and the other is refused."""

    lock_version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True
