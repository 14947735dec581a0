"""Refuse an address or form carrying a NUL character before any view reads it.

No text the product stores may hold one (PostgreSQL refuses it outright), so such a
request is answered 400 with a plain message rather than failing deep in a query. The
API's callers get the message as JSON, in the same shape as every other API error.
"""

from django.http import HttpResponseBadRequest, JsonResponse

NUL = "\x00"
MESSAGE = "The address contains a NUL character, which no field may hold."


class RefuseNulCharacters:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if NUL in request.path or any(
            NUL in key or any(NUL in value for value in values)
            for key, values in request.GET.lists()
        ):
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": MESSAGE}, status=400)
            return HttpResponseBadRequest(MESSAGE, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
