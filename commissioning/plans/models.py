"""What the importer remembers between imports: a person's reading of a table's columns."""

from django.conf import settings
from django.db import models


class ColumnLayout(models.Model):
    """The meaning a person chose for each column under one header layout.

    ``layout`` is the table's header texts joined with " | " (``TableReading.layout``), so
    next month's version of the same tracker is read the same way without asking again —
    in the same partnership only: one partnership's choices never apply to another's imports.
    ``choices`` maps each header text to a meaning ("title", "owners", …) or "ignore".
    """

    partnership = models.ForeignKey(
        "partnership.Partnership",
        null=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="The partnership whose imports read this layout so; one without applies to none",
    )
    layout = models.CharField(max_length=2000)
    choices = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["layout"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "layout"], name="one_column_layout_per_partnership"
            )
        ]

    def __str__(self) -> str:
        return self.layout
