"""GOV.UK forms for commissions: a stage move, and a commission's own fields.

Amounts of money are read as people write them ("£1.2m", "350,000"); an edit form carries
the version of the commission it was drawn from, and is refused if anyone saved it since.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import forms

from commissioning.commissions.models import (
    Commission,
    CriteriaSet,
    Criterion,
    Evaluation,
    LessonTarget,
    MilestoneStatus,
    ProcurementStage,
    Result,
    Route,
    Scale,
    Stage,
    Status,
)
from commissioning.core.forms import GovukFormMixin
from commissioning.domain.money import MoneyError, read_money
from commissioning.domain.timescales import Precision, parse_timescale
from commissioning.outcomes.models import Gap, Outcome
from commissioning.partnership.models import Meeting, Organisation, Person, Post

STALE = "stale"
MAX_MONEY = Decimal("999999999999.99")  # what the amount columns hold (14 digits, 2 places)


class PageForm(GovukFormMixin, forms.Form):
    """A GOV.UK form inside the page's own <form>, which carries the CSRF token."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.disable_csrf = True


class StageMoveForm(forms.Form):
    to_stage = forms.ChoiceField(label="Move to stage", choices=Stage.choices)
    why = forms.CharField(
        label="Why does it move?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why the commission moves"},
    )


class MoneyField(forms.CharField):
    """An optional amount in pounds, written as people write it."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 40)
        kwargs.setdefault("help_text", "In pounds, for example £1.2m or 350,000")
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return f"£{value:,.2f}".replace(".00", "")
        return value

    def clean(self, value):
        text = super().clean(value)
        try:
            amount = read_money(text or None)
        except MoneyError as error:
            raise forms.ValidationError(
                f"{self.label}: enter an amount of money in pounds ({error})"
            ) from error
        if amount is not None and (amount < 0 or amount > MAX_MONEY):
            raise forms.ValidationError(f"{self.label}: enter an amount from £0 to £999bn")
        return amount


class CommissionForm(PageForm):
    """A commission's own fields; on a new one, also the stage it enters the cycle at."""

    submit_label = "Save the commission"

    title = forms.CharField(
        max_length=300, error_messages={"required": "Enter the commission's title"}
    )
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False)
    outcomes = forms.ModelMultipleChoiceField(
        Outcome.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Outcomes it serves",
    )
    gaps = forms.ModelMultipleChoiceField(
        Gap.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Gaps it addresses",
    )
    lead_post = forms.ModelChoiceField(
        Post.objects.none(),
        required=False,
        label="Lead commissioner",
        help_text="A post in the governance structure; its holder is recorded with it",
    )
    stage = forms.ChoiceField(
        choices=Stage.choices, label="Cycle stage it enters at", initial=Stage.ANALYSE
    )
    status = forms.ChoiceField(choices=Status.choices, initial=Status.PROPOSED)
    route = forms.ChoiceField(choices=[("", "Not decided"), *Route.choices], required=False)
    providers = forms.ModelMultipleChoiceField(
        Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Including voluntary and community sector organisations",
    )
    budget_amount = MoneyField(label="Budget")
    expected_savings = MoneyField(label="Expected savings")
    actual_cost = MoneyField(label="Actual cost", help_text="At Review, in pounds")
    actual_savings = MoneyField(label="Actual savings", help_text="At Review, in pounds")
    is_pilot = forms.BooleanField(required=False, label="This commission is a pilot")
    predecessor = forms.ModelChoiceField(
        Commission.objects.none(),
        required=False,
        label="Follows",
        help_text="The pilot or earlier commission this one follows",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        *args,
        partnership,
        providers,
        commission: Commission | None = None,
        current_version: int = 0,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.commission = commission
        self.current_version = current_version
        self.initial.setdefault("version", current_version)
        self.fields["outcomes"].queryset = Outcome.objects.filter(
            partnership=partnership
        ).not_archived()
        self.fields["gaps"].queryset = Gap.objects.filter(partnership=partnership).select_related(
            "outcome"
        )
        self.fields["lead_post"].queryset = Post.objects.filter(
            body__partnership=partnership
        ).select_related("body")
        self.fields["providers"].queryset = providers.order_by("name")
        others = Commission.objects.filter(partnership=partnership)
        if commission is not None:
            others = others.exclude(pk=commission.pk)
            del self.fields["stage"]
        self.fields["predecessor"].queryset = others

    def clean(self):
        cleaned = super().clean()
        if self.is_bound and cleaned.get("version") != self.current_version:
            raise forms.ValidationError(
                "Someone else changed this commission since you opened it. Your values are "
                "below; the commission's history shows what they saved. Save again to keep "
                "yours.",
                code=STALE,
            )
        return cleaned

    @classmethod
    def initial_for(cls, commission: Commission) -> dict:
        """The form's values for an existing commission."""
        return {
            "title": commission.title,
            "description": commission.description,
            "outcomes": list(commission.outcomes.all()),
            "gaps": list(commission.gaps.all()),
            "lead_post": commission.lead_post_id,
            "status": commission.status,
            "route": commission.route,
            "providers": list(commission.providers.all()),
            "budget_amount": commission.budget_amount,
            "expected_savings": commission.expected_savings,
            "actual_cost": commission.actual_cost,
            "actual_savings": commission.actual_savings,
            "is_pilot": commission.is_pilot,
            "predecessor": commission.predecessor_id,
        }


class DayField(forms.CharField):
    """A day written as people write it ("30 April 2026", "30/04/2026")."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 40)
        kwargs.setdefault("help_text", "For example 30 April 2026 or 30/04/2026")
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, dt.date):
            return f"{value.day} {value:%B %Y}"
        return value

    def clean(self, value):
        text = super().clean(value)
        if not text:
            return None
        timescale = parse_timescale(text)
        if timescale.precision is not Precision.DAY:
            raise forms.ValidationError(f"{self.label}: enter a day, for example 30 April 2026")
        return timescale.start


class EvaluationPlanForm(PageForm):
    submit_label = "Save the evaluation plan"

    questions = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        label="Questions the evaluation answers",
        error_messages={"required": "Enter the questions the evaluation answers"},
    )
    method = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    baseline = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    interim_on = DayField(label="Interim evaluation due", required=False)
    final_on = DayField(label="Final evaluation due", required=False)

    def clean(self):
        cleaned = super().clean()
        interim, final = cleaned.get("interim_on"), cleaned.get("final_on")
        if interim and final and final < interim:
            self.add_error("final_on", "Final evaluation due: the day must be after the interim")
        return cleaned


class EvaluationForm(PageForm):
    submit_label = "Record the evaluation"

    evaluated_on = DayField(
        label="Evaluated on", error_messages={"required": "Enter the day of the evaluation"}
    )
    result = forms.ChoiceField(
        choices=Result.choices,
        widget=forms.RadioSelect,
        label="Did the pilot meet its aims?",
        error_messages={"required": "Choose whether the pilot met its aims"},
    )
    findings = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter the findings"},
    )
    is_final = forms.BooleanField(required=False, label="This is the final evaluation")


class LessonForm(PageForm):
    """A lesson from a commission's evaluation, addressed to the framework, a commission or
    a criterion."""

    submit_label = "Record the lesson"

    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Lesson",
        error_messages={"required": "Enter the lesson"},
    )
    evaluation = forms.ModelChoiceField(
        Evaluation.objects.none(),
        required=False,
        label="From the evaluation",
        empty_label="Not from an evaluation",
    )
    target = forms.ChoiceField(
        choices=LessonTarget.choices,
        widget=forms.RadioSelect,
        label="Who should act on it?",
        error_messages={"required": "Choose who should act on the lesson"},
    )
    target_commission = forms.ModelChoiceField(
        Commission.objects.none(),
        required=False,
        label="The commission",
        empty_label="Choose a commission",
        help_text="When the lesson is for a commission",
    )
    target_criterion = forms.ModelChoiceField(
        Criterion.objects.none(),
        required=False,
        label="The criterion",
        empty_label="Choose a criterion",
        help_text="When the lesson is for a criterion of prioritisation",
    )

    def __init__(self, *args, commission: Commission, **kwargs):
        super().__init__(*args, **kwargs)
        partnership = commission.partnership
        self.fields["evaluation"].queryset = Evaluation.objects.filter(commission=commission)
        self.fields["evaluation"].label_from_instance = lambda evaluation: (
            f"{evaluation.evaluated_on:%-d %B %Y}: {evaluation.get_result_display()}"
        )
        self.fields["target_commission"].queryset = Commission.objects.filter(
            partnership=partnership
        )
        self.fields["target_criterion"].queryset = Criterion.objects.filter(
            criteria_set__partnership=partnership
        ).select_related("criteria_set")
        self.fields["target_criterion"].label_from_instance = lambda criterion: (
            f"{criterion.criteria_set}: {criterion}"
        )


class ActOnLessonForm(PageForm):
    submit_label = "Record what was done"

    action_taken = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        label="What was done about the lesson?",
        error_messages={"required": "Say what was done"},
    )
    acted_on = DayField(label="Done on", error_messages={"required": "Enter the day it was done"})


class ApproveRoundForm(PageForm):
    """Approve a round's prioritised list at a meeting of one of the partnership's bodies."""

    submit_label = "Approve the list"

    meeting = forms.ModelChoiceField(
        queryset=Meeting.objects.none(),
        label="Approved at the meeting",
        empty_label="Choose the meeting",
        error_messages={
            "required": "Choose the meeting that approved the list",
            "invalid_choice": "Choose one of the partnership's meetings",
        },
    )
    text = forms.CharField(
        label="The decision as minuted (optional)",
        help_text="Left empty, the decision reads “Approved the prioritised list of commissions "
        "from” and the round's name.",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = (
            Meeting.objects.filter(body__partnership=partnership)
            .select_related("body")
            .order_by("-date", "id")
        )
        self.fields["meeting"].label_from_instance = lambda meeting: (
            f"{meeting.body.name}, {meeting.date:%-d %B %Y}"
            + (f": {meeting.title}" if meeting.title else "")
        )


class CriteriaSetForm(PageForm):
    """A criteria set: its name, scale, and each criterion with its weight, a line each."""

    submit_label = "Save the criteria set"

    name = forms.CharField(max_length=200, error_messages={"required": "Name the criteria set"})
    scale = forms.ChoiceField(
        choices=Scale.choices, label="Scores are given", initial="one_to_five"
    )
    criteria = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 8}),
        label="Criteria and their weights",
        help_text="One a line: the criterion, a comma, its weight, for example “Need, 30”. "
        "The weights must add up to 100.",
        max_length=5000,
        error_messages={"required": "Enter at least one criterion and its weight"},
    )

    def clean_criteria(self) -> list[tuple[str, int]]:
        found = []
        for number, line in enumerate(self.cleaned_data["criteria"].splitlines(), start=1):
            if not line.strip():
                continue
            name, comma, weight = line.rpartition(",")
            if not comma or not name.strip():
                raise forms.ValidationError(
                    f"Line {number}: write the criterion, a comma, then its weight"
                )
            if not weight.strip().isdigit() or len(weight.strip()) > 3:
                raise forms.ValidationError(
                    f"Line {number}: the weight of “{name.strip()}” must be a whole number "
                    "from 0 to 100"
                )
            if len(name.strip()) > 200:
                raise forms.ValidationError(
                    f"Line {number}: the name must be 200 characters or fewer"
                )
            found.append((name.strip(), int(weight)))
        if not found:
            raise forms.ValidationError("Enter at least one criterion and its weight")
        return found


class ScoringRoundForm(PageForm):
    """A scoring round: the criteria set it uses, when it was held, its panel and commissions."""

    submit_label = "Start the round"

    name = forms.CharField(max_length=200, error_messages={"required": "Name the round"})
    criteria_set = forms.ModelChoiceField(
        CriteriaSet.objects.none(),
        label="Criteria set",
        empty_label="Choose the criteria set",
        error_messages={
            "required": "Choose the criteria set the round scores on",
            "invalid_choice": "Choose one of the partnership's criteria sets",
        },
    )
    held_on = DayField(label="Held on", error_messages={"required": "Enter the day it was held"})
    panel = forms.ModelMultipleChoiceField(
        Person.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label="Panel",
        error_messages={"required": "Choose who is on the panel"},
    )
    commissions = forms.ModelMultipleChoiceField(
        Commission.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label="Commissions to score",
        error_messages={"required": "Choose the commissions to score"},
    )

    def __init__(self, *args, partnership, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["criteria_set"].queryset = CriteriaSet.objects.filter(
            partnership=partnership
        ).order_by("name")
        self.fields["panel"].queryset = people.order_by("name")
        self.fields["commissions"].queryset = Commission.objects.filter(
            partnership=partnership
        ).order_by("title")


class MilestoneForm(PageForm):
    """A dated milestone of one of the Open Contracting stages of a procured commission."""

    submit_label = "Add the milestone"

    stage = forms.ChoiceField(
        choices=ProcurementStage.choices,
        label="Procurement stage",
        error_messages={"required": "Choose the procurement stage"},
    )
    title = forms.CharField(
        max_length=200,
        label="Milestone",
        help_text="For example, Contract signed",
        error_messages={
            "required": "Enter the milestone",
            "max_length": "The milestone must be 200 characters or fewer",
        },
    )
    due = DayField(label="Due on", error_messages={"required": "Enter the day it is due"})


class MilestoneRecordForm(PageForm):
    """Whether a milestone was met, and when."""

    submit_label = "Record it"

    status = forms.ChoiceField(
        choices=MilestoneStatus.choices,
        widget=forms.RadioSelect,
        label="Was it met?",
        error_messages={"required": "Choose whether the milestone was met"},
    )
    met_on = DayField(
        label="Met on", required=False, help_text="The day it was met (or partly met)"
    )
