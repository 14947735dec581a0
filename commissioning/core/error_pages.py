"""The service's own "page not found", "you cannot do this" and "sorry, there is a problem"
pages while DEBUG is on, as a person running the demo sees them.

With DEBUG off Django already renders ``404.html``, ``403.html`` and ``500.html``; with it on
it shows its technical pages, which are for developers. This middleware shows the service's
pages in DEBUG too, unless ``DEBUG_ERROR_PAGES`` asks for Django's (set
``DJANGO_DEBUG_ERROR_PAGES=1``). A server error is still logged with its traceback.
"""

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve

logger = logging.getLogger("django.request")


def _active() -> bool:
    return settings.DEBUG and not getattr(settings, "DEBUG_ERROR_PAGES", False)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The service's 404 page."""
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """The service's 500 page."""
    return render(request, "500.html", status=500)


def _resolves(path: str, urlconf) -> bool:
    try:
        resolve(path, urlconf)
    except Resolver404:
        return False
    return True


class ServicePagesInDebug:
    """In DEBUG, answer an unknown address, a Http404 and an uncaught error with our pages."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _active() and not self._known(request):
            return not_found(request)
        return self.get_response(request)

    def _known(self, request: HttpRequest) -> bool:
        urlconf = getattr(request, "urlconf", None)
        path = request.path_info
        if _resolves(path, urlconf):
            return True
        # CommonMiddleware redirects /programmes to /programmes/: leave that to it.
        return settings.APPEND_SLASH and not path.endswith("/") and _resolves(path + "/", urlconf)

    def process_exception(self, request: HttpRequest, exception: Exception):
        if not _active():
            return None
        if isinstance(exception, Http404):
            return not_found(request, exception)
        # PermissionDenied already renders 403.html in DEBUG; anything else is a server error.
        if isinstance(exception, PermissionDenied):
            return None
        logger.error(
            "Internal Server Error: %s",
            request.path,
            exc_info=exception,
            extra={"request": request},
        )
        return server_error(request)
