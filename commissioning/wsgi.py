"""WSGI entry point for gunicorn: ``gunicorn commissioning.wsgi``.

The application is warmed (modules, URLs, templates) before gunicorn forks its workers,
so no user pays for a cold worker (``commissioning.warmup``).
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "commissioning.settings")
application = get_wsgi_application()

if os.environ.get("COMMISSIONING_WARM_UP", "1") == "1":
    from commissioning.warmup import warm_up

    warm_up()
