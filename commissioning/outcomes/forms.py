"""GOV.UK forms for outcomes, chains, alignments, needs analyses and gaps.

Choices are narrowed to the partnership the page is about, so a form cannot name another
partnership's rows; the services check it again.
"""

from __future__ import annotations

from datetime import date

from django import forms

from commissioning.core.forms import GovukFormMixin
from commissioning.domain.plan import PlanError
from commissioning.outcomes.models import (
    AgreementStatus,
    Confidence,
    GapStatus,
    Level,
    MarkKind,
    NeedsAnalysis,
    NeedsAnalysisKind,
    Outcome,
    OutcomeChain,
    Severity,
)
from commissioning.partnership.governance import read_day
from commissioning.partnership.models import Meeting, Organisation, Partnership
from commissioning.plans.services import check_upload, import_limits
from commissioning.programmes.models import Action, Deliverable
from commissioning.reading.limits import size_text

DATE_HINT = "For example, 30 March 2010 or 30/03/2010"


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


class OutcomesForm(GovukFormMixin, forms.Form):
    """A form about one partnership: ``partnership`` narrows its choices."""

    def __init__(self, *args, partnership: Partnership, **kwargs):
        self.partnership = partnership
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField):
                field.queryset = self.narrow(field.queryset)

    def narrow(self, queryset):
        model = queryset.model
        if model is Organisation:
            return self.partnership.organisations().order_by("name")
        if model is Meeting:
            return queryset.filter(body__partnership=self.partnership).select_related("body")
        if model is Deliverable:
            return queryset.filter(stage__programme__partnership=self.partnership)
        if model is Action:
            return queryset.filter(programme__partnership=self.partnership)
        if model in (Outcome, OutcomeChain, NeedsAnalysis):
            return queryset.filter(partnership=self.partnership, archived_at__isnull=True)
        return queryset.none()

    def refuse(self, error) -> None:
        """Show a service's refusal on its field, or at the top when the form lacks it."""
        field = error.field if error.field in self.fields else None
        self.add_error(field, error.message)


def _organisations():
    return forms.ModelChoiceField(
        Organisation.objects.all(), required=False, empty_label="None (the partnership's)"
    )


class OutcomeForm(OutcomesForm):
    code = forms.CharField(max_length=40, required=False, help_text="For example H1 or 2.3")
    title = forms.CharField(max_length=300)
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    level = forms.ChoiceField(choices=Level.choices, widget=forms.RadioSelect)
    theme = forms.CharField(max_length=100, required=False, help_text="For example Healthier")
    owner_organisation = _organisations()
    status = forms.ChoiceField(choices=AgreementStatus.choices, widget=forms.RadioSelect)
    agreed_meeting = forms.ModelChoiceField(
        Meeting.objects.all(), required=False, label="Agreed at which meeting"
    )

    def clean_title(self):
        return self.cleaned_data["title"].strip()


class ChainForm(OutcomesForm):
    title = forms.CharField(max_length=300)
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    owner_organisation = forms.ModelChoiceField(
        Organisation.objects.all(),
        required=False,
        empty_label="The partnership's shared chain",
        label="Whose chain is it",
    )
    status = forms.ChoiceField(choices=AgreementStatus.choices, widget=forms.RadioSelect)
    agreed_meeting = forms.ModelChoiceField(
        Meeting.objects.all(), required=False, label="Agreed at which meeting"
    )


class LinkForm(OutcomesForm):
    submit_label = "Add the link"
    from_outcome = forms.ModelChoiceField(Outcome.objects.all(), label="This outcome")
    to_outcome = forms.ModelChoiceField(Outcome.objects.all(), label="So that")
    rationale = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        label="Rationale or evidence",
    )
    confidence = forms.ChoiceField(choices=Confidence.choices, initial=Confidence.MEDIUM)


class FactorForm(OutcomesForm):
    submit_label = "Add the contributory factor"

    def __init__(self, *args, chain: OutcomeChain, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["under"].queryset = Outcome.objects.filter(chain_nodes__chain=chain)

    under = forms.ModelChoiceField(Outcome.objects.all(), label="Under which outcome")
    title = forms.CharField(max_length=300, label="Contributory factor")
    code = forms.CharField(max_length=40, required=False)
    rationale = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), required=False, label="Rationale or evidence"
    )
    confidence = forms.ChoiceField(choices=Confidence.choices, initial=Confidence.MEDIUM)


class AlignmentForm(OutcomesForm):
    submit_label = "Put the chains side by side"
    partner_chain = forms.ModelChoiceField(OutcomeChain.objects.all(), label="Partner's chain")
    council_chain = forms.ModelChoiceField(OutcomeChain.objects.all(), label="Council's chain")
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)


class MarkForm(OutcomesForm):
    submit_label = "Add the mark"

    def __init__(self, *args, alignment, **kwargs):
        super().__init__(*args, **kwargs)
        partner = Outcome.objects.filter(chain_nodes__chain=alignment.partner_chain_id)
        council = Outcome.objects.filter(chain_nodes__chain=alignment.council_chain_id)
        self.fields["partner_outcome"].queryset = partner
        self.fields["council_outcome"].queryset = council

    kind = forms.ChoiceField(choices=MarkKind.choices, widget=forms.RadioSelect)
    partner_outcome = forms.ModelChoiceField(
        Outcome.objects.all(), required=False, label="Partner's outcome"
    )
    council_outcome = forms.ModelChoiceField(
        Outcome.objects.all(), required=False, label="Council's outcome"
    )
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text="Required for a conflict: say what it is",
    )


class NeedsAnalysisForm(OutcomesForm):
    title = forms.CharField(max_length=300)
    kind = forms.ChoiceField(choices=NeedsAnalysisKind.choices, widget=forms.RadioSelect)
    author_organisation = forms.ModelChoiceField(
        Organisation.objects.all(), required=False, label="Author organisation"
    )
    period = forms.CharField(
        max_length=300, required=False, help_text="As written, for example 2009/10 or April 2010"
    )
    population = forms.CharField(max_length=300, required=False, label="Population covered")
    findings = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), required=False, label="Summary of findings"
    )
    document_url = forms.URLField(
        required=False, label="Link to the document", max_length=500, assume_scheme="https"
    )
    outcomes = forms.ModelMultipleChoiceField(
        Outcome.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Outcomes covered",
    )

    def narrow(self, queryset):
        if queryset.model is Outcome:
            return Outcome.objects.filter(
                partnership=self.partnership, archived_at__isnull=True
            ).order_by("theme", "code", "title")
        return super().narrow(queryset)


class GapForm(OutcomesForm):
    outcome = forms.ModelChoiceField(Outcome.objects.all())
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))
    severity = forms.ChoiceField(choices=Severity.choices, widget=forms.RadioSelect)
    needs_analysis = forms.ModelChoiceField(
        NeedsAnalysis.objects.all(), required=False, label="Evidence: which needs analysis"
    )


class NewGapForm(GapForm):
    identified_on = DayField(error="Enter the date the gap was identified", label="Identified on")


class GapMoveForm(GovukFormMixin, forms.Form):
    submit_label = "Move the gap"
    status = forms.ChoiceField(choices=GapStatus.choices, widget=forms.RadioSelect)
    on = DayField(error="Enter the date of the move", label="On")
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)


class ProgrammeLinkForm(OutcomesForm):
    submit_label = "Link"
    deliverable = forms.ModelChoiceField(Deliverable.objects.all(), required=False)
    action = forms.ModelChoiceField(
        Action.objects.all(),
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        label="Action number",
        help_text="The number in the action page's address, for example 1042",
        error_messages={"invalid_choice": "Enter the number of an action of this partnership"},
    )

    def clean(self):
        data = super().clean()
        if bool(data.get("deliverable")) == bool(data.get("action")):
            raise forms.ValidationError("Choose a deliverable or an action (one of them)")
        return data


class RemoveLinkForm(GovukFormMixin, forms.Form):
    submit_label = "Remove the link"

    def __init__(self, *args, links, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["link"].choices = [("", "Choose a link")] + [
            (link.pk, f"{link.from_outcome} so that {link.to_outcome}") for link in links
        ]

    link = forms.ChoiceField(choices=[], label="Link")


class FrameworkUploadForm(GovukFormMixin, forms.Form):
    """An outcomes framework table to import into the partnership's library."""

    submit_label = "Check the file"

    document = forms.FileField(
        label="Upload an outcomes framework",
        help_text="A table of themes, outcomes and sub-outcomes as .csv, .xlsx, .docx or .txt",
        allow_empty_file=True,  # the reader says the file is empty, naming it
        widget=forms.FileInput(attrs={"accept": ".csv,.xlsx,.docx,.txt"}),
        error_messages={
            "required": "Select an outcomes framework to upload",
            "missing": "Select an outcomes framework to upload",
            "invalid": "The selected file could not be uploaded – try again",
        },
    )

    chain = forms.CharField(
        label="Chain the file's links go in (optional)",
        help_text=(
            "A chain of this title gets the links, or is made for them. Leave it empty for "
            "“Imported from” and the file's name."
        ),
        required=False,
        max_length=300,
        error_messages={"max_length": "The chain's title must be 300 characters or fewer"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit = size_text(import_limits().upload_bytes)
        self.fields["document"].help_text += f", {limit} or smaller"

    @classmethod
    def refused(cls, message: str) -> FrameworkUploadForm:
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


class TableUploadForm(FrameworkUploadForm):
    """A table of needs analyses or of gaps to import into the partnership."""

    chain = None

    def __init__(self, *args, what: str = "needs analyses", **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["document"]
        field.label = f"Upload a table of {what}"
        field.help_text = field.help_text.replace(
            "A table of themes, outcomes and sub-outcomes", f"A table of {what}"
        )
        field.error_messages = {
            **field.error_messages,
            "required": f"Select a table of {what} to upload",
            "missing": f"Select a table of {what} to upload",
        }
