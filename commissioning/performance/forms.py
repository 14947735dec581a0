"""The turn-the-curve form; values are entered in the period grid (views.grid)."""

from django import forms

from commissioning.performance.models import TurnTheCurve

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
