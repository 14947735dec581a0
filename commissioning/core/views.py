"""Signing in and out, the API's documentation page, and the page for an unknown address."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.utils.decorators import method_decorator
from django.views import defaults
from django.views.generic import TemplateView

from commissioning.core.forms import SignInForm


@method_decorator(login_not_required, name="dispatch")
class SignInView(auth_views.LoginView):
    template_name = "core/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True


class SignOutView(auth_views.LogoutView):
    pass


class ApiDocsView(TemplateView):
    template_name = "core/api_docs.html"


def page_not_found(request, exception):
    """404: under /api/ in the API's error shape (JSON), elsewhere the site's own page."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "No such address in the API"}, status=404)
    return defaults.page_not_found(request, exception)
