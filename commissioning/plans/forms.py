"""Forms for importing a document: the upload, and saying who unresolved owners are."""

from __future__ import annotations

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Layout
from django import forms
from django.utils.html import format_html

from commissioning.core.forms import GovukFormMixin
from commissioning.domain.plan import OwnerKind, PlanError
from commissioning.partnership.models import Organisation, Partnership, Person, Team
from commissioning.plans import merge
from commissioning.plans.merge import Difference
from commissioning.plans.owner_mapping import Target
from commissioning.plans.services import check_upload, import_limits
from commissioning.programmes.models import Programme
from commissioning.reading.limits import size_text

ACCEPTED_TYPES = ".txt,.md,.csv,.xlsx,.docx,.pdf"
KEEP = "keep"
NEW = "new"


class UploadForm(GovukFormMixin, forms.Form):
    """A document to import and the programme it goes into."""

    submit_label = "Check the file"

    document = forms.FileField(
        label="Upload a plan",
        help_text=(
            "An action plan or milestone table saved as .txt, .md, .csv, .xlsx, .docx or .pdf"
        ),
        allow_empty_file=True,  # the reader says the file is empty, naming it
        widget=forms.FileInput(attrs={"accept": ACCEPTED_TYPES}),
        error_messages={
            "required": "Select a plan to upload",
            "missing": "Select a plan to upload",
            "invalid": "The selected file could not be uploaded – try again",
        },
    )
    programme = forms.ChoiceField(
        label="Import into",
        required=False,
        help_text="Choose an existing programme, or a new one",
        error_messages={"invalid_choice": "Select a programme from the list"},
    )
    new_programme = forms.CharField(
        label="A new programme named (optional)",
        required=False,
        max_length=200,
        help_text="Only for a new programme. Leave blank to name it after the plan's title",
        error_messages={"max_length": "Programme name must be 200 characters or fewer"},
    )
    partnership = forms.ChoiceField(
        label="Partnership of a new programme",
        required=False,
        help_text="Only for a new programme: the partnership it belongs to",
        error_messages={"invalid_choice": "Select a partnership from the list"},
    )

    def __init__(self, *args, programmes=None, partnerships=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.form_tag = False
        programmes = Programme.objects.all() if programmes is None else programmes
        self.programmes = dict(programmes.order_by("name").values_list("slug", "name"))
        self.fields["programme"].choices = [("", "A new programme"), *self.programmes.items()]
        limit = size_text(import_limits().upload_bytes)
        self.fields["document"].help_text += f", {limit} or smaller"

        partnerships = list(
            (partnerships if partnerships is not None else Partnership.objects.none())
            .order_by("name")
            .values_list("slug", "name")
        )
        if len(partnerships) < 2:
            # None or one to choose from: nothing to ask (the only one is taken).
            del self.fields["partnership"]
        else:
            self.fields["partnership"].choices = [("", "Choose a partnership"), *partnerships]

    @classmethod
    def refused(cls, message: str, *, programmes) -> UploadForm:
        """A submitted form whose upload was refused, with ``message``, before it was read."""
        form = cls({}, {}, programmes=programmes)
        form.is_valid()
        form.errors.pop("document", None)
        form.add_error("document", message)
        return form

    def clean_document(self):
        document = self.cleaned_data["document"]
        try:
            check_upload(size=document.size, filename=document.name)
        except PlanError as error:
            raise forms.ValidationError(str(error)) from error
        return document

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("programme") and cleaned.get("new_programme", "").strip():
            self.add_error(
                "new_programme",
                "Choose an existing programme or enter a new programme name, not both",
            )
        return cleaned

    def requested_partnership(self) -> str | None:
        """The slug of the partnership chosen for a new programme, if one was asked."""
        return self.cleaned_data.get("partnership") or None

    def requested_programme(self) -> str | None:
        """The programme name asked for, or None to name it after the document."""
        slug = self.cleaned_data["programme"]
        if slug:
            return self.programmes[slug]
        return self.cleaned_data["new_programme"].strip() or None


CONFLICT_PREFIX = "conflict-"


class OwnerMappingForm(forms.Form):
    """Confirming an import: who each unresolved owner is, or keep it as written; and for
    each conflict, keep the value here or take the document's."""

    def __init__(
        self, *args, names: list[str], conflicts: list[Difference] = (), directory=None, **kwargs
    ):
        """``directory``: the (people, teams, organisations) querysets to choose from — those
        of the programme's partnership; every one when not given."""
        super().__init__(*args, **kwargs)
        self.names = names
        self.conflicts = list(conflicts)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self._add_owner_fields(names, directory)
        # crispy renders the owner fields; the preview lays the conflicts out itself
        self.helper.layout = Layout(*self.fields)
        for conflict in self.conflicts:
            self.fields[conflict_field_name(conflict)] = forms.ChoiceField(
                label=f"{conflict.item}: {conflict.field_label}",
                choices=[
                    (merge.KEEP, "Keep the value here"),
                    (merge.TAKE, "Take the document's value"),
                ],
                widget=forms.RadioSelect,
                error_messages={
                    "required": f"Choose whether to keep the {conflict.field_label} of "
                    f"‘{conflict.item}’ or take the document's",
                    "invalid_choice": f"Choose whether to keep the {conflict.field_label} of "
                    f"‘{conflict.item}’ or take the document's",
                },
            )

    def resolutions(self) -> dict[str, str]:
        """Conflict key → ``keep`` or ``document``, as chosen."""
        return {
            conflict.key: self.cleaned_data[conflict_field_name(conflict)]
            for conflict in self.conflicts
        }

    def _add_owner_fields(self, names: list[str], directory) -> None:
        directory = _directory_choices(*(directory or ())) if names else []
        for index, name in enumerate(names):
            self.fields[f"owner_{index}"] = forms.ChoiceField(
                # The GOV.UK template pack prints labels as HTML: a name read from an
                # uploaded file must be escaped here, or it would run on the preview.
                label=format_html("Map ‘{}’ to", name),
                choices=[
                    (KEEP, "Keep as written (needs review)"),
                    *directory,
                    (
                        "Add to the directory",
                        [
                            (f"{NEW}:{kind}", f"A new {kind} named ‘{name}’")
                            for kind in (OwnerKind.PERSON, OwnerKind.TEAM, OwnerKind.ORGANISATION)
                        ],
                    ),
                ],
                initial=KEEP,
                required=False,  # not chosen: kept as written
                error_messages={
                    "invalid_choice": f"Select who ‘{name}’ is, or keep it as written",
                },
            )

    def mappings(self) -> dict[str, tuple[OwnerKind, Target | None]]:
        """Name → (kind, existing person/team/organisation, or None for a new one)."""
        chosen = {}
        for index, name in enumerate(self.names):
            value = self.cleaned_data[f"owner_{index}"]
            if value and value != KEEP:
                chosen[name] = value.split(":", 1)
        wanted = {kind: {int(v) for k, v in chosen.values() if k == kind} for kind in _MODELS}
        found = {
            kind: _MODELS[kind].objects.in_bulk(ids) if ids else {} for kind, ids in wanted.items()
        }
        result = {}
        for name, (kind, value) in chosen.items():
            if kind == NEW:
                result[name] = (OwnerKind(value), None)
            else:
                result[name] = (OwnerKind(kind), found[kind][int(value)])
        return result


def conflict_field_name(conflict: Difference) -> str:
    return CONFLICT_PREFIX + conflict.key


_MODELS = {
    str(OwnerKind.PERSON): Person,
    str(OwnerKind.TEAM): Team,
    str(OwnerKind.ORGANISATION): Organisation,
}


def _directory_choices(
    people=None, teams=None, organisations=None
) -> list[tuple[str, list[tuple[str, str]]]]:
    """Existing people, teams and organisations (of the querysets given) as option groups."""
    people = Person.objects.all() if people is None else people
    teams = Team.objects.all() if teams is None else teams
    organisations = Organisation.objects.all() if organisations is None else organisations
    people = [
        (f"person:{p.pk}", f"{p.name} ({p.organisation})" if p.organisation else p.name)
        for p in people.select_related("organisation").order_by("name", "pk")
    ]
    teams = [(f"team:{t.pk}", t.name) for t in teams.order_by("name")]
    organisations = [(f"organisation:{o.pk}", o.name) for o in organisations.order_by("name")]
    groups = [("People", people), ("Teams", teams), ("Organisations", organisations)]
    return [(label, options) for label, options in groups if options]


class ColumnChoiceForm(GovukFormMixin, forms.Form):
    """What each column of the tables the importer is unsure of holds, as a person reads it.

    One select per column, named ``table-<n>-column-<i>``; tables without a header row
    cannot be remembered by their header and are not offered.
    """

    def __init__(self, *args, tables=(), **kwargs):
        from commissioning.plans.services import COLUMN_CHOICES

        super().__init__(*args, **kwargs)
        self.tables = []
        for number, table in enumerate(tables):
            if not table.unsure or not table.layout:
                continue
            names = []
            for column in table.columns:
                if not column.header:
                    continue
                name = f"table-{number}-column-{column.index}"
                self.fields[name] = forms.ChoiceField(
                    label=column.header,
                    choices=COLUMN_CHOICES,
                    initial=column.meaning or "ignore",
                    help_text=f"Read as {column.meaning or 'nothing'}: {column.why}",
                )
                names.append((name, column.header))
            if names:
                self.tables.append((table, names))

    def choices(self) -> list[tuple[str, dict[str, str]]]:
        """(header layout, header text → meaning) for every table offered."""
        return [
            (table.layout, {header: self.cleaned_data[name] for name, header in names})
            for table, names in self.tables
        ]

    def bound_tables(self):
        """Each table offered, with its bound fields, for the template."""
        return [(table, [self[name] for name, _ in names]) for table, names in self.tables]
