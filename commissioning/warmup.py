"""Load at start what the first request would otherwise load lazily.

Django imports the URL configuration (and with it every view, serializer and renderer
module) on the first request, and compiles each template the first time it is used; on a
fresh worker that cost about three seconds, paid by whichever user came first. The web
entry point calls ``warm_up()`` once, before gunicorn forks its workers
(``preload_app``), so every worker starts with all of it in memory. Nothing here touches
the database: a connection opened before the fork would be shared by the workers.
"""

import pkgutil
from importlib import import_module
from pathlib import Path

import commissioning

SKIPPED = {"tests", "migrations", "management", "templates", "static"}


def project_modules() -> list[str]:
    """Every module of the project except tests, migrations and commands."""
    names = []
    for info in pkgutil.walk_packages(commissioning.__path__, "commissioning."):
        if SKIPPED.isdisjoint(info.name.split(".")):
            names.append(info.name)
    return names


def template_names() -> list[str]:
    """The names of every template the project's apps ship."""
    root = Path(commissioning.__file__).resolve().parent
    names = []
    for folder in root.glob("*/templates"):
        names += [str(path.relative_to(folder)) for path in folder.rglob("*.html")]
    return sorted(names)


def warm_up() -> dict:
    """Import every module, build the URL resolver and compile every template."""
    from django.template.loader import get_template
    from django.urls import get_resolver

    for name in project_modules():
        import_module(name)
    resolver = get_resolver()
    resolver.reverse_dict  # noqa: B018 - building it is the point
    for name in template_names():
        get_template(name)
    return {"modules": len(project_modules()), "templates": len(template_names())}
