"""GOV.UK forms for the partnership's governance: bodies, posts, meetings and agreements."""

from __future__ import annotations

from datetime import date

from crispy_forms_gds.layout import Field, Layout
from django import forms

from commissioning.core.forms import GovukFormMixin
from commissioning.partnership.governance import (
    FINANCIAL_YEAR_ERROR,
    GovernanceError,
    read_day,
    read_financial_year,
)
from commissioning.partnership.models import (
    Agreement,
    AgreementKind,
    AgreementStatus,
    Body,
    BodyKind,
    MembershipRole,
    Organisation,
    Partnership,
    Person,
    UnitType,
)
from commissioning.programmes.models import Action, Deliverable

DATE_HINT = "For example, 30 March 2010 or 30/03/2010"
STALE = "stale"
STALE_ERROR = (
    "{who} changed this {noun} while you were editing it ({fields}). Nothing was saved: your "
    "changes are still in the form. Check them against what was saved meanwhile, then save "
    "again to keep yours."
)


class DayField(forms.CharField):
    """A date typed as people write it; cleaned to a ``date``."""

    def __init__(self, *, error: str, **kwargs):
        kwargs.setdefault("help_text", DATE_HINT)
        kwargs.setdefault("max_length", 40)
        super().__init__(error_messages={"required": error}, **kwargs)
        self.error = error

    def prepare_value(self, value):
        if isinstance(value, date):
            return f"{value.day} {value:%B %Y}"
        return value

    def clean(self, value):
        text = super().clean(value)
        if not text:
            return None
        day = read_day(text)
        if day is None:
            raise forms.ValidationError(self.error)
        return day


class GovernanceForm(GovukFormMixin, forms.Form):
    """A GOV.UK form the template wraps in its own <form> tag."""

    layout: tuple = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the template's <form> carries the token
        self.helper.layout = Layout(*self.layout)


class VersionedForm(GovernanceForm):
    """A form that changes a record, refusing to save over a change made since it was shown.

    ``version`` carries the id of the record's latest history row when the form was shown
    (``current_version``: None for a new record); if the record was saved since, the form is
    refused and nothing is changed. The save itself is guarded again in the service
    (``programmes.concurrency.claim``), so two saves at the same instant cannot both win.
    """

    noun = "record"
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, current_version: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.current_version = current_version
        if current_version is not None:
            self.initial["version"] = current_version
        # Set on a refused form: what was saved meanwhile.
        self.changed_meanwhile: list = []

    @property
    def is_stale_copy(self) -> bool:
        return (
            self.current_version is not None
            and self.is_bound
            and self._posted_version() != self.current_version
        )

    def _posted_version(self) -> int | None:
        try:
            return int(self.data.get(self.add_prefix("version")) or 0)
        except (TypeError, ValueError):
            return 0

    def clean(self):
        cleaned = super().clean()
        if self.is_stale_copy:
            raise forms.ValidationError(
                STALE_ERROR.format(who="Someone else", noun=self.noun, fields="see below"),
                code=STALE,
            )
        return cleaned

    def refuse_stale(self, *, who: str, changes: list, current_version: int) -> None:
        """Refuse this posted form: say who changed what; the person's values stay, now
        carrying the current version, so saving again keeps theirs."""
        data = self.data.copy()
        data[self.add_prefix("version")] = current_version
        self.data = data
        self.current_version = current_version
        self.changed_meanwhile = changes
        fields = ", ".join(change.field.lower() for change in changes) or "nothing shown here"
        message = STALE_ERROR.format(who=who, noun=self.noun, fields=fields)
        if self.errors.get("__all__"):
            self.errors["__all__"] = self.error_class([message])
        else:
            self.add_error(None, forms.ValidationError(message, code=STALE))


def _organisations(**kwargs) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(queryset=Organisation.objects.order_by("name"), **kwargs)


def _partnerships() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label="Partnership",
        queryset=Partnership.objects.order_by("name"),
        error_messages={"required": "Select the partnership it belongs to"},
    )


class InPartnership:
    """A form for a new record chooses its partnership first (from ``partnerships``); a
    record that exists stays in its own partnership."""

    def _choose_partnership(self, record, partnerships) -> None:
        if record is not None:
            del self.fields["partnership"]
            return
        if partnerships is not None:
            self.fields["partnership"].queryset = partnerships.order_by("name")
        choices = list(self.fields["partnership"].queryset[:2])
        self._only_partnership = choices[0] if len(choices) == 1 else None
        if self._only_partnership is not None:
            # The one partnership the user may choose is chosen for them.
            self.fields["partnership"].initial = self._only_partnership.pk
            self.fields["partnership"].required = False
        self.helper.layout = Layout(Field.select("partnership"), *self.layout)

    def clean_partnership(self):
        return self.cleaned_data.get("partnership") or getattr(self, "_only_partnership", None)

    def partnership_of_form(self, record):
        return record.partnership if record is not None else self.cleaned_data.get("partnership")


def _people(**kwargs) -> forms.ModelChoiceField:
    people = Person.objects.select_related("organisation").order_by("name")
    field = forms.ModelChoiceField(queryset=people, **kwargs)
    field.label_from_instance = lambda person: (
        f"{person.name} ({person.organisation.name})" if person.organisation else person.name
    )
    return field


class BodyForm(InPartnership, VersionedForm):
    submit_label = "Save body"
    noun = "body"

    partnership = _partnerships()
    name = forms.CharField(
        label="Name", max_length=200, error_messages={"required": "Enter the body's name"}
    )
    kind = forms.ChoiceField(
        label="Kind of body",
        choices=BodyKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of body"},
    )
    unit_type = forms.ChoiceField(
        label="Type of unit",
        choices=[("", "Not a unit"), *UnitType.choices],
        required=False,
        widget=forms.RadioSelect,
    )
    organisation = _organisations(
        label="Organisation",
        required=False,
        empty_label="Whole partnership",
        help_text="Leave as whole partnership for a body such as the Public Service Board",
    )
    parent = forms.ModelChoiceField(
        label="Sits within",
        queryset=Body.objects.order_by("name"),
        required=False,
        empty_label="Nothing: a top-level body",
    )
    description = forms.CharField(label="Description", widget=forms.Textarea, required=False)
    layout = (
        Field.text("name"),
        Field.radios("kind", legend_size="s", small=True),
        Field.radios("unit_type", legend_size="s", small=True),
        Field.select("organisation"),
        Field.select("parent"),
        Field.textarea("description", rows=3),
        "version",
    )

    def __init__(self, *args, body: Body | None = None, partnerships=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.body = body
        if body is not None:
            self.fields["parent"].queryset = (
                Body.objects.filter(partnership=body.partnership_id)
                .exclude(pk=body.pk)
                .order_by("name")
            )
        self._choose_partnership(body, partnerships)

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        others = Body.objects.filter(
            name__iexact=name, partnership=self.partnership_of_form(self.body)
        )
        if self.body is not None:
            others = others.exclude(pk=self.body.pk)
        if others.exists():
            raise forms.ValidationError("A body with this name already exists")
        return name


class PostForm(VersionedForm):
    submit_label = "Save post"
    noun = "post"

    title = forms.CharField(
        label="Title of the post",
        help_text="For example, Strategic Director",
        max_length=200,
        error_messages={"required": "Enter the title of the post"},
    )
    remit = forms.CharField(
        label="Remit",
        help_text="What the post is responsible for, for example People",
        widget=forms.Textarea,
        required=False,
    )
    layout = (Field.text("title"), Field.textarea("remit", rows=3), "version")


class FillPostForm(VersionedForm):
    submit_label = "Fill post"
    noun = "post"

    person = _people(label="Who holds the post", error_messages={"required": "Select a person"})
    on = DayField(label="In post from", error="Enter the date they started, like 1 June 2010")
    layout = (Field.select("person"), Field.text("on", field_width=10), "version")


class VacatePostForm(VersionedForm):
    submit_label = "Mark post as vacant"
    noun = "post"

    on = DayField(
        label="Vacant from", error="Enter the date the post fell vacant, like 1 June 2010"
    )
    layout = (Field.text("on", field_width=10), "version")


class MemberForm(GovernanceForm):
    submit_label = "Add member"

    person = _people(label="Person", error_messages={"required": "Select a person"})
    role_in_body = forms.ChoiceField(
        label="Role on the body",
        choices=MembershipRole.choices,
        initial=MembershipRole.MEMBER,
        widget=forms.RadioSelect,
        error_messages={"required": "Select their role on the body"},
    )
    start = DayField(
        label="Member since (optional)",
        required=False,
        error="Enter the date they joined, like 30 March 2010",
    )
    layout = (
        Field.select("person"),
        Field.radios("role_in_body", legend_size="s", small=True),
        Field.text("start", field_width=10),
    )


class MeetingForm(GovernanceForm):
    submit_label = "Add meeting"

    on = DayField(
        label="Date of the meeting", error="Enter the date of the meeting, like 30 March 2010"
    )
    title = forms.CharField(
        label="Title (optional)",
        help_text="For example, Public Service Board, March 2010",
        max_length=200,
        required=False,
    )
    layout = (Field.text("on", field_width=10), Field.text("title"))


class DecisionForm(GovernanceForm):
    submit_label = "Add decision"

    text = forms.CharField(
        label="What was decided",
        widget=forms.Textarea,
        error_messages={"required": "Enter what was decided"},
    )
    actions = forms.ModelMultipleChoiceField(
        label="Actions this decision affects",
        queryset=Action.objects.order_by("programme__name", "order", "id"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    deliverables = forms.ModelMultipleChoiceField(
        label="Deliverables this decision affects",
        queryset=Deliverable.objects.select_related("stage").order_by(
            "stage__programme__name", "stage__order", "order", "id"
        ),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    layout = (
        Field.textarea("text", rows=4),
        Field.checkboxes("actions", legend_size="s", small=True),
        Field.checkboxes("deliverables", legend_size="s", small=True),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deliverables"].label_from_instance = lambda deliverable: (
            f"{deliverable.stage.code}: {deliverable}"
        )


class AgreementForm(InPartnership, VersionedForm):
    submit_label = "Save agreement"
    noun = "agreement"

    partnership = _partnerships()
    title = forms.CharField(
        label="Title", max_length=300, error_messages={"required": "Enter the agreement's title"}
    )
    kind = forms.ChoiceField(
        label="Kind of agreement",
        choices=AgreementKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of agreement"},
    )
    status = forms.ChoiceField(
        label="Status",
        choices=AgreementStatus.choices,
        initial=AgreementStatus.DRAFT,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the agreement's status"},
    )
    parties = forms.ModelMultipleChoiceField(
        label="Parties",
        queryset=Organisation.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one party"},
    )
    host = _organisations(
        label="Host (optional)",
        required=False,
        empty_label="No host",
        help_text="The partner hosting a pooled budget or leading the commissioning",
    )
    start = DayField(
        label="Start date (optional)",
        required=False,
        error="Enter the start date, like 1 April 2010",
    )
    end = DayField(
        label="End date (optional)", required=False, error="Enter the end date, like 31 March 2011"
    )
    layout = (
        Field.text("title"),
        Field.radios("kind", legend_size="s", small=True),
        Field.radios("status", legend_size="s", small=True),
        Field.checkboxes("parties", legend_size="s", small=True),
        Field.select("host"),
        Field.text("start", field_width=10),
        Field.text("end", field_width=10),
        "version",
    )

    def __init__(self, *args, agreement=None, partnerships=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.agreement = agreement
        self._choose_partnership(agreement, partnerships)

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        partnership = self.partnership_of_form(self.agreement)
        others = Agreement.objects.filter(title__iexact=title, partnership=partnership)
        if self.agreement is not None:
            others = others.exclude(pk=self.agreement.pk)
        if others.exists():
            raise forms.ValidationError("An agreement with this title already exists")
        return title

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", "Enter an end date on or after the start date")
        return data


class ContributionForm(GovernanceForm):
    submit_label = "Save contribution"

    organisation = _organisations(
        label="Party", error_messages={"required": "Select the party contributing"}
    )
    financial_year = forms.CharField(
        label="Financial year",
        help_text="For example, 2010/11",
        max_length=20,
        error_messages={"required": FINANCIAL_YEAR_ERROR},
    )
    amount = forms.DecimalField(
        label="Amount, in pounds",
        min_value=0,
        max_digits=14,
        decimal_places=2,
        error_messages={
            "required": "Enter the amount, like 250000",
            "invalid": "Enter the amount as a number, like 250000",
            "min_value": "Enter an amount of £0 or more",
            "max_digits": "Enter an amount under £1,000,000,000,000",
            "max_decimal_places": "Enter the amount to the nearest penny",
        },
    )
    layout = (
        Field.select("organisation"),
        Field.text("financial_year", field_width=5),
        Field.text("amount", field_width=10),
    )

    def clean_financial_year(self):
        try:
            return read_financial_year(self.cleaned_data["financial_year"])
        except GovernanceError as error:
            raise forms.ValidationError(str(error)) from None


class ImportForm(GovernanceForm):
    submit_label = "Import"

    partnership = _partnerships()
    what = forms.ChoiceField(
        label="What the file holds",
        choices=[
            ("bodies", "Bodies"),
            ("posts", "Posts"),
            ("agreements", "Agreements"),
            ("contributions", "Contributions"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select what the file holds"},
    )
    file = forms.FileField(
        label="File",
        help_text="A CSV or Excel (.xlsx) file with the same columns as the export",
        error_messages={"required": "Select a CSV or Excel file", "empty": "The file is empty"},
    )
    layout = (
        Field.select("partnership"),
        Field.radios("what", legend_size="s", small=True),
        Field("file"),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError("The file must be a CSV or an Excel (.xlsx) file")
        return upload
