"""Signing in and out, the API's documentation pages, GOV.UK Frontend's assets, and the
page for an unknown address."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import Http404, HttpRequest, HttpResponsePermanentRedirect, JsonResponse
from django.templatetags.static import static
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


class ApiSchemaDocsView(TemplateView):
    """The OpenAPI schema as a readable page (Swagger UI, served from our static files)."""

    template_name = "core/api_schema.html"


def _static_file_exists(name: str) -> bool:
    return finders.find(name) is not None or staticfiles_storage.exists(name)


@login_not_required
def govuk_asset(request: HttpRequest, path: str) -> HttpResponsePermanentRedirect:
    """GOV.UK Frontend's stylesheet asks for ``/assets/...``: send it to the static copy."""
    name = f"govuk/assets/{path}"
    if ".." in path.split("/") or not _static_file_exists(name):
        raise Http404("No such asset")
    return HttpResponsePermanentRedirect(static(name))


@login_not_required
def favicon(request: HttpRequest) -> HttpResponsePermanentRedirect:
    """Browsers ask for ``/favicon.ico`` whatever the page says."""
    return HttpResponsePermanentRedirect(static("core/favicon.ico"))
