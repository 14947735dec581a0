"""Outcomes pages at size: a chain of 200 outcomes and 400 links drawn (aim: under 1 s), and
the coverage matrix of 200 outcomes × 50 needs analyses (aim: under 300 ms).

Runs on a fresh, migrated SQLite database in a temporary directory; each page is requested
once cold, then five times, as a signed-in site administrator.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import shutil
import statistics
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--outcomes", type=int, default=200)
    parser.add_argument("--links", type=int, default=400)
    parser.add_argument("--analyses", type=int, default=50)
    options = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="commissioning-bench-outcomes-"))
    os.environ["COMMISSIONING_VAR_DIR"] = str(workdir)
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "commissioning.settings")
    try:
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        _run(options)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _run(options) -> None:
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    from commissioning.outcomes.models import (
        ChainLink,
        ChainNode,
        Gap,
        NeedsAnalysis,
        Outcome,
        OutcomeChain,
    )
    from commissioning.partnership.models import Organisation, Partnership

    rng = random.Random(11)
    council = Organisation.objects.create(name="Bench Council")
    partnership = Partnership.objects.create(name="Bench", slug="bench", lead_organisation=council)
    levels = ["population_result", "intermediate_outcome", "contributory_factor"]
    outcomes = Outcome.objects.bulk_create(
        Outcome(
            partnership=partnership,
            code=f"O{n}",
            title=f"Outcome number {n} of the bench framework, with a longer title",
            level=levels[min(2, n * 3 // options.outcomes)],
            theme=f"Theme {n % 5}",
        )
        for n in range(options.outcomes)
    )
    chain = OutcomeChain.objects.create(partnership=partnership, title="Bench chain")
    ChainNode.objects.bulk_create(ChainNode(chain=chain, outcome=o) for o in outcomes)
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < options.links:
        a, b = sorted(rng.sample(range(options.outcomes), 2))
        pairs.add((b, a))  # from a later (lower-level) outcome so that an earlier one: acyclic
    ChainLink.objects.bulk_create(
        ChainLink(chain=chain, from_outcome=outcomes[a], to_outcome=outcomes[b]) for a, b in pairs
    )
    analyses = NeedsAnalysis.objects.bulk_create(
        NeedsAnalysis(
            partnership=partnership,
            title=f"Needs analysis {n}",
            kind="survey",
            timescale_text=f"{2010 + n % 15}",
        )
        for n in range(options.analyses)
    )
    through = NeedsAnalysis.outcomes.through
    through.objects.bulk_create(
        through(needsanalysis_id=a.pk, outcome_id=o.pk)
        for a in analyses
        for o in rng.sample(outcomes, 20)
    )
    Gap.objects.bulk_create(
        Gap(
            partnership=partnership,
            outcome=rng.choice(outcomes),
            description="A gap",
            severity="high",
            status_date="2026-01-01",
        )
        for _ in range(100)
    )
    admin = get_user_model().objects.create_superuser("bench", "bench@example.org", "x")
    client = Client()
    client.force_login(admin)
    print(
        f"Machine: {platform.platform()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}; {time.strftime('%Y-%m-%d')}"
    )
    print("| page | size | first request (ms) | median of 5 (ms) |")
    print("|---|---|---:|---:|")
    cases = [
        (
            "chain page (SVG by Graphviz + text)",
            f"{options.outcomes} outcomes, {options.links} links",
            reverse("outcomes-chain", args=["bench", chain.pk]),
        ),
        (
            "chain PNG download",
            f"{options.outcomes} outcomes, {options.links} links",
            reverse("outcomes-chain-download", args=["bench", chain.pk, "png"]),
        ),
        (
            "coverage matrix",
            f"{options.outcomes} outcomes × {options.analyses} analyses",
            reverse("outcomes-coverage", args=["bench"]),
        ),
    ]
    for label, size, url in cases:
        times = []
        for _ in range(6):
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        print(f"| {label} | {size} | {times[0]:.0f} | {statistics.median(times[1:]):.0f} |")


if __name__ == "__main__":
    main()
