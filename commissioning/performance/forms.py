"""The indicator, turn-the-curve and business plan forms; values are entered in the period
grid (views.grid)."""

from __future__ import annotations

from decimal import Decimal

from django import forms

from commissioning.core.forms import GovukFormMixin
from commissioning.domain.indicators import IndicatorValueError, read_value
from commissioning.domain.plan import PlanError
from commissioning.outcomes.models import Outcome
from commissioning.partnership.models import Organisation
from commissioning.performance.models import (
    Frequency,
    Indicator,
    Kind,
    Polarity,
    TurnTheCurve,
    UnitKind,
)
from commissioning.plans.services import check_upload, import_limits
from commissioning.programmes.models import Action
from commissioning.reading.limits import size_text

TEXTS = ("story", "helping", "hurting", "partners", "what_works")


class TurnTheCurveForm(forms.ModelForm):
    TEXTS = TEXTS

    class Meta:
        model = TurnTheCurve
        fields = ["story", "helping", "hurting", "partners", "what_works", "actions"]
        labels = {
            "story": "The story behind the curve",
            "helping": "Factors helping",
            "hurting": "Factors hurting",
            "partners": "Partners with a role to play",
            "what_works": "What works",
            "actions": "Programme actions in the plan",
        }
        widgets = {
            name: forms.Textarea(attrs={"class": "govuk-textarea", "rows": 3}) for name in TEXTS
        } | {"actions": forms.CheckboxSelectMultiple(attrs={"class": "govuk-checkboxes__input"})}

    def __init__(self, *args, actions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actions"].queryset = actions
        self.fields["actions"].required = False
        for name in self.TEXTS:
            self.fields[name].required = False


STALE = "stale"


def _number(text: str) -> Decimal | None:
    try:
        return read_value(text)
    except IndicatorValueError:
        return None


def _text(label: str, max_length: int, *, required: bool = False, **more) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        error_messages={
            "required": f"Enter the {label.lower()}",
            "max_length": f"{label} must be {max_length} characters or fewer",
        },
        **more,
    )


class IndicatorForm(GovukFormMixin, forms.Form):
    """An indicator: what it measures and how, who owns it, and its baseline and target.

    Carries the version it was drawn from, so a save over someone else's change is refused.
    """

    submit_label = "Save the indicator"

    title = _text("Name", 300, required=True, help_text="For example, Adult participation in sport")
    code = _text("Code or reference", 40, help_text='For example "NI 8" or "ASCOF 1A"')
    definition = forms.CharField(
        label="Definition", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    kind = forms.ChoiceField(
        label="Kind",
        choices=Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the kind of indicator"},
    )
    theme = _text("Theme", 200)
    unit = _text("Unit", 40, help_text='For example "%", "rate per 1,000" or "£"')
    polarity = forms.ChoiceField(
        label="Polarity",
        choices=Polarity.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether higher or lower is better"},
    )
    frequency = forms.ChoiceField(
        label="Frequency", choices=[("", "Not said"), *Frequency.choices], required=False
    )
    decimals = forms.IntegerField(
        label="Decimal places shown",
        min_value=0,
        max_value=6,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-2"}),
        error_messages={
            "required": "Enter how many decimal places to show, for example 1",
            "invalid": "Enter the decimal places as a whole number, for example 1",
            "min_value": "Decimal places must be 0 or more",
            "max_value": "Decimal places must be 6 or fewer",
        },
    )
    tolerance = forms.DecimalField(
        label="Tolerance",
        min_value=Decimal(0),
        max_value=Decimal(1),
        decimal_places=4,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-5"}),
        help_text="How far short of the target still counts Amber, as a share (0.05 = 5%)",
        error_messages={
            "required": "Enter the tolerance, for example 0.05",
            "invalid": "Enter the tolerance as a number, for example 0.05",
            "min_value": "Tolerance must be 0 or more",
            "max_value": "Tolerance must be 1 or less",
            "max_decimal_places": "Tolerance must have 4 decimal places or fewer",
        },
    )
    source = _text("Source", 300, help_text="Where the figures come from")
    owner_organisation = forms.ModelChoiceField(
        Organisation.objects.none(),
        label="Owning organisation",
        required=False,
        error_messages={"invalid_choice": "Choose an organisation of the partnership"},
    )
    owner_name = _text("Owning person or team", 200)
    comparator_name = _text("Comparator", 100, help_text='For example "England"')
    outcomes = forms.ModelMultipleChoiceField(
        Outcome.objects.none(),
        label="Outcomes it measures",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose outcomes from the list"},
    )
    baseline_period = _text("Baseline period", 60, help_text="For example 2007/08")
    baseline = _text("Baseline", 40, help_text="The actual in that period")
    target_period = _text("Target period", 60, help_text="For example 2010/11")
    target = _text("Target", 100, help_text='A number, or words such as "TBC" (shown as not set)')
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, partnership, current_version: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        self.current_version = current_version
        self.initial.setdefault("version", current_version)
        self.fields["owner_organisation"].queryset = partnership.organisations().order_by("name")
        self.fields["outcomes"].queryset = Outcome.objects.filter(
            partnership=partnership, archived_at__isnull=True
        ).order_by("code", "title")
        if not self.fields["outcomes"].queryset.exists():
            self.fields["outcomes"].help_text = "The partnership's outcome library has none yet"

    def clean(self):
        cleaned = super().clean()
        for name in ("baseline", "target"):
            period, figure = cleaned.get(f"{name}_period", ""), cleaned.get(name, "")
            if figure and not period:
                self.add_error(
                    f"{name}_period", f"Enter the period of the {name}, for example 2010/11"
                )
            if period and not figure:
                self.add_error(name, f"Enter the {name}, or leave its period blank")
        baseline = cleaned.get("baseline", "")
        if baseline and _number(baseline) is None:
            self.add_error(
                "baseline", f"Enter the baseline as a number, for example 21.3 (not {baseline!r})"
            )
        if self.is_bound and cleaned.get("version") != self.current_version:
            raise forms.ValidationError(
                "Someone else changed this indicator since you opened it: the page now shows "
                "your values; save again to keep them.",
                code=STALE,
            )
        return cleaned

    @property
    def is_stale(self) -> bool:
        return self.has_error(forms.forms.NON_FIELD_ERRORS, code=STALE)


class IndicatorUploadForm(GovukFormMixin, forms.Form):
    """An indicator table to import into the partnership."""

    submit_label = "Check the file"

    document = forms.FileField(
        label="Upload an indicator table",
        help_text="A long or wide table of indicators saved as .csv, .xlsx, .docx or .pdf",
        allow_empty_file=True,  # the reader says the file is empty, naming it
        widget=forms.FileInput(attrs={"accept": ".csv,.xlsx,.docx,.pdf,.txt"}),
        error_messages={
            "required": "Select an indicator table to upload",
            "missing": "Select an indicator table to upload",
            "invalid": "The selected file could not be uploaded – try again",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit = size_text(import_limits().upload_bytes)
        self.fields["document"].help_text += f", {limit} or smaller"

    @classmethod
    def refused(cls, message: str) -> IndicatorUploadForm:
        """A submitted form whose upload was refused, with ``message``, before it was read."""
        form = cls({}, {})
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


class ActionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, action):
        return f"{action.programme.name}: {action.ref} {action.title}".replace("  ", " ")


class BusinessPlanForm(GovukFormMixin, forms.Form):
    """A unit's business plan for a year: the outcomes it serves, its indicators and actions.

    Carries the version it was drawn from, so a save over someone else's change is refused.
    """

    submit_label = "Save the business plan"

    unit = _text(
        "Delivery or support unit", 200, required=True, help_text="For example, Adult Social Care"
    )
    unit_kind = forms.ChoiceField(
        label="Kind of unit",
        choices=UnitKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether it is a delivery or a support unit"},
    )
    organisation = forms.ModelChoiceField(
        Organisation.objects.none(),
        label="Organisation",
        required=False,
        error_messages={"invalid_choice": "Choose an organisation of the partnership"},
    )
    lead = _text("Lead", 200, help_text="The person or post who leads the unit")
    financial_year = _text("Financial year", 20, required=True, help_text="For example 2010/11")
    purpose = forms.CharField(
        label="Purpose and priorities",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    outcomes = forms.ModelMultipleChoiceField(
        Outcome.objects.none(),
        label="Outcomes it serves",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose outcomes from the list"},
    )
    indicators = forms.ModelMultipleChoiceField(
        Indicator.objects.none(),
        label="Indicators it answers for",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose indicators from the list"},
    )
    actions = ActionChoiceField(
        Action.objects.none(),
        label="Programme actions it carries out",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose actions from the list"},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, partnership, current_version: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        self.current_version = current_version
        self.initial.setdefault("version", current_version)
        self.initial.setdefault("unit_kind", UnitKind.DELIVERY)
        self.fields["organisation"].queryset = partnership.organisations().order_by("name")
        self.fields["outcomes"].queryset = Outcome.objects.filter(
            partnership=partnership, archived_at__isnull=True
        ).order_by("code", "title")
        self.fields["indicators"].queryset = Indicator.objects.filter(
            partnership=partnership
        ).order_by("theme", "code", "title")
        self.fields["actions"].queryset = (
            Action.objects.not_archived()
            .filter(programme__partnership=partnership)
            .select_related("programme")
            .order_by("programme__name", "order", "pk")
        )
        for name, empty in (
            ("outcomes", "The partnership's outcome library has none yet"),
            ("indicators", "The partnership has no indicators yet"),
            ("actions", "The partnership's programmes have no actions yet"),
        ):
            if not self.fields[name].queryset.exists():
                self.fields[name].help_text = empty

    def clean(self):
        cleaned = super().clean()
        if self.is_bound and (cleaned.get("version") or 0) != self.current_version:
            raise forms.ValidationError(
                "Someone else changed this business plan since you opened it: the page now "
                "shows your values; save again to keep them.",
                code=STALE,
            )
        return cleaned

    @property
    def is_stale(self) -> bool:
        return self.has_error(forms.forms.NON_FIELD_ERRORS, code=STALE)
