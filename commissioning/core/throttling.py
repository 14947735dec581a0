"""Sign-in throttling with django-axes: where a request comes from, and the lockout page."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def client_ip_address(request: HttpRequest) -> str | None:
    """The address the request came from, looking past ``TRUSTED_PROXY_COUNT`` proxies.

    Only the right-most addresses of X-Forwarded-For were written by our own proxies; anything
    to their left came from the client and could be forged to dodge the lockout.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies > 0:
        forwarded = [
            address.strip()
            for address in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if address.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")


def locked_out(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """The page shown instead of signing in, once too many attempts have failed."""
    minutes = round(settings.AXES_COOLOFF_TIME.total_seconds() / 60)
    return render(request, "core/locked_out.html", {"minutes": minutes}, status=429)
