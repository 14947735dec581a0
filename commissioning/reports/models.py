"""Calendar feed addresses: a secret per person and feed, which they can stop or renew."""

from django.conf import settings
from django.db import models


class CalendarToken(models.Model):
    """The secret in one person's address for one calendar feed (a programme or a person).

    Calendar apps cannot sign in, so the address itself opens the feed, read as ``user``. The
    person can renew it (the old address stops working) or stop it from the feed page; one
    no calendar app has used for ``CALENDAR_TOKEN_UNUSED_DAYS`` days stops working by itself.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    feed = models.CharField(max_length=250, help_text="A programme's slug, or people/<id>")
    key = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "feed"], name="one_calendar_token_per_feed")
        ]

    def __str__(self) -> str:
        return f"Calendar address of {self.user} for {self.feed}"
