"""GOV.UK-styled forms used by every app."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Submit
from django import forms
from django.contrib.auth.forms import AuthenticationForm


class GovukFormMixin:
    """Render with the GOV.UK template pack; errors go to the page's error summary."""

    submit_label = "Save"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False  # templates write the <form> with its action and CSRF
        self.helper.add_input(Submit("submit", self.submit_label))


class SignInForm(GovukFormMixin, AuthenticationForm):
    submit_label = "Sign in"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.update({"autocomplete": "username"})
        self.fields["password"].widget.attrs.update({"autocomplete": "current-password"})
        self.error_messages["invalid_login"] = (
            "Enter a correct username and password. Both are case-sensitive."
        )


class ConfirmForm(forms.Form):
    """A form with nothing to fill in: a confirmation button."""
