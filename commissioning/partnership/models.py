"""The partnership, the tenancy root, and who is in it: organisations, people and teams.

Every row that belongs to a partnership carries it, directly (programmes, bodies,
agreements) or through a parent that does (posts, memberships, meetings, decisions through
their body; contributions through their agreement; stages, actions… through their
programme). Organisations, people and teams are a directory shared by the installation,
seen only through the partnerships they belong to (``commissioning.access.rules``).
"""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from commissioning.core.models import Versioned, WithinQuerySet


class OrganisationKind(models.TextChoices):
    COUNCIL = "council", "Council"
    NHS = "nhs", "NHS body"
    POLICE = "police", "Police"
    FIRE = "fire", "Fire and rescue"
    JOBCENTRE = "jobcentre", "Jobcentre Plus"
    VCS = "vcs", "Voluntary and community sector"
    OTHER = "other", "Other"


class Organisation(models.Model):
    """A council, NHS body, police force or other partner organisation."""

    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=40, blank=True, help_text="For example BHCC")
    kind = models.CharField(max_length=20, choices=OrganisationKind, default=OrganisationKind.OTHER)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Partnership(models.Model):
    """A lead organisation (a council) and its partners: the boundary of all data.

    Nothing of one partnership is visible to the users of another (docs/adr/0007).
    """

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    lead_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="led_partnerships"
    )
    partners = models.ManyToManyField(Organisation, blank=True, related_name="partner_partnerships")
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def organisations(self) -> models.QuerySet[Organisation]:
        """Its lead and partners, and the leads and partners of its programmes."""
        return Organisation.objects.filter(
            models.Q(led_partnerships=self)
            | models.Q(partner_partnerships=self)
            | models.Q(led_programmes__partnership=self)
            | models.Q(partner_programmes__partnership=self)
        ).distinct()


class Person(models.Model):
    """A named person who owns actions; not necessarily a user of the system."""

    name = models.CharField(max_length=200)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="people"
    )
    job_title = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
        help_text="The sign-in of this person: their organisation and teams are the user's",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    """A team ("Commissioning Teams") of one partnership that can own actions as a whole.

    Its name is unique within its partnership: two partnerships may each have a
    "Commissioning Team", and neither sees or links to the other's.
    """

    partnership = models.ForeignKey(
        "Partnership",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="teams",
        help_text="The partnership whose team this is",
    )
    name = models.CharField(max_length=200)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="teams"
    )
    members = models.ManyToManyField(Person, blank=True, related_name="teams")
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "name"], name="one_team_name_per_partnership"
            )
        ]

    def __str__(self) -> str:
        return self.name


# --- Governance: bodies, posts, meetings, agreements ------------------------------------------


class BodyKind(models.TextChoices):
    CABINET = "cabinet", "Cabinet"
    BOARD = "board", "Board"
    COMMITTEE = "committee", "Committee"
    UNIT = "unit", "Unit"
    PARTNERSHIP_BOARD = "partnership_board", "Partnership board"


class UnitType(models.TextChoices):
    STRATEGIC_LEADERSHIP = "strategic_leadership", "Strategic leadership"
    COMMISSIONING = "commissioning", "Commissioning"
    SUPPORT = "support", "Support"
    DELIVERY = "delivery", "Delivery"


class BodyQuerySet(WithinQuerySet):
    within_path = "partnership"


class Body(Versioned, models.Model):
    """A governing body of the partnership: Cabinet, a board, a committee or a unit."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="bodies")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=BodyKind)
    unit_type = models.CharField(max_length=30, choices=UnitType, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="bodies",
        help_text="Leave empty for a body of the whole partnership (this partnership only)",
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    description = models.TextField(blank=True)
    order = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    objects = BodyQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]
        verbose_name_plural = "bodies"
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "name"], name="one_body_name_per_partnership"
            )
        ]

    def __str__(self) -> str:
        return self.name


class PostQuerySet(WithinQuerySet):
    within_path = "body"


class Post(Versioned, models.Model):
    """A post in a body ("Strategic Director") with its remit and, when filled, its holder."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="posts")
    title = models.CharField(max_length=200)
    remit = models.TextField(blank=True)
    holder = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="posts"
    )
    filled_on = models.DateField(null=True, blank=True)
    order = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["body", "order", "id"]

    def __str__(self) -> str:
        return f"{self.title}, {self.body}"

    @property
    def is_filled(self) -> bool:
        return self.holder_id is not None


class PostTenure(models.Model):
    """Who held a post and when; open (no end) while they hold it."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="tenures")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="tenures")
    start = models.DateField()
    end = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["post", "start", "id"]

    def __str__(self) -> str:
        return f"{self.person} as {self.post.title}"


class MembershipRole(models.TextChoices):
    CHAIR = "chair", "Chair"
    VICE_CHAIR = "vice_chair", "Vice chair"
    MEMBER = "member", "Member"
    OFFICER = "officer", "Officer"
    OBSERVER = "observer", "Observer"


class Membership(models.Model):
    """A person sitting on a body, in a role, from a date (until a date once they leave)."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="memberships")
    role_in_body = models.CharField(
        max_length=20, choices=MembershipRole, default=MembershipRole.MEMBER
    )
    start = models.DateField(null=True, blank=True)
    end = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["body", "role_in_body", "person__name", "id"]

    def __str__(self) -> str:
        return f"{self.person} on {self.body}"


class MeetingQuerySet(WithinQuerySet):
    within_path = "body"


class Meeting(models.Model):
    """A meeting of a body on a date."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="meetings")
    date = models.DateField()
    title = models.CharField(max_length=200, blank=True)
    history = HistoricalRecords()

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["body", "-date", "id"]

    def __str__(self) -> str:
        return self.title or f"{self.body} meeting"


class Decision(models.Model):
    """What a meeting decided, and the actions and deliverables it affects."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    text = models.TextField()
    order = models.PositiveIntegerField(default=0)
    actions = models.ManyToManyField("programmes.Action", blank=True, related_name="decisions")
    deliverables = models.ManyToManyField(
        "programmes.Deliverable", blank=True, related_name="decisions"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "order", "id"]

    def __str__(self) -> str:
        return self.text[:80]


class AgreementKind(models.TextChoices):
    SECTION_75_POOLED_BUDGET = "section_75_pooled_budget", "Section 75 pooled budget"
    SECTION_31_POOLED_BUDGET = "section_31_pooled_budget", "Section 31 pooled budget"
    LEAD_COMMISSIONING = "lead_commissioning", "Lead commissioning"
    INTEGRATED_PROVISION = "integrated_provision", "Integrated provision"
    HEADS_OF_AGREEMENT = "heads_of_agreement", "Heads of agreement"
    OTHER = "other", "Other"


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    CONSULTED = "consulted", "Consulted on"
    SIGNED = "signed", "Signed"
    ENDED = "ended", "Ended"


class AgreementQuerySet(WithinQuerySet):
    within_path = "partnership"


class Agreement(Versioned, models.Model):
    """An agreement binding partners: a Section 31/75 agreement, a heads of agreement."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="agreements"
    )
    kind = models.CharField(max_length=30, choices=AgreementKind)
    title = models.CharField(max_length=300)
    parties = models.ManyToManyField(Organisation, related_name="agreements")
    host = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hosted_agreements",
        help_text="The partner that hosts a pooled budget or leads the commissioning",
    )
    status = models.CharField(max_length=20, choices=AgreementStatus, default=AgreementStatus.DRAFT)
    start = models.DateField(null=True, blank=True)
    end = models.DateField(null=True, blank=True)
    actions = models.ManyToManyField("programmes.Action", blank=True, related_name="agreements")
    history = HistoricalRecords()

    objects = AgreementQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "title"], name="one_agreement_title_per_partnership"
            )
        ]

    def __str__(self) -> str:
        return self.title


class Contribution(models.Model):
    """What one party puts into an agreement in one financial year, in pounds."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="contributions")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="contributions"
    )
    financial_year = models.CharField(max_length=7, help_text="For example 2010/11")
    amount = models.DecimalField(max_digits=14, decimal_places=2)
    history = HistoricalRecords()

    class Meta:
        ordering = ["agreement", "financial_year", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "organisation", "financial_year"],
                name="one_contribution_per_party_per_year",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.financial_year}: £{self.amount:,}"


# --- Who may do what on a programme ----------------------------------------------------------


class Role(models.TextChoices):
    """A user's role on one programme, from least to most: see docs/adr/0005."""

    VIEWER = "viewer", "Viewer"
    CONTRIBUTOR = "contributor", "Contributor"
    MANAGER = "manager", "Programme manager"


class ProgrammeRole(models.Model):
    """A user's role on one programme: viewer, contributor or programme manager.

    One role per user and programme; granting another replaces it, and history keeps who
    changed it and when. The rules a role gives are in ``commissioning.access.rules``.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="programme_roles"
    )
    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.CASCADE, related_name="roles"
    )
    role = models.CharField(max_length=20, choices=Role)
    history = HistoricalRecords()

    class Meta:
        ordering = ["programme", "user__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "programme"], name="one_role_per_user_programme"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} is {self.get_role_display().lower()} of {self.programme}"


# --- Who may do what in a partnership's governance --------------------------------------------


class PartnershipRoleKind(models.TextChoices):
    """A user's role in one partnership's governance, from least to most: see docs/adr/0007."""

    VIEWER = "viewer", "Viewer"
    CONTRIBUTOR = "contributor", "Contributor"
    MANAGER = "manager", "Partnership manager"


class PartnershipRole(models.Model):
    """A user's role in one partnership: viewer, contributor or partnership manager.

    Users of the lead and partner organisations are viewers without one. One role per user
    and partnership; the rules a role gives are in ``commissioning.access.rules``.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="partnership_roles"
    )
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(max_length=20, choices=PartnershipRoleKind)
    history = HistoricalRecords()

    class Meta:
        ordering = ["partnership", "user__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "partnership"], name="one_role_per_user_partnership"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} is {self.get_role_display().lower()} of {self.partnership}"
