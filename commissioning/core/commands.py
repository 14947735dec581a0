"""What the management commands share: the user a command acts as, and dates as typed.

A mistake in an argument is a ``CommandError`` naming the argument, with exit status 2.
"""

from __future__ import annotations

from datetime import date

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

from commissioning.domain.timescales import date_as_written


def find_user(username: str | None):
    """The active user named by ``--user``, or None (the site operator) when none is named."""
    if not username:
        return None
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(f"--user: no active user named {username!r}", returncode=2)
    return user


def read_date(argument: str, text: str | None) -> date | None:
    """A date typed as people write it ("31 March 2008"; a month means its last day), None
    when not given, or a CommandError naming ``argument``."""
    try:
        return date_as_written(text or "")
    except ValueError as error:
        raise CommandError(f"{argument}: {error}", returncode=2) from None
