"""The highlight report as PDF at several sizes: ``python -m bench pdf [--actions N ...]``.

Builds a Report by hand (no database: the figure is the renderer's alone) with the action
plan's shape from bench.documents (owners, timescales, progress, a section every 50 rows,
a mix of statuses, overdue and due-next rows), renders it to PDF and prints the seconds.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import time
from datetime import date

STATUSES = [("complete", "Blue"), ("in_progress", "Green"), ("in_progress", "Amber"),
            ("not_started", "Red"), ("blocked", "Red")]  # fmt: skip


def report(actions: int, seed: int = 2008):
    from bench.documents import rows
    from commissioning.domain.timescales import parse_timescale
    from commissioning.reports.report import ProgressAsOf, Report, ReportItem

    rng = random.Random(seed)
    items = []
    for number, (ref, title, timescale, owners, progress) in enumerate(rows(actions), 1):
        status, rag = rng.choice(STATUSES)
        items.append(
            ReportItem(
                "action",
                number,
                ref,
                title,
                parse_timescale(timescale),
                status,
                False,
                rag,
                owners=tuple(owner.strip() for owner in owners.split(",")),
                progress=ProgressAsOf("March 2008", date(2008, 3, 31), progress)
                if progress
                else None,
                section=f"Section {number // 50 + 1}" if number % 50 == 1 else None,
            )
        )
    return Report(
        programme="Bench Programme",
        slug="bench",
        as_of=date(2008, 3, 31),
        period_start=date(2008, 2, 29),
        next_period_end=date(2008, 4, 30),
        progress_heading="Progress to Date – March 2008",
        stages=[],
        deliverables=[],
        actions=items,
        overall_rag="Amber",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--actions", type=int, nargs="+", default=[500, 1_000, 2_000])
    options = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "commissioning.settings")
    os.environ.setdefault("SECRET_KEY", "bench-" + "x" * 60)
    import django

    django.setup()
    from pypdf import PdfReader

    from commissioning.reports.renderers import render

    render(report(5), "pdf")  # fonts and imports loaded before timing
    print(f"{'actions':>8} {'seconds':>8} {'pages':>6} {'bytes':>9}")
    for count in options.actions:
        built = report(count)
        start = time.perf_counter()
        content = render(built, "pdf").content
        seconds = time.perf_counter() - start
        pages = len(PdfReader(io.BytesIO(content)).pages)
        print(f"{count:>8} {seconds:>8.1f} {pages:>6} {len(content):>9}")


if __name__ == "__main__":
    main()
