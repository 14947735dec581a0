"""Performance at size: the scorecard of ``--indicators`` indicators × ``--periods`` periods
(aim: 500 × 40 in under 300 ms), and storing an import of ``--import-indicators`` ×
``--periods`` values (aim: 100,000 values in under 5 s).

Runs on a fresh, migrated SQLite database in a temporary directory (or ``DATABASE_URL``
with ``--keep-database-url``); the page is requested once cold, then five times, as a
signed-in site administrator. Prints a Markdown table for docs/benchmarks.md.
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
    parser.add_argument("--indicators", type=int, default=500)
    parser.add_argument("--periods", type=int, default=40)
    parser.add_argument("--import-indicators", type=int, default=2_500)
    parser.add_argument("--keep-database-url", action="store_true")
    options = parser.parse_args()
    run_on_fresh_database(
        "performance", lambda: _run(options), keep_database_url=options.keep_database_url
    )


def _periods(count: int) -> list[str]:
    """``count`` quarters, oldest first: "Q1 2001/02", "Q2 2001/02", …"""
    from commissioning.domain import financial_years

    return [f"Q{n % 4 + 1} {financial_years.label(2001 + n // 4)}" for n in range(count)]


def _plans(count: int, periods: list[str], prefix: str):
    from commissioning.domain.periods import parse_period
    from commissioning.domain.plan import IndicatorPlan, IndicatorValuePlan

    parsed = [parse_period(text) for text in periods]
    return [
        IndicatorPlan(
            code=f"{prefix} {n}",
            title=f"Bench indicator {n}",
            outcome=None,
            theme=f"Theme {n % 8}",
            unit="%",
            polarity="higher_is_better" if n % 2 else "lower_is_better",
            values=[
                IndicatorValuePlan(
                    period=period,
                    actual=Decimal(40 + (n + index) % 17),
                    target=Decimal(45) if index == len(parsed) - 1 else None,
                    target_text=None,
                    baseline=index == 0,
                    comparator=None,
                    note=None,
                    line=n + 2,
                    lower=Decimal(38 + (n + index) % 17) if n % 5 == 0 else None,
                    upper=Decimal(42 + (n + index) % 17) if n % 5 == 0 else None,
                )
                for index, period in enumerate(parsed)
            ],
            line=n + 2,
        )
        for n in range(count)
    ]


def _run(options) -> None:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from commissioning.partnership.models import Organisation, Partnership
    from commissioning.performance.services import store_indicators

    council = Organisation.objects.create(name="Bench Council")
    partnership = Partnership.objects.create(name="Bench", slug="bench", lead_organisation=council)
    periods = _periods(options.periods)
    store_indicators(
        partnership=partnership, indicators=_plans(options.indicators, periods, "B"), source="b"
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
    url = reverse("performance-scorecard", args=["bench"])
    times = []
    for _ in range(6):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.status_code
    size = f"{options.indicators} indicators × {options.periods} periods"
    print(f"| scorecard page | {size} | {times[0]:.0f} | {statistics.median(times[1:]):.0f} |")
    other = Partnership.objects.create(name="Import", slug="import", lead_organisation=council)
    plans = _plans(options.import_indicators, periods, "I")
    values = sum(len(plan.values) for plan in plans)
    start = time.perf_counter()
    store_indicators(partnership=other, indicators=plans, source="bench")
    seconds = time.perf_counter() - start
    print(f"| store an import | {values:,} values | {seconds * 1000:.0f} | – |")
