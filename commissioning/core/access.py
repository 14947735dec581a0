"""Who may do what: every rule about seeing and changing data, for pages, the API and the CLI.

The rules, also in docs/adr/0005-who-may-do-what.md:

- A **site administrator** (a Django superuser) may do everything, in every programme.
- A user belongs to an organisation through their ``Person`` (``Person.user``).
- A user is a **member** of a programme when they hold a role on it (``ProgrammeRole``:
  viewer, contributor or programme manager), or when their organisation is its lead or one of
  its partners; such a user without a role is a **viewer**. Members see the programme and
  everything in it; to anybody else it does not exist (404, never 403).
- A **contributor** adds progress to, and confirms the status of, the actions they, a team
  they are in, or their organisation answers for (an organisation answers for what it, its
  people and its teams own); and deliverables: internal ones when their organisation leads
  the programme, external ones when it leads or is a partner.
- A **programme manager** changes the programme's structure (programme, stages,
  deliverables, actions), imports into it, reviews its suggested statuses, grants roles on it,
  and contributes to everything in it. Only site administrators start new programmes.
- **Reports** (dashboard, timeline, highlight report, calendar, report API and command) are
  reading: every member may produce them.
- **Governance**: a signed-in user sees the bodies of their partnership (bodies of their own
  organisation and of the leads and partners of the programmes they can see, and bodies of
  the whole partnership once they are a member of any programme), and the agreements their
  organisation is a party to or hosts, or that involve the partnership their organisation
  leads. Site administrators, and programme managers of a programme their own organisation
  leads, change the governance of that programme's lead and partners. Only site
  administrators import governance files.

Lookups (``programme_for``, ``action_for``, …) raise Http404 for what a user cannot see;
``require_…`` raise PermissionDenied (403) for what they can see but not change. Querysets
(``visible_…``) use subqueries only, so a list costs the same queries whoever reads it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from commissioning.domain.plan import Scope
from commissioning.partnership.models import (
    Agreement,
    Body,
    Meeting,
    Organisation,
    Partnership,
    PartnershipRole,
    PartnershipRoleKind,
    Post,
    ProgrammeRole,
    Role,
)
from commissioning.programmes.models import (
    Action,
    Deliverable,
    ImportRun,
    Programme,
    ProgressUpdate,
    Stage,
)

Item = Programme | Stage | Deliverable | Action
Partners = Programme.partners.through
Parties = Agreement.parties.through


# --- Who the user is -----------------------------------------------------------------------------


def signed_in(user) -> bool:
    return user is not None and user.is_authenticated and user.is_active


def is_site_administrator(user) -> bool:
    """A Django superuser: may do everything, everywhere."""
    return signed_in(user) and user.is_superuser


def own_organisation(user) -> QuerySet[Organisation]:
    """The user's organisation (through their person), as a queryset of none or one."""
    if not signed_in(user):
        return Organisation.objects.none()
    return Organisation.objects.filter(people__user=user)


def responsible_owners(user) -> Q:
    """Action owners the user answers for: them, their teams, their organisation and its
    people and teams."""
    organisation = own_organisation(user)
    return (
        Q(person__user=user)
        | Q(team__members__user=user)
        | Q(organisation__in=organisation)
        | Q(person__organisation__in=organisation)
        | Q(team__organisation__in=organisation)
    )


# --- Programmes: members, roles and what each may do ---------------------------------------------


def visible_programmes(user) -> QuerySet[Programme]:
    """The programmes ``user`` is a member of (every programme for a site administrator)."""
    if not signed_in(user):
        return Programme.objects.none()
    if user.is_superuser:
        return Programme.objects.all()
    organisation = own_organisation(user)
    return Programme.objects.filter(
        Q(pk__in=ProgrammeRole.objects.filter(user=user).values("programme"))
        | Q(lead_organisation__in=organisation)
        | Q(pk__in=Partners.objects.filter(organisation__in=organisation).values("programme"))
    )


def role_on(user, programme: Programme) -> Role | None:
    """The user's role on the programme; None when they are not a member.

    A site administrator manages every programme; a user of the lead or a partner
    organisation without a role of their own is a viewer.
    """
    if not signed_in(user):
        return None
    if user.is_superuser:
        return Role.MANAGER
    roles = ProgrammeRole.objects.filter(user=user, programme=programme)
    role = roles.values_list("role", flat=True).first()
    if role:
        return Role(role)
    organisation = own_organisation(user)
    in_partnership = Programme.objects.filter(pk=programme.pk).filter(
        Q(lead_organisation__in=organisation)
        | Q(pk__in=Partners.objects.filter(organisation__in=organisation).values("programme"))
    )
    return Role.VIEWER if in_partnership.exists() else None


def programme_of(item: Item) -> Programme:
    if isinstance(item, Programme):
        return item
    if isinstance(item, Deliverable):
        return item.stage.programme
    return item.programme


@dataclass(frozen=True)
class Permissions:
    """What one user may do with one programme or item, worked out once for a page."""

    role: Role | None
    contribute: bool
    manage: bool

    @property
    def view(self) -> bool:
        return self.role is not None


def permissions(user, item: Item) -> Permissions:
    """The user's role on the item's programme and what it lets them do with the item."""
    role = role_on(user, programme_of(item))
    manage = role == Role.MANAGER
    contribute = manage or (role == Role.CONTRIBUTOR and _answers_for(user, item))
    return Permissions(role=role, contribute=contribute, manage=manage)


def _answers_for(user, item: Item) -> bool:
    """Whether a contributor answers for the item (see the module's rules)."""
    if isinstance(item, Action):
        return item.owners.filter(responsible_owners(user)).exists()
    if isinstance(item, Deliverable):
        programme = item.stage.programme
        partnership = Q(pk=programme.lead_organisation_id)
        if item.scope != Scope.INTERNAL:
            partnership |= Q(partner_programmes=programme)
        return own_organisation(user).filter(partnership).exists()
    return False


def can_view(user, item: Item) -> bool:
    return role_on(user, programme_of(item)) is not None


def can_contribute(user, item: Action | Deliverable) -> bool:
    """Add progress to the item, or confirm or change its status."""
    return permissions(user, item).contribute


def can_manage(user, item: Item) -> bool:
    """Change the programme's structure, import into it and grant roles on it."""
    return role_on(user, programme_of(item)) == Role.MANAGER


def can_report(user, programme: Programme) -> bool:
    """Produce the programme's reports: reading, so every member may."""
    return can_view(user, programme)


def require_report(user, programme: Programme) -> None:
    """Http404 for a programme the user cannot see; PermissionDenied if they may not report."""
    require_view(user, programme)
    if not can_report(user, programme):
        raise PermissionDenied(f"You cannot produce reports of {programme.name}")


def can_change_action(user, action: Action, fields: set[str]) -> bool:
    """Change an action's fields: its status alone is a contribution, the rest is structure."""
    if fields <= {"status"}:
        return can_contribute(user, action)
    return can_manage(user, action)


def require_view(user, item: Item) -> None:
    if not can_view(user, item):
        raise Http404("No such programme")


def require_contribute(user, item: Action | Deliverable) -> None:
    """Http404 when the user cannot see the item; PermissionDenied when they cannot add to it."""
    allowed = permissions(user, item)
    if not allowed.view:
        raise Http404("No such item")
    if not allowed.contribute:
        raise PermissionDenied(
            f"You can add progress only to what you, your team or your organisation is "
            f"responsible for in {programme_of(item).name}"
        )


def require_manage(user, item: Item) -> None:
    """Http404 when the user cannot see the programme; PermissionDenied unless they manage it."""
    programme = programme_of(item)
    role = role_on(user, programme)
    if role is None:
        raise Http404("No such programme")
    if role != Role.MANAGER:
        raise PermissionDenied(f"Only programme managers of {programme.name} can change it")


# --- Lookups: 404 for what the user cannot see ---------------------------------------------------


def programme_for(user, slug: str) -> Programme:
    programmes = visible_programmes(user).select_related("lead_organisation")
    return get_object_or_404(programmes, slug=slug)


def visible_stages(user) -> QuerySet[Stage]:
    return Stage.objects.filter(programme__in=visible_programmes(user))


def visible_actions(user) -> QuerySet[Action]:
    return Action.objects.filter(programme__in=visible_programmes(user))


def visible_deliverables(user) -> QuerySet[Deliverable]:
    return Deliverable.objects.filter(stage__programme__in=visible_programmes(user))


def visible_progress_updates(user) -> QuerySet[ProgressUpdate]:
    programmes = visible_programmes(user)
    return ProgressUpdate.objects.filter(
        Q(action__programme__in=programmes) | Q(deliverable__stage__programme__in=programmes)
    )


def visible_import_runs(user) -> QuerySet[ImportRun]:
    return ImportRun.objects.filter(programme__in=visible_programmes(user))


def stage_for(user, pk: int) -> Stage:
    return get_object_or_404(visible_stages(user).select_related("programme"), pk=pk)


def action_for(user, pk: int) -> Action:
    return get_object_or_404(visible_actions(user).select_related("programme"), pk=pk)


def deliverable_for(user, pk: int) -> Deliverable:
    deliverables = visible_deliverables(user).select_related("stage__programme", "parent")
    return get_object_or_404(deliverables, pk=pk)


# --- Imports -------------------------------------------------------------------------------------


def importable_programmes(user) -> QuerySet[Programme]:
    """The programmes the user may import into: those they manage."""
    if is_site_administrator(user):
        return Programme.objects.all()
    if not signed_in(user):
        return Programme.objects.none()
    managed = ProgrammeRole.objects.filter(user=user, role=Role.MANAGER).values("programme")
    return Programme.objects.filter(pk__in=managed)


def can_import(user) -> bool:
    """Use the import pages at all: site administrators and programme managers."""
    return is_site_administrator(user) or importable_programmes(user).exists()


def require_import(user, programme: Programme | None, name: str) -> None:
    """PermissionDenied unless the user may import into ``programme`` (None: a new one).

    A programme the user cannot see is treated as absent, so the refusal does not reveal it.
    """
    if programme is not None and not can_view(user, programme):
        programme = None
    if programme is None:
        if is_site_administrator(user):
            return
        raise PermissionDenied(
            f"You manage no programme named {name!r}, and only site administrators can "
            f"start a new programme: choose a programme you manage"
        )
    if not can_manage(user, programme):
        raise PermissionDenied(f"Only programme managers of {programme.name} can import into it")


# --- Roles ---------------------------------------------------------------------------------------


def grantable_users(programme: Programme):
    """Users a manager may give a role on the programme: people of its lead and partners."""
    organisations = Q(person__organisation=programme.lead_organisation_id) | Q(
        person__organisation__in=Partners.objects.filter(programme=programme).values("organisation")
    )
    return get_user_model().objects.filter(organisations, is_active=True)


# --- Governance ----------------------------------------------------------------------------------


def partnership_organisations(user) -> QuerySet[Organisation]:
    """The user's organisation and every lead and partner of the programmes they can see."""
    programmes = visible_programmes(user)
    return Organisation.objects.filter(
        Q(pk__in=own_organisation(user).values("pk"))
        | Q(pk__in=programmes.values("lead_organisation"))
        | Q(pk__in=Partners.objects.filter(programme__in=programmes).values("organisation"))
    )


def _led_partnership(organisations: QuerySet[Organisation], programmes=None) -> Q:
    """The leads and partners of the programmes ``organisations`` lead (only ``programmes``,
    when given)."""
    led = Programme.objects.filter(lead_organisation__in=organisations)
    if programmes is not None:
        led = led.filter(pk__in=programmes)
    return Q(pk__in=led.values("lead_organisation")) | Q(
        pk__in=Partners.objects.filter(programme__in=led).values("organisation")
    )


def visible_bodies(user) -> QuerySet[Body]:
    if is_site_administrator(user):
        return Body.objects.all()
    if not signed_in(user):
        return Body.objects.none()
    whole_partnership = Q(organisation__isnull=True) & Q(Exists(visible_programmes(user)))
    return Body.objects.filter(
        Q(organisation__in=partnership_organisations(user)) | whole_partnership
    )


def visible_posts(user) -> QuerySet[Post]:
    return Post.objects.filter(body__in=visible_bodies(user))


def visible_meetings(user) -> QuerySet[Meeting]:
    return Meeting.objects.filter(body__in=visible_bodies(user))


def visible_agreements(user) -> QuerySet[Agreement]:
    """Agreements the user's organisation is party to or hosts, or that involve the
    partnership it leads."""
    if is_site_administrator(user):
        return Agreement.objects.all()
    own = own_organisation(user)
    organisations = Organisation.objects.filter(Q(pk__in=own.values("pk")) | _led_partnership(own))
    return _agreements_of(organisations)


def _agreements_of(organisations: QuerySet[Organisation]) -> QuerySet[Agreement]:
    parties = Parties.objects.filter(organisation__in=organisations).values("agreement")
    return Agreement.objects.filter(Q(pk__in=parties) | Q(host__in=organisations))


def governed_organisations(user) -> QuerySet[Organisation]:
    """Organisations whose governance the user may change: every one for a site administrator;
    else the lead and partners of each programme the user manages and their organisation leads."""
    if is_site_administrator(user):
        return Organisation.objects.all()
    if not signed_in(user):
        return Organisation.objects.none()
    managed = ProgrammeRole.objects.filter(user=user, role=Role.MANAGER).values("programme")
    return Organisation.objects.filter(_led_partnership(own_organisation(user), managed))


def can_govern(user) -> bool:
    """Change some governance: site administrators and managers of a programme they lead."""
    return is_site_administrator(user) or governed_organisations(user).exists()


def changeable_bodies(user) -> QuerySet[Body]:
    if is_site_administrator(user):
        return Body.objects.all()
    if not can_govern(user):
        return Body.objects.none()
    governed = governed_organisations(user)
    return Body.objects.filter(Q(organisation__in=governed) | Q(organisation__isnull=True))


def changeable_agreements(user) -> QuerySet[Agreement]:
    if is_site_administrator(user):
        return Agreement.objects.all()
    return _agreements_of(governed_organisations(user))


def can_change_body(user, body: Body | None) -> bool:
    """Change a body, its posts, members and meetings; None: add a new body."""
    if body is None:
        return can_govern(user)
    return changeable_bodies(user).filter(pk=body.pk).exists()


def can_change_agreement(user, agreement: Agreement | None) -> bool:
    """Change an agreement and its contributions; None: add a new agreement."""
    if agreement is None:
        return can_govern(user)
    return changeable_agreements(user).filter(pk=agreement.pk).exists()


def can_import_governance(user) -> bool:
    """Governance files match records by name across every partnership: administrators only."""
    return is_site_administrator(user)


def require_change_body(user, body: Body | None) -> None:
    if not can_change_body(user, body):
        raise PermissionDenied("Only the lead organisation's programme managers can change this")


def require_change_agreement(user, agreement: Agreement | None) -> None:
    if not can_change_agreement(user, agreement):
        raise PermissionDenied("Only the lead organisation's programme managers can change this")


def require_import_governance(user) -> None:
    if not can_import_governance(user):
        raise PermissionDenied("Only site administrators can import governance files")


# --- Outcomes: a partnership's outcomes, chains, needs analyses and gaps -------------------------
#
# Every outcomes row belongs to one partnership. Its members read everything in it: users with a
# role in it (``PartnershipRole``) and the people of its lead and partner organisations. Its
# partnership managers and site administrators change it. To anybody else it does not exist.


def outcomes_partnerships(user) -> QuerySet[Partnership]:
    """The partnerships whose outcomes ``user`` may read (every one for a site administrator)."""
    if not signed_in(user):
        return Partnership.objects.none()
    if user.is_superuser:
        return Partnership.objects.all()
    organisation = own_organisation(user)
    return Partnership.objects.filter(
        Q(pk__in=PartnershipRole.objects.filter(user=user).values("partnership"))
        | Q(lead_organisation__in=organisation)
        | Q(
            pk__in=Partnership.partners.through.objects.filter(
                organisation__in=organisation
            ).values("partnership")
        )
    )


def outcomes_changeable_partnerships(user) -> QuerySet[Partnership]:
    """The partnerships whose outcomes ``user`` may change: those they manage."""
    if is_site_administrator(user):
        return Partnership.objects.all()
    if not signed_in(user):
        return Partnership.objects.none()
    managed = PartnershipRole.objects.filter(user=user, role=PartnershipRoleKind.MANAGER)
    return Partnership.objects.filter(pk__in=managed.values("partnership"))


def can_change_outcomes(user, partnership: Partnership) -> bool:
    """Change the partnership's outcomes, chains, alignments, needs analyses and gaps."""
    return outcomes_changeable_partnerships(user).filter(pk=partnership.pk).exists()


def outcomes_partnership_for(user, slug: str) -> Partnership:
    """The partnership by its slug; Http404 when the user may not read its outcomes."""
    return get_object_or_404(outcomes_partnerships(user), slug=slug)


def require_change_outcomes(user, partnership: Partnership) -> None:
    """Http404 when the user cannot see the partnership; PermissionDenied unless they manage it."""
    if not outcomes_partnerships(user).filter(pk=partnership.pk).exists():
        raise Http404("No such partnership")
    if not can_change_outcomes(user, partnership):
        raise PermissionDenied(
            f"Only partnership managers of {partnership} can change its outcomes"
        )
