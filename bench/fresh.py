"""A fresh, migrated database for a benchmark, set up as production runs (DEBUG off, static
files collected), in a temporary directory removed afterwards."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path


def run_on_fresh_database(name: str, run: Callable[[], None], *, keep_database_url: bool) -> None:
    """Call ``run`` with Django set up on a new SQLite database (or ``DATABASE_URL`` when
    ``keep_database_url``), migrated, with DEBUG off so no query log is kept in memory."""
    workdir = Path(tempfile.mkdtemp(prefix=f"commissioning-bench-{name}-"))
    os.environ["COMMISSIONING_VAR_DIR"] = str(workdir)
    if not keep_database_url:
        os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "commissioning.settings")
    os.environ.update(
        DJANGO_DEBUG="0",
        SECRET_KEY="bench-" + "x" * 60,
        ALLOWED_HOSTS="testserver",
        SECURE_SSL_REDIRECT="0",
    )
    try:
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        run()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
