"""The floor: a bare Django view rendering 100 rows from memory through a template.

``gunicorn bench.floor:application`` serves it; ``bench web`` measures it in the same run
as the product's pages, so each page is reported as a multiple of what the machine and
Django can serve at all. No database, no middleware, no session: only the request, the
template and the response.
"""

import django
from django.conf import settings

ROWS = [
    {"ref": f"{n}.1", "title": f"Action {n} of the floor", "owner": "Floor Owner", "due": "2008-03"}
    for n in range(100)
]
TEMPLATE = """<!DOCTYPE html><html lang="en"><head><title>Floor</title></head><body>
<table><thead><tr><th>Ref</th><th>Action</th><th>Owner</th><th>Due</th></tr></thead><tbody>
{% for row in rows %}<tr><td>{{ row.ref }}</td><td>{{ row.title }}</td>
<td>{{ row.owner }}</td><td>{{ row.due }}</td></tr>{% endfor %}
</tbody></table></body></html>"""

settings.configure(
    DEBUG=False,
    SECRET_KEY="floor-" + "x" * 50,
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
    TEMPLATES=[{"BACKEND": "django.template.backends.django.DjangoTemplates"}],
)
django.setup()

from django.http import HttpResponse  # noqa: E402 - after settings, as Django requires
from django.template import engines  # noqa: E402
from django.urls import path  # noqa: E402

template = engines["django"].from_string(TEMPLATE)


def floor(request):
    return HttpResponse(template.render({"rows": ROWS}, request))


urlpatterns = [path("", floor)]

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()
