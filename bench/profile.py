"""Where each page's time goes: ``python -m bench profile [--actions N] [--top K]``.

Builds the web benchmark's partnership (bench.data) in a fresh SQLite database, then for
each page: the median of five signed-in requests (Django test client, DEBUG off, after
one warm request), the number of SQL queries, the slowest queries with SQLite's query
plan, and the functions that took the most time (cProfile). The figures in
docs/benchmarks.md's profiles come from this command.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import shutil
import statistics
import tempfile
import time
from pathlib import Path


def pages(data: dict) -> dict[str, tuple[str, dict]]:
    slug = data["slug"]
    token = {"HTTP_AUTHORIZATION": f"Token {data['token']}"}
    return {
        "Action list, filtered": (
            f"/programmes/{slug}/?status=in_progress&status=not_started&sort=due",
            {},
        ),
        "Programme page": (f"/programmes/{slug}/", {}),
        "Action page with history": (f"/actions/{data['action']}/", {}),
        "API action list (100)": (f"/api/v1/actions/?programme={slug}", token),
        "Full CSV export": (f"/programmes/{slug}/actions.csv", {}),
        "Dashboard as of a date": (f"/programmes/{slug}/dashboard/?as_of=2008-09-30", {}),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--actions", type=int, default=20_000)
    parser.add_argument("--top", type=int, default=8, help="functions and queries shown")
    options = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="commissioning-bench-profile-"))
    os.environ.update(
        COMMISSIONING_VAR_DIR=str(workdir),
        DJANGO_SETTINGS_MODULE="commissioning.settings",
        DJANGO_DEBUG="0",
        SECRET_KEY="bench-" + "x" * 60,
        ALLOWED_HOSTS="testserver",
        SECURE_SSL_REDIRECT="0",
    )
    os.environ.pop("DATABASE_URL", None)
    try:
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        from bench.data import build

        data = build(actions=options.actions, updates=options.actions // 2)
        _profile(data, options)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _request(client, url: str, headers: dict):
    response = client.get(url, **headers)
    if getattr(response, "streaming", False):
        b"".join(response.streaming_content)
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    return response


def _profile(data: dict, options) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.cookies["sessionid"] = data["session"]
    print(f"{options.actions:,} actions, {options.actions // 2:,} updates, SQLite")
    for label, (url, headers) in pages(data).items():
        _request(client, url, headers)  # warm: templates, caches
        times = []
        for _ in range(5):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                _request(client, url, headers)
                times.append((time.perf_counter() - started) * 1000)
        print(
            f"\n### {label}\n\n`{url}`: median {statistics.median(times):.0f} ms, "
            f"{len(queries)} queries\n"
        )
        slowest = sorted(queries.captured_queries, key=lambda q: -float(q["time"]))
        for query in slowest[: options.top // 2]:
            print(f"- {float(query['time']) * 1000:.1f} ms: `{query['sql'][:160]}…`")
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN QUERY PLAN " + query["sql"])
                steps = "; ".join(row[-1] for row in cursor.fetchall())
            print(f"  plan: {steps[:300]}")
        profiler = cProfile.Profile()
        profiler.enable()
        _request(client, url, headers)
        profiler.disable()
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).strip_dirs().sort_stats("tottime").print_stats(
            options.top
        )
        lines = [line for line in out.getvalue().splitlines() if line.strip()]
        start = next(i for i, line in enumerate(lines) if line.lstrip().startswith("ncalls"))
        print("\n```\n" + "\n".join(lines[start:]) + "\n```")
