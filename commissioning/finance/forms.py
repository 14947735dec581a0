"""GOV.UK forms for the total pot: a spend line, the population, a deep dive's notes.

Choices are narrowed to what the person may name (the organisations whose lines they enter,
the partnership's outcomes and agreements); the services check it again. Amounts are read as
people write them ("£1.2m", "1,234k", "(2,345)"); an edit form carries the version it was
drawn from, so a stale save is refused instead of writing over someone else's change.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django import forms

from commissioning.core.forms import GovukFormMixin
from commissioning.domain import financial_years
from commissioning.domain.money import MoneyError, read_money
from commissioning.domain.plan import PlanError
from commissioning.finance.models import CipfaCategory, Kind, Phase, Spending
from commissioning.finance.services import Share
from commissioning.outcomes.models import Outcome
from commissioning.partnership.models import Agreement, Organisation
from commissioning.plans.services import check_upload, import_limits
from commissioning.reading.limits import size_text

STALE = "stale"
_SPLIT_LINE = re.compile(r"^\s*(?P<percent>\d+(?:\.\d+)?)\s*%?\s*[,:]?\s*(?P<target>.+?)\s*$")


class MoneyField(forms.CharField):
    def clean(self, value):
        text = super().clean(value)
        try:
            amount = read_money(text)
        except MoneyError as error:
            raise forms.ValidationError(f"Enter an amount of money in pounds: {error}") from error
        if amount is None:
            raise forms.ValidationError("Enter the amount, for example £1.2m or 350,000")
        return amount


class YearField(forms.CharField):
    def clean(self, value):
        text = super().clean(value)
        try:
            return financial_years.normalise(text)
        except financial_years.FinancialYearError as error:
            raise forms.ValidationError(str(error)) from error


class SpendLineForm(GovukFormMixin, forms.Form):
    submit_label = "Save the line"

    organisation = forms.ModelChoiceField(Organisation.objects.none(), label="Partner")
    financial_year = YearField(label="Financial year", help_text="For example 2010/11")
    amount = MoneyField(label="Amount", help_text="In pounds: for example £1.2m, 350k or 350,000")
    phase = forms.ChoiceField(choices=Phase.choices, widget=forms.RadioSelect)
    service = forms.CharField(label="Service line", max_length=300, required=False)
    cipfa_category = forms.ChoiceField(
        label="CIPFA service category",
        choices=[("", "None given"), *CipfaCategory.choices],
        required=False,
    )
    theme = forms.CharField(
        max_length=100, required=False, help_text="All of the line to this theme"
    )
    outcome = forms.ModelChoiceField(
        Outcome.objects.none(), required=False, label="Or all of it to this outcome"
    )
    split = forms.CharField(
        label="Or split it",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="One share a line, adding up to 100 %: for example “60% H2” and “40% Safer” "
        "(an outcome's code or title, else a theme)",
    )
    kind = forms.ChoiceField(choices=Kind.choices, widget=forms.RadioSelect)
    spending = forms.ChoiceField(
        label="Capital or revenue", choices=Spending.choices, widget=forms.RadioSelect
    )
    locally_controlled = forms.NullBooleanField(
        label="Locally controlled",
        widget=forms.NullBooleanSelect,
        required=False,
    )
    pool = forms.ModelChoiceField(
        Agreement.objects.none(), required=False, label="Paid into a pooled budget"
    )
    source = forms.CharField(max_length=300, required=False, help_text="Which return, which person")
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, partnership, organisations, current_version: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        self.partnership = partnership
        self.current_version = current_version
        self.initial.setdefault("version", current_version)
        self.fields["organisation"].queryset = organisations.order_by("name")
        self.outcomes = Outcome.objects.filter(partnership=partnership).not_archived()
        self.fields["outcome"].queryset = self.outcomes
        self.fields["pool"].queryset = Agreement.objects.filter(partnership=partnership)

    def _split(self, text: str) -> list[Share]:
        outcomes = {}
        for outcome in self.outcomes:
            outcomes.setdefault(outcome.title.casefold(), outcome)
            if outcome.code:
                outcomes[outcome.code.casefold()] = outcome
        shares = []
        for number, row in enumerate(text.splitlines(), start=1):
            if not row.strip():
                continue
            match = _SPLIT_LINE.match(row)
            if match is None:
                raise forms.ValidationError(
                    f"Line {number} of the split: write a per cent and then a theme or outcome"
                )
            try:
                percent = Decimal(match["percent"])
            except InvalidOperation as error:
                raise forms.ValidationError(f"Line {number}: not a per cent") from error
            target = match["target"]
            outcome = outcomes.get(target.casefold())
            shares.append(Share(percent=percent, outcome=outcome, theme="" if outcome else target))
        return shares

    def clean(self):
        cleaned = super().clean()
        split = (cleaned.get("split") or "").strip()
        if split:
            try:
                cleaned["shares"] = self._split(split)
            except forms.ValidationError as error:
                self.add_error("split", error)
        elif cleaned.get("outcome"):
            cleaned["shares"] = [Share(percent=Decimal(100), outcome=cleaned["outcome"])]
        else:
            cleaned["shares"] = [
                Share(percent=Decimal(100), theme=(cleaned.get("theme") or "").strip())
            ]
        if self.is_bound and cleaned.get("version") != self.current_version:
            raise forms.ValidationError(
                "Someone else changed this line since you opened it. Check the values below "
                "(now as they saved them are shown in the line's history) and save again to "
                "keep yours.",
                code=STALE,
            )
        return cleaned

    @property
    def is_stale(self) -> bool:
        return self.has_error(forms.forms.NON_FIELD_ERRORS, code=STALE)


class PopulationForm(GovukFormMixin, forms.Form):
    submit_label = "Save the population"

    financial_year = YearField(label="Financial year", help_text="For example 2010/11")
    people = forms.IntegerField(label="People living in the area", min_value=1)
    source = forms.CharField(
        max_length=300, required=False, help_text="For example ONS mid-year estimate 2010"
    )


class DeepDiveForm(GovukFormMixin, forms.Form):
    submit_label = "Save the notes"

    findings = forms.CharField(widget=forms.Textarea(attrs={"rows": 6}), required=False)
    proposals = forms.CharField(widget=forms.Textarea(attrs={"rows": 6}), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, current_version: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        self.current_version = current_version
        self.initial.setdefault("version", current_version)

    def clean(self):
        cleaned = super().clean()
        if self.is_bound and cleaned.get("version") != self.current_version:
            raise forms.ValidationError(
                "Someone else changed these notes since you opened them. Your text is below: "
                "save again to keep it.",
                code=STALE,
            )
        return cleaned


class SpendUploadForm(GovukFormMixin, forms.Form):
    """A spend return (or a whole count) to import into the partnership's pot."""

    submit_label = "Check the file"

    document = forms.FileField(
        label="Upload a spend table",
        help_text="A partner's return or a whole count saved as .csv, .xlsx, .docx or .pdf",
        allow_empty_file=True,  # the reader says the file is empty, naming it
        widget=forms.FileInput(attrs={"accept": ".csv,.xlsx,.docx,.pdf,.txt"}),
        error_messages={
            "required": "Select a spend table to upload",
            "missing": "Select a spend table to upload",
            "invalid": "The selected file could not be uploaded – try again",
        },
    )
    organisation = forms.ModelChoiceField(
        Organisation.objects.none(),
        label="Partner of the return",
        required=False,
        empty_label="The rows name their partner",
        help_text="Only for a return whose rows do not say whose they are",
        error_messages={"invalid_choice": "Choose a partner from the list"},
    )

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        limit = size_text(import_limits().upload_bytes)
        self.fields["document"].help_text += f", {limit} or smaller"
        if organisations is not None:
            self.fields["organisation"].queryset = organisations.order_by("name")

    @classmethod
    def refused(cls, message: str) -> SpendUploadForm:
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
