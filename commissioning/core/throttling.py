"""Sign-in throttling with django-axes: where a request comes from, and the lockout page."""

from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone


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


class AddressAwareHandler(AxesDatabaseHandler):
    """django-axes' database handler, also refusing an address that has failed too often
    across every username it tried (password spraying), not only per username.

    The per-address limit (``AXES_ADDRESS_FAILURE_LIMIT``) is higher than the per-username
    one, because the people of one office may share an address.
    """

    def is_locked(self, request, credentials=None) -> bool:
        if super().is_locked(request, credentials):
            return True
        if self.address_is_locked(request):
            request.axes_locked_out = True  # the middleware then shows the lockout page
            return True
        return False

    def address_is_locked(self, request) -> bool:
        address = client_ip_address(request)
        if not address:
            return False
        since = timezone.now() - settings.AXES_COOLOFF_TIME
        failures = AccessAttempt.objects.filter(
            ip_address=address, attempt_time__gte=since
        ).aggregate(total=Sum("failures_since_start"))["total"]
        return (failures or 0) >= settings.AXES_ADDRESS_FAILURE_LIMIT
