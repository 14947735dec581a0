"""The total pot at size: the partners × themes matrix for one year of a pot of 50 partners ×
40 themes × 10 years from 200,000 spend lines (aim: under 300 ms), and storing a return of
``--import-lines`` spend lines (aim: 200,000 in under 10 s).

Runs on a fresh, migrated SQLite database in a temporary directory (or ``DATABASE_URL``
with ``--keep-database-url``); the page is requested once cold, then five times, as a
signed-in site administrator.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
from decimal import Decimal

from bench.fresh import run_on_fresh_database


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--partners", type=int, default=50)
    parser.add_argument("--themes", type=int, default=40)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--lines", type=int, default=200_000)
    parser.add_argument("--import-lines", type=int, default=20_000)
    parser.add_argument("--keep-database-url", action="store_true")
    options = parser.parse_args()
    run_on_fresh_database(
        "finance", lambda: _run(options), keep_database_url=options.keep_database_url
    )


def _run(options) -> None:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from commissioning.domain import financial_years
    from commissioning.domain.plan import SpendPlan
    from commissioning.domain.timescales import parse_timescale
    from commissioning.finance.imports import store_spend
    from commissioning.finance.models import SpendLine, SpendShare
    from commissioning.partnership.models import Organisation, Partnership

    council = Organisation.objects.create(name="Bench Council")
    partnership = Partnership.objects.create(name="Bench", slug="bench", lead_organisation=council)
    partners = [council] + Organisation.objects.bulk_create(
        Organisation(name=f"Bench partner {n}") for n in range(1, options.partners)
    )
    partnership.partners.add(*partners[1:])
    years = [financial_years.label(2001 + n) for n in range(options.years)]
    lines = [
        SpendLine(
            partnership=partnership,
            organisation=partners[n % options.partners],
            financial_year=years[(n // options.partners) % options.years],
            amount=Decimal(1000 + n % 997),
            service=f"Service {n % 13}",
        )
        for n in range(options.lines)
    ]
    SpendLine.objects.bulk_create(lines, batch_size=5000)
    SpendShare.objects.bulk_create(
        (
            SpendShare(line=line, theme=f"Theme {n % options.themes}", percent=Decimal(100))
            for n, line in enumerate(lines)
        ),
        batch_size=5000,
    )
    admin = get_user_model().objects.create_superuser("bench", "bench@example.org", "x")
    client = Client()
    client.force_login(admin)
    print(
        f"Machine: {platform.platform()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, {connection.vendor}; {time.strftime('%Y-%m-%d')}"
    )
    print("| what | size | first (ms) | median of 5 (ms) |")
    print("|---|---|---:|---:|")
    url = reverse("finance-pot", args=["bench"]) + f"?year={years[-1]}&phase=budget"
    times = []
    for _ in range(6):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.status_code
    size = f"{options.partners} partners × {options.themes} themes, {options.lines:,} lines"
    print(f"| total pot page | {size} | {times[0]:.0f} | {statistics.median(times[1:]):.0f} |")
    plans = [
        SpendPlan(
            organisation=partners[n % options.partners].name,
            year=parse_timescale("2020/21"),
            amount=Decimal(500 + n % 311),
            phase="budget",
            theme=f"Theme {n % options.themes}",
            outcome=None,
            service=f"Imported service {n}",
            line=n + 2,
        )
        for n in range(options.import_lines)
    ]
    start = time.perf_counter()
    result = store_spend(partnership=partnership, lines=plans, user=None, source="bench")
    seconds = time.perf_counter() - start
    print(f"| store an import | {result.lines:,} lines | {seconds * 1000:.0f} | – |")
