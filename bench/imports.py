"""Import benchmarks: ``python -m bench imports`` prints a Markdown table.

Each case runs in its own process (``commissioning import``) on a fresh, migrated SQLite
database, so that elapsed time and peak memory are the command's own.
"""

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.documents import write_csv, write_docx, write_xlsx

CASES = [
    ("CSV", write_csv, "plan.csv", 20_000),
    ("XLSX", write_xlsx, "plan.xlsx", 20_000),
    ("DOCX", write_docx, "plan.docx", 2_000),
]
# The largest scales go past the import limits a site sets for its users; the benchmark
# measures the reading itself, so it lifts them (docs/security.md, "Uploads and imports").
ROOMY_LIMITS = {
    "IMPORT_UPLOAD_BYTES": str(1024**3),
    "IMPORT_UNZIPPED_BYTES": str(4 * 1024**3),
    "IMPORT_ROWS": str(10_000_000),
    "IMPORT_CELLS": str(100_000_000),
    "IMPORT_SECONDS": "3600",
}
MEASURE = (
    "import resource, sys, time\n"
    "from commissioning.cli import main\n"
    "start = time.perf_counter()\n"
    "try:\n"
    "    main(sys.argv[1:])\n"
    "finally:\n"
    "    elapsed = time.perf_counter() - start\n"
    "    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024\n"
    "    print(f'BENCH {elapsed:.3f} {peak:.0f}', file=sys.stderr)\n"
)


def measure(args: list[str], env: dict) -> tuple[float, float]:
    """Seconds and peak MB of one ``commissioning`` command."""
    result = subprocess.run(
        [sys.executable, "-c", MEASURE, *args], env=env, capture_output=True, text=True
    )
    if result.returncode:
        raise SystemExit(f"{' '.join(args)} failed:\n{result.stderr}")
    line = next(x for x in result.stderr.splitlines() if x.startswith("BENCH "))
    _, seconds, megabytes = line.split()
    return float(seconds), float(megabytes)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=float, default=1.0, help="multiply the row counts")
    options = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="commissioning-bench-"))
    try:
        env = {**os.environ, "COMMISSIONING_VAR_DIR": str(workdir / "var"), **ROOMY_LIMITS}
        env.pop("DATABASE_URL", None)
        subprocess.run(
            [sys.executable, "-m", "commissioning.cli", "migrate", "-v0"], env=env, check=True
        )
        template = workdir / "var" / "commissioning.sqlite3"
        print(
            f"Machine: {platform.platform()}, {os.cpu_count()} cores, Python "
            f"{platform.python_version()}; {time.strftime('%Y-%m-%d')}"
        )
        print("| document | rows | dry run (s) | peak MB | import into SQLite (s) | peak MB |")
        print("|---|---:|---:|---:|---:|---:|")
        for label, write, name, count in CASES:
            count = int(count * options.scale)
            path = write(workdir / name, count)
            dry = measure(["import", str(path), "--dry-run", "--format", "json"], env)
            shutil.copy(template, workdir / "var" / "case.sqlite3")
            case_env = {**env, "DATABASE_URL": f"sqlite:///{workdir / 'var' / 'case.sqlite3'}"}
            real = measure(["import", str(path), "--programme", "Bench"], case_env)
            print(
                f"| {label} | {count:,} | {dry[0]:.2f} | {dry[1]:.0f} | "
                f"{real[0]:.2f} | {real[1]:.0f} |"
            )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
