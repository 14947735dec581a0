"""GOV.UK forms for programmes: progress updates, statuses and edits."""

from dataclasses import dataclass

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout
from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.html import format_html

from commissioning.core.forms import GovukFormMixin
from commissioning.domain.timescales import Precision, parse_timescale
from commissioning.programmes.models import StatusChoices

AS_OF_ERROR = "Enter the period this progress is as of, like May 2008"
TIMESCALE_EXAMPLES = "like April 2008, 31/03/2009, Q3 2010/11 or Ongoing"
STALE_ERROR = (
    "{who} changed this {noun} while you were editing it ({fields}). Your changes are not "
    "saved yet: they are still in the form. Compare them with what was saved meanwhile, "
    "then save again to keep yours."
)
STALE = "stale"


class _GovukForm(GovukFormMixin, forms.Form):
    """A GOV.UK form the template wraps in its own <form> tag."""

    layout: tuple = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the template's <form> carries the token
        self.helper.layout = Layout(*self.layout)


class ProgressForm(_GovukForm):
    """A progress update: the period it is as of, what happened, and optionally a status."""

    submit_label = "Add progress update"

    as_of = forms.CharField(
        label="Progress as of",
        help_text="For example, May 2008",
        max_length=100,
        error_messages={"required": AS_OF_ERROR},
    )
    text = forms.CharField(
        label="What has happened",
        widget=forms.Textarea,
        error_messages={"required": "Enter what has happened"},
    )
    status = forms.ChoiceField(
        label="Status",
        choices=[("", "Suggest from the text"), *StatusChoices.choices],
        required=False,
        initial="",
        widget=forms.RadioSelect,
    )
    layout = (
        Field.text("as_of", field_width=10),
        Field.textarea("text", rows=5),
        Field.radios("status", legend_size="s", small=True),
    )

    def clean_as_of(self):
        """The period as a Timescale; it must have a window (not Ongoing, not monthly)."""
        timescale = parse_timescale(self.cleaned_data["as_of"])
        if timescale.precision in {Precision.UNPARSED, Precision.OPEN, Precision.RECURRING}:
            raise forms.ValidationError(AS_OF_ERROR)
        return timescale


class StatusForm(forms.Form):
    """The status a person confirms or chooses."""

    status = forms.ChoiceField(
        choices=StatusChoices.choices, error_messages={"required": "Select a status"}
    )


class ReviewStatusesForm(forms.Form):
    """One status per suggested item, named ``action-<pk>`` or ``deliverable-<pk>``.

    A row left out of the post (an item suggested since the page was loaded) is not touched.
    """

    def __init__(self, *args, items: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()  # the template draws the table; this shows the errors
        for name, title in items.items():
            self.fields[name] = forms.ChoiceField(
                label=format_html("Status of {}", title),  # labels are printed as HTML
                choices=StatusChoices.choices,
                required=False,
                error_messages={"invalid_choice": f"Select a status for {title}"},
            )


class TimescaleField(forms.CharField):
    """A timescale typed as people write it; text that cannot be read is refused."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", "Timescale")
        kwargs.setdefault("help_text", f"As written in the plan, {TIMESCALE_EXAMPLES}")
        kwargs.setdefault("max_length", 300)
        kwargs.setdefault(
            "error_messages", {"required": f"Enter a timescale, {TIMESCALE_EXAMPLES}"}
        )
        super().__init__(**kwargs)

    def validate(self, value):
        super().validate(value)
        if value and not parse_timescale(value).is_parsed:
            raise forms.ValidationError(
                f"We could not read '{value}' as a timescale. Enter a date or period, "
                f"{TIMESCALE_EXAMPLES}"
            )


@dataclass(frozen=True)
class ChangedMeanwhile:
    """A field someone else saved while a person was editing: their value beside the
    person's own."""

    field: str
    yours: str
    theirs: str
    who: str


class _EditForm(_GovukForm):
    """An edit form that refuses to save over a change made since it was loaded.

    ``version`` carries the id of the item's latest history row when the form was shown;
    ``current_version`` is the id now. If they differ someone else saved in between.
    """

    submit_label = "Save changes"
    noun = "item"
    # Form fields stored under another name on the model.
    model_fields = {"timescale": "timescale_text"}
    # Set on a refused stale form: what someone else saved meanwhile.
    changed_meanwhile: list[ChangedMeanwhile] = []

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # Further hidden versions (field: the keyword giving its current value), for what an
    # item's own history does not cover, such as an action's owners.
    extra_versions: dict[str, str] = {}

    def __init__(self, *args, current_version: int, **kwargs):
        extra = {name: kwargs.pop(keyword) for name, keyword in self.extra_versions.items()}
        super().__init__(*args, **kwargs)
        self.current_version = current_version
        self.current_versions = {"version": current_version, **extra}
        for name, value in self.current_versions.items():
            self.initial.setdefault(name, value)

    def stale_fields(self) -> set[str]:
        """The hidden versions that differ from the current ones."""
        return {
            name
            for name, current in self.current_versions.items()
            if self.cleaned_data.get(name) != current
        }

    def clean(self):
        cleaned = super().clean()
        if self.stale_fields():
            raise forms.ValidationError(
                STALE_ERROR.format(who="Someone else", noun=self.noun, fields="see below"),
                code=STALE,
            )
        return cleaned

    @property
    def is_stale(self) -> bool:
        return self.has_error(NON_FIELD_ERRORS, code=STALE)


class StageForm(_EditForm):
    noun = "stage"

    code = forms.CharField(label="Code", help_text="For example, T1", max_length=20, required=False)
    title = forms.CharField(
        label="Title", max_length=500, error_messages={"required": "Enter the stage's title"}
    )
    timescale = TimescaleField(label="Due")
    layout = (
        Field.text("code", field_width=5),
        Field.text("title"),
        Field.text("timescale", field_width=20),
        "version",
    )


class DeliverableForm(_EditForm):
    noun = "deliverable"

    text = forms.CharField(
        label="Deliverable",
        widget=forms.Textarea,
        error_messages={"required": "Enter what is to be delivered"},
    )
    scope = forms.ChoiceField(
        label="Internal or external",
        choices=[
            ("internal", "Internal (for the council)"),
            ("external", "External (with partners)"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select internal or external"},
    )
    layout = (Field.textarea("text", rows=4), Field.radios("scope", small=True), "version")


class ActionForm(_EditForm):
    noun = "action"

    title = forms.CharField(
        label="Action", widget=forms.Textarea, error_messages={"required": "Enter the action"}
    )
    ref = forms.CharField(
        label="Reference", help_text="For example, 1.2", max_length=40, required=False
    )
    timescale = TimescaleField(required=False)
    section = forms.CharField(label="Section", max_length=500, required=False)
    layout = (
        Field.textarea("title", rows=3),
        Field.text("ref", field_width=10),
        Field.text("timescale", field_width=20),
        Field.text("section"),
        "version",
    )


def shown_value(field: forms.Field, value) -> str:
    """A form value as people read it: the label of a choice, else the text."""
    choices = dict(getattr(field, "choices", None) or [])
    if isinstance(value, list | tuple | set):
        # A multiple choice (the reporting months): each label, in order.
        return ", ".join(str(choices.get(item, item)) for item in value)
    return str(choices.get(value, value) if value is not None else "")


def stale_form(
    form_class, *, data, current_version: int, changes: list[ChangedMeanwhile], **kwargs
):
    """The person's own values, refused with what changed meanwhile; saving again keeps them."""
    data = data.copy()
    data["version"] = current_version
    for name, keyword in form_class.extra_versions.items():
        data[name] = kwargs[keyword]
    form = form_class(data=data, current_version=current_version, **kwargs)
    form.full_clean()
    form.changed_meanwhile = changes
    who = changes[0].who if changes else "Someone else"
    fields = ", ".join(change.field.lower() for change in changes) or "nothing you can see here"
    message = STALE_ERROR.format(who=who, noun=form.noun, fields=fields)
    form.add_error(None, forms.ValidationError(message, code=STALE))
    return form
