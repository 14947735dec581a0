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
- **Background tasks** (an import being written, a report being made): only the user who
  asked for one sees its status and result, and a report's only while they may still
  report on its programme.
- **Partnerships** are the boundary of all data (docs/adr/0007-partnership-as-tenancy-root.md).
  A user belongs to a partnership through their organisation (its lead or a partner), a
  role in it (``PartnershipRole``: viewer, contributor or partnership manager), or
  membership of one of its programmes. Nothing of a partnership exists (404) for anyone else.
- **Directory**: organisations, people and teams are shared by the installation, but a user
  sees only the organisations of their partnerships (leads and partners, of the partnership
  and its programmes), the people and teams of those organisations, and the people and teams
  that own the partnership's actions or hold its posts or sit on its bodies.
- **Governance**: members see every body of their partnership and the agreements their
  organisation is a party to or hosts (all of them when their organisation leads the
  partnership or they hold a role in it). Partnership **contributors** record meetings,
  decisions and members of its bodies. Partnership **managers** (a role, or a programme
  manager of one of its programmes that their own organisation leads) and site
  administrators change its bodies, posts, agreements and contributions; a new body or
  agreement is always created inside one partnership they manage, with organisations and
  parent of that partnership only. Only site administrators import governance files.

Each app's models say which rows lie within a programme, partnership or body
(``Stage.objects.within(programmes)``, ``Body.objects.within(partnerships)``); the rules here
say which of those the user may reach, and compose the two.

Lookups (``programme_for``, ``action_for``, …) raise Http404 for what a user cannot see;
``require_…`` raise PermissionDenied (403) for what they can see but not change. Querysets
(``visible_…``) use subqueries only, so a list costs the same queries whoever reads it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django_tasks.exceptions import TaskResultDoesNotExist, TaskResultMismatch

from commissioning.domain.plan import Scope
from commissioning.partnership.models import (
    Agreement,
    Body,
    Meeting,
    Membership,
    Organisation,
    Partnership,
    PartnershipRole,
    PartnershipRoleKind,
    Person,
    Post,
    PostTenure,
    ProgrammeRole,
    Role,
    Team,
)
from commissioning.programmes.models import (
    Action,
    ActionOwner,
    Deliverable,
    ImportRun,
    Programme,
    ProgressUpdate,
    Stage,
)

Item = Programme | Stage | Deliverable | Action
Partners = Programme.partners.through
Parties = Agreement.parties.through
PartnershipPartners = Partnership.partners.through


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
    return Stage.objects.within(visible_programmes(user))


def visible_actions(user) -> QuerySet[Action]:
    return Action.objects.within(visible_programmes(user))


def visible_deliverables(user) -> QuerySet[Deliverable]:
    return Deliverable.objects.within(visible_programmes(user))


def visible_progress_updates(user) -> QuerySet[ProgressUpdate]:
    return ProgressUpdate.objects.within(visible_programmes(user))


def visible_import_runs(user) -> QuerySet[ImportRun]:
    return ImportRun.objects.within(visible_programmes(user))


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


# --- Background tasks ----------------------------------------------------------------------------


def task_result_for(user, task, result_id: str, *, programme: Programme | None = None):
    """The result of the background ``task`` queued as ``result_id`` by ``user``, else 404.

    Someone else's task, another kind of task, or (with ``programme``) a task about another
    programme is treated as absent, so a guessed id reveals nothing.
    """
    if not signed_in(user):
        raise Http404("No such task")
    try:
        result = task.get_result(str(result_id))
    except (TaskResultDoesNotExist, TaskResultMismatch) as absent:
        raise Http404("No such task") from absent
    if result.kwargs.get("user_id") != user.pk:
        raise Http404("No such task")
    if programme is not None and result.kwargs.get("programme_id") != programme.pk:
        raise Http404("No such task")
    return result


# --- Roles ---------------------------------------------------------------------------------------


def grantable_users(programme: Programme):
    """Users a manager may give a role on the programme: people of its lead and partners."""
    organisations = Q(person__organisation=programme.lead_organisation_id) | Q(
        person__organisation__in=Partners.objects.filter(programme=programme).values("organisation")
    )
    return get_user_model().objects.filter(organisations, is_active=True)


# --- Partnerships: the boundary of all data -------------------------------------------------------


def visible_partnerships(user) -> QuerySet[Partnership]:
    """The partnerships ``user`` belongs to (every one for a site administrator).

    A user belongs through their organisation (the lead or a partner), a role in the
    partnership, or membership of one of its programmes.
    """
    if not signed_in(user):
        return Partnership.objects.none()
    if user.is_superuser:
        return Partnership.objects.all()
    organisation = own_organisation(user)
    return Partnership.objects.filter(
        Q(lead_organisation__in=organisation)
        | Q(
            pk__in=PartnershipPartners.objects.filter(organisation__in=organisation).values(
                "partnership"
            )
        )
        | Q(pk__in=PartnershipRole.objects.filter(user=user).values("partnership"))
        | Q(pk__in=visible_programmes(user).values("partnership"))
    )


def managed_partnerships(user) -> QuerySet[Partnership]:
    """The partnerships whose governance ``user`` changes: every one for a site administrator;
    else those they manage (a partnership role), and those of each programme they manage that
    their own organisation leads."""
    if not signed_in(user):
        return Partnership.objects.none()
    if user.is_superuser:
        return Partnership.objects.all()
    managed_programmes = ProgrammeRole.objects.filter(user=user, role=Role.MANAGER).values(
        "programme"
    )
    led = Programme.objects.filter(
        pk__in=managed_programmes, lead_organisation__in=own_organisation(user)
    )
    roles = PartnershipRole.objects.filter(user=user, role=PartnershipRoleKind.MANAGER)
    return Partnership.objects.filter(
        Q(pk__in=roles.values("partnership")) | Q(pk__in=led.values("partnership"))
    )


def recording_partnerships(user) -> QuerySet[Partnership]:
    """The partnerships where ``user`` records meetings, decisions and members of bodies:
    contributors and managers."""
    if not signed_in(user):
        return Partnership.objects.none()
    roles = PartnershipRole.objects.filter(
        user=user, role__in=[PartnershipRoleKind.CONTRIBUTOR, PartnershipRoleKind.MANAGER]
    )
    return Partnership.objects.filter(
        Q(pk__in=roles.values("partnership")) | Q(pk__in=managed_partnerships(user).values("pk"))
    )


def partnership_role(user, partnership: Partnership) -> PartnershipRoleKind | None:
    """The user's role in the partnership's governance; None when they do not belong to it."""
    if not signed_in(user):
        return None
    if managed_partnerships(user).filter(pk=partnership.pk).exists():
        return PartnershipRoleKind.MANAGER
    if recording_partnerships(user).filter(pk=partnership.pk).exists():
        return PartnershipRoleKind.CONTRIBUTOR
    if visible_partnerships(user).filter(pk=partnership.pk).exists():
        return PartnershipRoleKind.VIEWER
    return None


def partnership_for(user, slug: str) -> Partnership:
    return get_object_or_404(visible_partnerships(user), slug=slug)


def require_member(user, partnership: Partnership) -> None:
    """Http404 unless the user belongs to the partnership: to anyone else it does not exist."""
    if not visible_partnerships(user).filter(pk=partnership.pk).exists():
        raise Http404("No such partnership")


def organisations_of(partnerships: QuerySet[Partnership]) -> QuerySet[Organisation]:
    """The leads and partners of ``partnerships`` and of their programmes."""
    programmes = Programme.objects.filter(partnership__in=partnerships)
    return Organisation.objects.filter(
        Q(pk__in=partnerships.values("lead_organisation"))
        | Q(
            pk__in=PartnershipPartners.objects.filter(partnership__in=partnerships).values(
                "organisation"
            )
        )
        | Q(pk__in=programmes.values("lead_organisation"))
        | Q(pk__in=Partners.objects.filter(programme__in=programmes).values("organisation"))
    )


# --- The directory: organisations, people and teams ----------------------------------------------


def visible_organisations(user) -> QuerySet[Organisation]:
    """Organisations of the user's partnerships (and their own): the directory is shared by
    the installation, but each partnership sees only its own members."""
    if is_site_administrator(user):
        return Organisation.objects.all()
    if not signed_in(user):
        return Organisation.objects.none()
    return Organisation.objects.filter(
        Q(pk__in=organisations_of(visible_partnerships(user)).values("pk"))
        | Q(pk__in=own_organisation(user).values("pk"))
    )


def people_of(partnerships: QuerySet[Partnership]) -> QuerySet[Person]:
    """People of the organisations of ``partnerships``, and people who own their actions, hold
    or held their posts or sit on their bodies."""
    organisations = organisations_of(partnerships)
    programmes = Programme.objects.filter(partnership__in=partnerships)
    bodies = Body.objects.within(partnerships)
    return Person.objects.filter(
        Q(organisation__in=organisations)
        | Q(pk__in=ActionOwner.objects.filter(action__programme__in=programmes).values("person"))
        | Q(pk__in=Post.objects.filter(body__in=bodies).values("holder"))
        | Q(pk__in=PostTenure.objects.filter(post__body__in=bodies).values("person"))
        | Q(pk__in=Membership.objects.filter(body__in=bodies).values("person"))
    )


def visible_people(user) -> QuerySet[Person]:
    if is_site_administrator(user):
        return Person.objects.all()
    if not signed_in(user):
        return Person.objects.none()
    return Person.objects.filter(
        Q(pk__in=people_of(visible_partnerships(user)).values("pk")) | Q(user=user)
    )


def teams_of(partnerships: QuerySet[Partnership]) -> QuerySet[Team]:
    """The teams of ``partnerships``; a team not yet given a partnership, through its
    organisation or the actions it owns there. Another partnership's team is never one."""
    # The partnerships' ids first: nested in one query the rules overflow SQLite's parser.
    partnerships = Partnership.objects.filter(
        pk__in=list(partnerships.values_list("pk", flat=True))
    )
    programmes = Programme.objects.filter(partnership__in=partnerships)
    unplaced = Q(partnership__isnull=True) & (
        Q(organisation__in=organisations_of(partnerships))
        | Q(pk__in=ActionOwner.objects.filter(action__programme__in=programmes).values("team"))
    )
    return Team.objects.filter(Q(partnership__in=partnerships) | unplaced)


def visible_teams(user) -> QuerySet[Team]:
    if is_site_administrator(user):
        return Team.objects.all()
    if not signed_in(user):
        return Team.objects.none()
    return Team.objects.filter(
        Q(pk__in=teams_of(visible_partnerships(user)).values("pk")) | Q(members__user=user)
    )


def owner_directory_for(
    user, programme: Programme | None, partnership: Partnership | None = None
) -> tuple[QuerySet, QuerySet, QuerySet]:
    """The people, teams and organisations an import into ``programme`` may map owners to:
    its partnership's; for a programme not yet made, those of the ``partnership`` it goes
    into (if the user belongs to it), else the user's own directory."""
    if programme is None:
        if partnership is not None and visible_partnerships(user).filter(pk=partnership.pk):
            partnerships = Partnership.objects.filter(pk=partnership.pk)
            return people_of(partnerships), teams_of(partnerships), organisations_of(partnerships)
        return visible_people(user), visible_teams(user), visible_organisations(user)
    partnerships = Partnership.objects.filter(pk=programme.partnership_id)
    return people_of(partnerships), teams_of(partnerships), organisations_of(partnerships)


# --- Governance ----------------------------------------------------------------------------------


def visible_bodies(user) -> QuerySet[Body]:
    """Bodies of the user's partnerships; a body of no organisation is still only its own
    partnership's."""
    if is_site_administrator(user):
        return Body.objects.all()
    return Body.objects.within(visible_partnerships(user))


def visible_posts(user) -> QuerySet[Post]:
    return Post.objects.within(visible_bodies(user))


def visible_meetings(user) -> QuerySet[Meeting]:
    return Meeting.objects.within(visible_bodies(user))


def visible_agreements(user) -> QuerySet[Agreement]:
    """Agreements of the user's partnerships that their organisation is party to or hosts;
    all of a partnership's agreements when their organisation leads it or they hold a role in
    it (or govern it)."""
    if is_site_administrator(user):
        return Agreement.objects.all()
    if not signed_in(user):
        return Agreement.objects.none()
    own = own_organisation(user)
    partnerships = visible_partnerships(user)
    whole = Partnership.objects.filter(
        Q(lead_organisation__in=own)
        | Q(pk__in=PartnershipRole.objects.filter(user=user).values("partnership"))
        | Q(pk__in=managed_partnerships(user).values("pk"))
    )
    parties = Parties.objects.filter(organisation__in=own).values("agreement")
    return Agreement.objects.within(partnerships).filter(
        Q(partnership__in=whole) | Q(pk__in=parties) | Q(host__in=own)
    )


def governed_organisations(user) -> QuerySet[Organisation]:
    """Organisations a governance form may offer the user: those of the partnerships they
    manage (the service checks each belongs to the record's own partnership)."""
    if is_site_administrator(user):
        return Organisation.objects.all()
    return organisations_of(managed_partnerships(user))


def can_govern(user, partnership: Partnership | None = None) -> bool:
    """Change governance (of ``partnership``, else of any): site administrators and managers."""
    if is_site_administrator(user):
        return True
    managed = managed_partnerships(user)
    if partnership is not None:
        managed = managed.filter(pk=partnership.pk)
    return managed.exists()


def changeable_bodies(user) -> QuerySet[Body]:
    if is_site_administrator(user):
        return Body.objects.all()
    return Body.objects.within(managed_partnerships(user))


def recordable_bodies(user) -> QuerySet[Body]:
    """Bodies whose meetings, decisions and members the user records."""
    if is_site_administrator(user):
        return Body.objects.all()
    return Body.objects.within(recording_partnerships(user))


def changeable_agreements(user) -> QuerySet[Agreement]:
    if is_site_administrator(user):
        return Agreement.objects.all()
    return Agreement.objects.within(managed_partnerships(user))


def can_change_body(user, body: Body | None) -> bool:
    """Change a body and its posts; None: add a new body (to a partnership the user manages)."""
    if body is None:
        return can_govern(user)
    return changeable_bodies(user).filter(pk=body.pk).exists()


def can_record_meetings(user, body: Body) -> bool:
    """Record the body's meetings and decisions and who sits on it."""
    return recordable_bodies(user).filter(pk=body.pk).exists()


def can_change_agreement(user, agreement: Agreement | None) -> bool:
    """Change an agreement and its contributions; None: add a new agreement."""
    if agreement is None:
        return can_govern(user)
    return changeable_agreements(user).filter(pk=agreement.pk).exists()


def can_import_governance(user) -> bool:
    """Governance files name their partnership's records: administrators only."""
    return is_site_administrator(user)


def require_change_body(user, body: Body | None) -> None:
    if not can_change_body(user, body):
        raise PermissionDenied("Only the partnership's managers can change this")


def require_record_meetings(user, body: Body) -> None:
    if not can_record_meetings(user, body):
        raise PermissionDenied(
            "Only the partnership's contributors and managers can record meetings and members"
        )


def require_change_agreement(user, agreement: Agreement | None) -> None:
    if not can_change_agreement(user, agreement):
        raise PermissionDenied("Only the partnership's managers can change this")


def require_import_governance(user) -> None:
    if not can_import_governance(user):
        raise PermissionDenied("Only site administrators can import governance files")


# --- Outcomes: a partnership's outcomes, chains, needs analyses and gaps -------------------------
#
# Every outcomes row belongs to one partnership. Its members (``visible_partnerships``) read
# everything in it; its managers (``managed_partnerships``) and site administrators change it.
# To anybody else it does not exist.


def can_change_outcomes(user, partnership: Partnership) -> bool:
    """Change the partnership's outcomes, chains, alignments, needs analyses and gaps."""
    return managed_partnerships(user).filter(pk=partnership.pk).exists()


def require_change_outcomes(user, partnership: Partnership) -> None:
    """Http404 when the user cannot see the partnership; PermissionDenied unless they manage it."""
    require_member(user, partnership)
    if not can_change_outcomes(user, partnership):
        raise PermissionDenied(
            f"Only partnership managers of {partnership} can change its outcomes"
        )


# --- The total pot: every partner's spend lines ---------------------------------------------------
#
# Every member of a partnership reads its whole pot (every partner's lines). A partnership
# contributor enters, edits and imports only their own organisation's lines and marks only
# its submission; partnership managers (and site administrators) change every line, the
# population, the deep dives' notes and every submission. To anybody else none of it exists.


def can_manage_finance(user, partnership: Partnership) -> bool:
    """Change every line, the population, deep dive notes and submissions of the partnership."""
    return managed_partnerships(user).filter(pk=partnership.pk).exists()


def spend_organisations(user, partnership: Partnership) -> QuerySet[Organisation]:
    """The organisations whose lines ``user`` may enter, edit and import in the partnership:
    all of its organisations for a manager; their own for a contributor (when it is one of
    the partnership's); none otherwise."""
    organisations = organisations_of(Partnership.objects.filter(pk=partnership.pk))
    if can_manage_finance(user, partnership):
        return organisations
    if not recording_partnerships(user).filter(pk=partnership.pk).exists():
        return Organisation.objects.none()
    return organisations.filter(pk__in=own_organisation(user).values("pk"))


def can_enter_spend(user, partnership: Partnership, organisation_id: int | None = None) -> bool:
    """Enter or change spend lines (of ``organisation_id``, else of any organisation)."""
    organisations = spend_organisations(user, partnership)
    if organisation_id is not None:
        organisations = organisations.filter(pk=organisation_id)
    return organisations.exists()


def require_enter_spend(user, partnership: Partnership, organisation_id: int | None = None) -> None:
    """Http404 when the user cannot see the partnership; PermissionDenied unless they may
    enter lines (of that organisation)."""
    require_member(user, partnership)
    if not can_enter_spend(user, partnership, organisation_id):
        raise PermissionDenied(
            "Partnership contributors enter only their own organisation's spend; "
            "partnership managers enter everyone's"
        )


def require_manage_finance(user, partnership: Partnership) -> None:
    require_member(user, partnership)
    if not can_manage_finance(user, partnership):
        raise PermissionDenied(f"Only partnership managers of {partnership} can change this")


# --- Performance: indicators and their values -----------------------------------------------------


def can_manage_performance(user, partnership: Partnership) -> bool:
    """Add indicators, write turn-the-curve plans and business plans, and enter every value:
    the managers."""
    return managed_partnerships(user).filter(pk=partnership.pk).exists()


def may_enter_values(user, indicator) -> bool:
    """Enter an indicator's values: its partnership's managers, and contributors of the
    partnership whose own organisation owns the indicator."""
    partnership = indicator.partnership
    if can_manage_performance(user, partnership):
        return True
    if not recording_partnerships(user).filter(pk=partnership.pk).exists():
        return False
    owner = indicator.owner_organisation_id
    return owner is not None and own_organisation(user).filter(pk=owner).exists()


def value_enterers_filter(user, partnership: Partnership) -> Q | None:
    """The indicators of ``partnership`` whose values ``user`` enters, as a filter on
    indicators (None: none of them)."""
    if can_manage_performance(user, partnership):
        return Q()
    if not recording_partnerships(user).filter(pk=partnership.pk).exists():
        return None
    return Q(owner_organisation__in=own_organisation(user))


# --- Commissions: the cycle, prioritisation, pilots and lessons -----------------------------------
#
# The partnership's members read its commissions; its managers (and site administrators)
# create and change them, record evaluations and lessons. To anybody else they do not exist.


def can_manage_commissions(user, partnership: Partnership) -> bool:
    """Create and change the partnership's commissions, evaluations and lessons."""
    return managed_partnerships(user).filter(pk=partnership.pk).exists()


def require_manage_commissions(user, partnership: Partnership) -> None:
    """Http404 when the user cannot see the partnership; PermissionDenied unless they manage it."""
    require_member(user, partnership)
    if not can_manage_commissions(user, partnership):
        raise PermissionDenied(f"Only partnership managers of {partnership} can change this")


def provider_choices(partnership: Partnership) -> QuerySet[Organisation]:
    """Organisations a commission may name as providers: the partnership's own, and any
    (a voluntary group, say) already providing one of its commissions."""
    return Organisation.objects.filter(
        Q(pk__in=organisations_of(Partnership.objects.filter(pk=partnership.pk)).values("pk"))
        | Q(pk__in=partnership.commissions.values("providers"))
    )
