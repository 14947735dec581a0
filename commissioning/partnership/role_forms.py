"""The form a programme manager uses to give someone a role on their programme."""

from __future__ import annotations

from crispy_forms_gds.layout import Field, Layout
from django import forms

from commissioning.core.forms import GovukFormMixin
from commissioning.partnership.models import Role

NO_ROLE = "none"


class RoleForm(GovukFormMixin, forms.Form):
    """Who, and which role (or none: back to what their organisation gives them)."""

    submit_label = "Save role"

    user = forms.ModelChoiceField(
        label="Person",
        queryset=None,
        help_text="People of the lead and partner organisations who can sign in",
        error_messages={"required": "Select a person", "invalid_choice": "Select a person"},
    )
    role = forms.ChoiceField(
        label="Role",
        choices=[
            *Role.choices,
            (NO_ROLE, "No role of their own (a viewer, as a user of the partnership)"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select a role"},
    )

    def __init__(self, *args, users, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["user"]
        field.queryset = users.select_related("person__organisation").order_by("username")
        field.label_from_instance = _describe
        self.helper.layout = Layout(
            Field.select("user"), Field.radios("role", legend_size="s", small=True)
        )


def _describe(user) -> str:
    person = getattr(user, "person", None)
    if person is None:
        return user.username
    organisation = f", {person.organisation.name}" if person.organisation else ""
    return f"{person.name} ({user.username}{organisation})"
