"""Turn directory data into what its pages show, so templates hold no logic."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from commissioning.plans.presenters import timescale_window
from commissioning.programmes.models import StatusChoices
from commissioning.programmes.presenters import STATUS_TAG_COLOURS


@dataclass
class ResponsibilityRow:
    """One action someone is responsible for, as the "Responsible for" table shows it."""

    title: str
    url: str
    programme: str
    programme_url: str
    timescale: str
    window: str
    status: str
    status_tag_class: str
    status_suggested: bool
    through: str


def responsibility_rows(actions, *, organisation=None) -> list[ResponsibilityRow]:
    """Rows for ``actions_owned``; for an organisation, ``through`` says who owns each."""
    return [
        ResponsibilityRow(
            title=action.title,
            url=reverse("action", args=[action.pk]),
            programme=action.programme.name,
            programme_url=reverse("programme", args=[action.programme.slug]),
            timescale=action.timescale_text,
            window=timescale_window(action.timescale),
            status=StatusChoices(action.status).label,
            status_tag_class=STATUS_TAG_COLOURS[action.status],
            status_suggested=action.status_suggested,
            through=_through(action.as_owners, organisation) if organisation else "",
        )
        for action in actions
    ]


def _through(owners, organisation) -> str:
    """Who owns the action on the organisation's behalf: itself, its people, its teams."""
    names = []
    for owner in owners:
        if owner.organisation_id == organisation.pk:
            name = "The organisation"
        else:
            name = (owner.person or owner.team or owner).name
        if name not in names:
            names.append(name)
    return ", ".join(names)
