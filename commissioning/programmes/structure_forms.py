"""GOV.UK forms that add stages, deliverables and actions, and choose an action's owners.

Owners are chosen from the directory in one plain multiple select (people, teams and
organisations in groups) that works without JavaScript; ``owner-picker.js`` enhances it
with a type-ahead. A name not in the directory can be added from the same form.
"""

from __future__ import annotations

from crispy_forms_gds.layout import Field
from django import forms

from commissioning.partnership.models import Organisation, Person
from commissioning.programmes.forms import (
    ActionForm,
    StageForm,
    TimescaleField,
    _EditForm,
    _GovukForm,
)
from commissioning.programmes.models import ActionOwner, Deliverable, Programme, ReportingPeriod
from commissioning.programmes.models import RagScale as RagScaleChoices
from commissioning.programmes.structure import NewDirectoryEntry

NEW_KINDS = [("person", "A person"), ("team", "A team"), ("organisation", "An organisation")]
SCOPES = [("internal", "Internal (for the council)"), ("external", "External (with partners)")]


def _person_label(person: Person) -> str:
    if person.organisation is None:
        return person.name
    return f"{person.name} ({person.organisation.short_name or person.organisation.name})"


class OwnerOptions:
    """The owners a form offers: the directory, and an action's owners as the plan wrote them.

    Three queries for the directory (people with their organisations, teams, organisations)
    and one for the action's owners, however many there are.
    """

    def __init__(self, action=None, *, directory: tuple):
        # The programme's partnership's directory only (``access.owner_directory_for``): a
        # form never offers, or accepts, another partnership's people.
        people_of, teams_of, organisations_of = directory
        people = people_of.select_related("organisation").order_by("name", "pk")
        teams = teams_of.order_by("name", "pk")
        self.organisations = organisations = list(organisations_of.order_by("name", "pk"))
        self.entries: dict[str, object] = {}
        groups = [
            ("People", [(f"person-{p.pk}", _person_label(p), p) for p in people]),
            ("Teams", [(f"team-{t.pk}", f"{t.name} (team)", t) for t in teams]),
            (
                "Organisations",
                [(f"organisation-{o.pk}", f"{o.name} (organisation)", o) for o in organisations],
            ),
        ]
        self.current: list[str] = []
        if action is not None:
            # The action's owners come first, in their order, so saving keeps that order.
            directory = {value: (label, entry) for value, label, entry in _all(groups)}
            now = []
            for owner in action.owners.order_by("order", "pk"):
                value = _owner_value(owner)
                if value.startswith("owner-"):
                    now.append((value, f"{owner.name} (as written in the plan)", owner))
                elif value in directory:
                    now.append((value, *directory[value]))
                self.current.append(value)
            chosen = {value for value, _, _ in now}
            groups = [("Owners now", now)] + [
                (heading, [option for option in options if option[0] not in chosen])
                for heading, options in groups
            ]
        self.choices = []
        for heading, options in groups:
            for value, _, entry in options:
                self.entries[value] = entry
            if options:
                self.choices.append((heading, [(value, label) for value, label, _ in options]))


def _all(groups):
    return (option for _, options in groups for option in options)


def _owner_value(owner: ActionOwner) -> str:
    for kind in ("person", "team", "organisation"):
        if owner.kind == kind and getattr(owner, f"{kind}_id"):
            return f"{kind}-{getattr(owner, f'{kind}_id')}"
    return f"owner-{owner.pk}"


def owner_names_for(values: list[str], options: OwnerOptions) -> str:
    """The chosen owners as people read them, for showing what changed meanwhile."""
    labels = dict(label for _, group in options.choices for label in group)
    return "; ".join(labels.get(value, value) for value in values)


class OwnersMixin(forms.Form):
    """Owners picked from the directory, plus optionally a new name to add to it."""

    owners = forms.MultipleChoiceField(
        label="Owners",
        help_text=(
            "People, teams and organisations responsible for the action. Choose as many as "
            "you need: hold Ctrl (or Cmd) to choose more than one."
        ),
        required=False,
        error_messages={"invalid_choice": "Choose owners from the list"},
        widget=forms.SelectMultiple(
            attrs={"data-module": "app-owner-picker", "size": "8", "class": "govuk-select"}
        ),
    )
    new_owner_name = forms.CharField(
        label="Or add a name that is not in the directory",
        help_text="For example, Sue Lightup or Commissioning Teams",
        max_length=200,
        required=False,
    )
    new_owner_kind = forms.ChoiceField(
        label="This new name is",
        choices=NEW_KINDS,
        required=False,
        widget=forms.RadioSelect,
    )
    new_owner_organisation = forms.ChoiceField(
        label="Their organisation (for a person or a team)", required=False
    )
    owner_layout = (
        Field.select("owners"),
        Field.text("new_owner_name", field_width=20),
        Field.radios("new_owner_kind", legend_size="s", small=True),
        Field.select("new_owner_organisation"),
    )

    def set_owner_options(self, options: OwnerOptions) -> None:
        self.owner_options = options
        self.fields["owners"].choices = options.choices
        self.fields["new_owner_organisation"].choices = [
            ("", "None or not known"),
            *((str(o.pk), o.name) for o in options.organisations),
        ]

    def chosen_owners(self) -> list:
        """The owners chosen, in order, with the new name (to be added) last."""
        owners = [self.owner_options.entries[value] for value in self.cleaned_data["owners"]]
        new = self.cleaned_data.get("new_owner")
        return [*owners, new] if new else owners

    def clean(self):
        cleaned = super().clean()
        name = " ".join((cleaned.get("new_owner_name") or "").split())
        kind = cleaned.get("new_owner_kind")
        organisation_pk = cleaned.get("new_owner_organisation")
        cleaned["new_owner"] = None
        if name and not kind:
            self.add_error(
                "new_owner_kind", f"Select whether {name} is a person, a team or an organisation"
            )
        elif name:
            organisation = None
            if organisation_pk and kind != "organisation":
                organisation = next(
                    (o for o in self.owner_options.organisations if str(o.pk) == organisation_pk),
                    None,
                )
            cleaned["new_owner"] = NewDirectoryEntry(
                kind=kind, name=name, organisation=organisation
            )
        return cleaned


class AddStageForm(_GovukForm):
    submit_label = "Add stage"

    code = StageForm.base_fields["code"]
    title = StageForm.base_fields["title"]
    timescale = StageForm.base_fields["timescale"]
    layout = StageForm.layout[:-1]


class AddDeliverableForm(_GovukForm):
    """A deliverable of a stage; under another deliverable of the stage to nest it."""

    submit_label = "Add deliverable"

    text = forms.CharField(
        label="Deliverable",
        widget=forms.Textarea,
        error_messages={"required": "Enter what is to be delivered"},
    )
    scope = forms.ChoiceField(
        label="Internal or external",
        choices=SCOPES,
        widget=forms.RadioSelect,
        error_messages={"required": "Select internal or external"},
    )
    parent = forms.ChoiceField(
        label="Part of (optional)",
        help_text="To nest it, choose the deliverable of this stage it is part of",
        required=False,
        error_messages={"invalid_choice": "Choose a deliverable of this stage, or none"},
    )
    layout = (
        Field.textarea("text", rows=4),
        Field.radios("scope", small=True),
        Field.select("parent"),
    )

    def __init__(self, *args, parents: list[Deliverable], **kwargs):
        super().__init__(*args, **kwargs)
        self.parents = {str(parent.pk): parent for parent in parents}
        self.fields["parent"].choices = [
            ("", "None: a deliverable of its own"),
            *(
                (pk, f"{parent.get_scope_display()}: {str(parent)}")
                for pk, parent in self.parents.items()
            ),
        ]

    def clean_parent(self) -> Deliverable | None:
        return self.parents.get(self.cleaned_data.get("parent") or "")

    def clean(self):
        cleaned = super().clean()
        parent, scope = cleaned.get("parent"), cleaned.get("scope")
        if parent is not None and scope and parent.scope != scope:
            self.add_error(
                "scope",
                f"Select {parent.get_scope_display().lower()}: a smaller deliverable has the "
                f"scope of the one it is part of",
            )
        return cleaned


class AddActionForm(OwnersMixin, _GovukForm):
    submit_label = "Add action"

    title = ActionForm.base_fields["title"]
    ref = ActionForm.base_fields["ref"]
    timescale = TimescaleField(required=False)
    section = ActionForm.base_fields["section"]

    def __init__(self, *args, owner_options: OwnerOptions, **kwargs):
        self.layout = (*ActionForm.layout[:-1], *self.owner_layout)
        super().__init__(*args, **kwargs)
        self.set_owner_options(owner_options)


class ActionWithOwnersForm(OwnersMixin, ActionForm):
    """The edit action form with its owners; a change of owners meanwhile makes it stale."""

    owners_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    extra_versions = {"owners_version": "current_owners_version"}

    def __init__(self, *args, owner_options: OwnerOptions, **kwargs):
        self.layout = (*ActionForm.layout[:-1], *self.owner_layout, "version", "owners_version")
        super().__init__(*args, **kwargs)
        self.set_owner_options(owner_options)

    @property
    def owners_posted(self) -> bool:
        """Whether the post came from a form showing the owners (an empty multiple select
        sends nothing, so the hidden owners version tells "none chosen" from "not shown")."""
        return self.is_bound and "owners_version" in self.data

    def stale_fields(self) -> set[str]:
        stale = super().stale_fields()
        return stale if self.owners_posted else stale - {"owners_version"}

    def chosen_owners(self) -> list | None:
        """The owners chosen; None when the post did not show them (they stay as they are)."""
        return super().chosen_owners() if self.owners_posted else None


class ProgrammeSettingsForm(_EditForm):
    """Edit programme: name and description, lead and partners, and the RAG rules."""

    noun = "programme"
    model_fields = {
        "lead_organisation": "lead_organisation_id",
        "reporting_period": "reporting_period_months",
    }

    name = forms.CharField(
        label="Name", max_length=200, error_messages={"required": "Enter the programme's name"}
    )
    description = forms.CharField(label="Description", widget=forms.Textarea, required=False)
    lead_organisation = forms.TypedChoiceField(
        label="Lead organisation", coerce=int, required=False, empty_value=None
    )
    partners = forms.TypedMultipleChoiceField(
        label="Partners",
        help_text="The organisations working with the lead on this programme",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    warning_days = forms.IntegerField(
        label="RAG warning window, in days",
        help_text="An action not started and due within this many days is Amber",
        min_value=0,
        max_value=366,
        # GOV.UK asks for a text input with a numeric keyboard, not type="number"
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
        error_messages={
            "required": "Enter the warning window in days, like 30",
            "invalid": "Enter the warning window as a whole number of days, like 30",
            "min_value": "The warning window must be 0 days or more",
            "max_value": "The warning window must be 366 days or fewer",
        },
    )
    rag_scale = forms.ChoiceField(
        label="RAG scale for stages",
        choices=RagScaleChoices.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the RAG scale for stages"},
    )
    reporting_period = forms.TypedChoiceField(
        label="Reporting period",
        help_text="Reports step by it: completed this period, due next period, the chart",
        choices=ReportingPeriod.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Select monthly or quarterly"},
    )
    layout = (
        Field.text("name"),
        Field.textarea("description", rows=4),
        Field.select("lead_organisation"),
        Field.checkboxes("partners", legend_size="s", small=True),
        Field.text("warning_days", field_width=4),
        Field.radios("rag_scale", legend_size="s", small=True),
        Field.radios("reporting_period", legend_size="s", small=True),
        "version",
        "partners_version",
    )
    # Partners are not in the programme's own history: the ids loaded tell a change meanwhile.
    partners_version = forms.CharField(widget=forms.HiddenInput, required=False)
    extra_versions = {"partners_version": "current_partners"}

    def __init__(self, *args, programme: Programme, organisations: list[Organisation], **kwargs):
        super().__init__(*args, **kwargs)
        self.programme = programme
        self.organisations = {o.pk: o for o in organisations}
        choices = [(o.pk, o.name) for o in organisations]
        self.fields["lead_organisation"].choices = [("", "Not set"), *choices]
        self.fields["partners"].choices = choices

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        taken = Programme.objects.filter(name__iexact=name).exclude(pk=self.programme.pk)
        if taken.exists():
            raise forms.ValidationError(f"There is already a programme called {name}")
        return name

    def clean(self):
        cleaned = super().clean()
        lead, partners = cleaned.get("lead_organisation"), cleaned.get("partners") or []
        if lead is not None and lead in partners:
            self.add_error(
                "partners",
                f"{self.organisations[lead].name} leads the programme: it cannot also be a partner",
            )
        return cleaned

    def lead(self) -> Organisation | None:
        return self.organisations.get(self.cleaned_data["lead_organisation"])

    def chosen_partners(self) -> list[Organisation]:
        return [self.organisations[pk] for pk in self.cleaned_data["partners"]]

    def partner_names(self, ids) -> str:
        names = [self.organisations[int(pk)].name for pk in ids if int(pk) in self.organisations]
        return "; ".join(sorted(names))


def partners_version(programme: Programme) -> str:
    """The programme's partners as a version: their ids, sorted."""
    return ",".join(str(pk) for pk in sorted(programme.partners.values_list("pk", flat=True)))
