from django import forms

from commissioning.commissions.models import Stage


class StageMoveForm(forms.Form):
    to_stage = forms.ChoiceField(label="Move to stage", choices=Stage.choices)
    why = forms.CharField(
        label="Why does it move?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why the commission moves"},
    )
