"""Work done by the background worker, and how far a piece of it has got.

Heavy imports and report renders are django-tasks tasks on its database backend (ADR 0013):
a page queues one and sends the user to a status page, which refreshes itself until the
worker (``commissioning db_worker``) has finished. Every task queued here takes the asking
user's id as its ``user_id`` keyword, so that ``access.task_result_for`` shows its status and
result to that user alone.

A task returns a dict. A refusal the user should read (a file that cannot be read, an import
no longer allowed) is returned as ``{"error": message}``, not raised: only a fault nobody
foresaw fails the task, and then the page says so plainly and never shows the traceback.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from django.db.models import Q
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

# Seconds between refreshes of a status page while its task is waiting or running.
REFRESH_SECONDS = 2


class State(StrEnum):
    WAITING = "waiting"
    RUNNING = "running"
    DONE = "done"
    REFUSED = "refused"  # finished, with a message for the user
    FAILED = "failed"  # raised an exception nobody foresaw


@dataclass(frozen=True)
class Progress:
    """Where a background task stands, for its status page."""

    state: State
    ahead: int  # tasks queued before it that have not started yet
    enqueued_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    value: dict | None  # what the task returned, once done
    error: str | None  # the refusal's message

    @property
    def finished(self) -> bool:
        return self.state in {State.DONE, State.REFUSED, State.FAILED}

    @property
    def refresh_seconds(self) -> int | None:
        """How soon the page should look again; None once the task has finished."""
        return None if self.finished else REFRESH_SECONDS


def progress_of(result) -> Progress:
    """The progress of ``result`` (a task result of the database backend)."""
    value = error = None
    ahead = 0
    if result.status == TaskResultStatus.SUCCESSFUL:
        value = result.return_value if isinstance(result.return_value, dict) else {}
        error = value.get("error")
        state = State.REFUSED if error else State.DONE
    elif result.status == TaskResultStatus.FAILED:
        state = State.FAILED
    elif result.status == TaskResultStatus.RUNNING:
        state = State.RUNNING
    else:
        state = State.WAITING
        ahead = queued_before(result)
    return Progress(
        state=state,
        ahead=ahead,
        enqueued_at=result.enqueued_at,
        started_at=result.started_at,
        finished_at=result.finished_at,
        value=value,
        error=error,
    )


def queued_before(result) -> int:
    """How many tasks waiting in the same queue the worker will take before this one.

    The worker takes the highest priority first, then the oldest (the backend's ordering).
    """
    db_result = result.db_result
    earlier = Q(priority__gt=db_result.priority) | Q(
        priority=db_result.priority, enqueued_at__lt=db_result.enqueued_at
    )
    waiting = DBTaskResult.objects.ready().filter(
        queue_name=db_result.queue_name, backend_name=db_result.backend_name
    )
    return waiting.filter(earlier).count()


# Unfinished tasks one user may have queued at once; more is refused until some finish.
UNFINISHED_PER_USER = 5


def unfinished(task, **kwargs):
    """The same task with the same arguments, still waiting or running, if there is one:
    follow it rather than queue the same work twice (a double click, a reload)."""
    lookups = {f"args_kwargs__kwargs__{name}": value for name, value in kwargs.items()}
    row = (
        DBTaskResult.objects.filter(
            task_path=task.module_path,
            status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING],
            **lookups,
        )
        .order_by("enqueued_at")
        .first()
    )
    return row.task_result if row is not None else None


def unfinished_count(user) -> int:
    """How many of the user's tasks are waiting or running."""
    return DBTaskResult.objects.filter(
        status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING],
        args_kwargs__kwargs__user_id=user.pk,
    ).count()


class TooManyTasks(Exception):
    """The user already has ``UNFINISHED_PER_USER`` tasks waiting or running."""

    def __init__(self):
        super().__init__(
            f"You already have {UNFINISHED_PER_USER} reports or imports being made: "
            f"wait for one of them to finish, then ask again"
        )


def enqueue_once(task, *, user, same: tuple[str, ...] | None = None, **kwargs):
    """Queue ``task`` for ``user`` unless the same is already waiting or running; returns the
    task result to follow. ``same`` names the arguments that make two tasks the same (all of
    them by default). Raises TooManyTasks when the user has too many unfinished."""
    kwargs = {"user_id": user.pk, **kwargs}
    names = ("user_id", *same) if same is not None else tuple(kwargs)
    found = unfinished(task, **{name: kwargs[name] for name in names})
    if found is not None:
        return found
    if unfinished_count(user) >= UNFINISHED_PER_USER:
        raise TooManyTasks
    return task.enqueue(**kwargs)
