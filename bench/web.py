"""Web benchmarks: ``python -m bench web [--scale N]`` prints a Markdown table.

Loads a large partnership (bench.data) into the database named by DATABASE_URL (a fresh
SQLite file when unset), serves it with gunicorn (2 workers, DEBUG off) and measures each
page once (the first request, before any report is cached) and then with wrk at 4
concurrent connections: requests per second, p50 and p99 latency.
"""

import argparse
import json
import os
import platform
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
DURATION = "10s"
FIRST_REQUEST_TIMEOUT = 3600  # seconds; a PDF of every action of a large programme is slow
REPEAT_LIMIT = 30  # seconds; a page slower than this the first time is not repeated
AS_OF = "as_of=2008-09-30"
COMPARE = "compare=2008-03-31"
REPORT_FORMATS = [("HTML", "html"), ("PDF", "pdf"), ("Word", "docx"), ("Excel", "xlsx")]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def django(env: dict, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "commissioning.cli", *args],
        env=env,
        cwd=REPOSITORY,
        capture_output=True,
        text=True,
    )
    if result.returncode:
        raise SystemExit(f"commissioning {' '.join(args)} failed:\n{result.stderr}")
    return result.stdout


def build_data(env: dict, scale: float) -> dict:
    code = (
        "import json, django; django.setup()\n"
        "from bench.data import build\n"
        f"print(json.dumps(build(actions={int(20_000 * scale)}, updates={int(10_000 * scale)})))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=REPOSITORY, capture_output=True, text=True
    )
    if result.returncode:
        raise SystemExit(f"building the data failed:\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def serve(env: dict, port: int, app: str = "commissioning.wsgi:application") -> subprocess.Popen:
    server = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            app,
            "--workers=2",
            f"--bind=127.0.0.1:{port}",
            "--log-level=warning",
            "--access-logfile=/dev/null",
            f"--timeout={FIRST_REQUEST_TIMEOUT}",
        ],
        env=env,
        cwd=REPOSITORY,
    )
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("gunicorn did not start")


def first_request(url: str, headers: list[str]) -> float:
    """Seconds for one request: the cold figure, before anything is cached."""
    request = urllib.request.Request(url, headers=dict(h.split(": ", 1) for h in headers))
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=FIRST_REQUEST_TIMEOUT) as response:
        response.read()
        if response.status != 200:
            raise SystemExit(f"{url} answered {response.status}")
    return time.perf_counter() - started


def wrk(url: str, headers: list[str], duration: str = DURATION) -> tuple[float, str, str]:
    """Requests per second, p50 and p99 of ``url`` at 4 connections."""
    command = ["wrk", "-t2", "-c4", f"-d{duration}", "--timeout", "30s", "--latency", url]
    for header in headers:
        command += ["-H", header]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    if "Non-2xx" in output:
        raise SystemExit(f"{url} answered errors:\n{output}")
    return parse_wrk(output)


def parse_wrk(output: str) -> tuple[float, str, str]:
    """Requests per second, p50 and p99 from wrk's ``--latency`` output.

    The percentiles are read from the "Latency Distribution" block only: elsewhere a "50%"
    can be part of the thread statistics (a Req/Sec column), which an earlier version
    printed as the p50 of a slow page.
    """
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    distribution = output.split("Latency Distribution", 1)[1]
    p50 = re.search(r"^\s*50%\s+(\S+)", distribution, re.MULTILINE).group(1)
    p99 = re.search(r"^\s*99%\s+(\S+)", distribution, re.MULTILINE).group(1)
    return rate, p50, p99


def worker_rss_mb(server: subprocess.Popen) -> list[float]:
    """Resident memory of each gunicorn worker (children of the master), in MB."""
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children")
    sizes = []
    for pid in children.read_text().split() if children.exists() else []:
        status = Path(f"/proc/{pid}/status").read_text()
        found = re.search(r"VmHWM:\s+(\d+) kB", status)  # the peak, not the current size
        if found:
            sizes.append(int(found.group(1)) / 1024)
    return sizes


def measure_floor(env: dict) -> tuple[float, str, str]:
    """The floor (bench.floor) served the same way, measured the same way."""
    port = free_port()
    server = serve(env, port, app="bench.floor:application")
    try:
        url = f"http://127.0.0.1:{port}/"
        first_request(url, [])
        wrk(url, [], duration="3s")  # warm up
        return wrk(url, [])
    finally:
        server.terminate()
        server.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=float, default=1.0, help="10 for the 10x variant")
    parser.add_argument(
        "--skip",
        action="append",
        default=[],
        metavar="WORD",
        help="leave out pages whose label contains WORD (e.g. PDF); may be repeated",
    )
    options = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk")
    workdir = Path(tempfile.mkdtemp(prefix="commissioning-web-bench-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "commissioning.settings",
        "DJANGO_DEBUG": "0",
        "SECRET_KEY": "bench-" + "x" * 60,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "COMMISSIONING_VAR_DIR": str(workdir),
        # Report files are made within the request here, so the figures time the renderers
        # themselves (no background worker runs, and wrk must not fill its queue).
        "PDF_REPORTS_IN_BACKGROUND_FROM": str(10**9),
        "REPORTS_IN_BACKGROUND_FROM": str(10**9),
    }
    env.setdefault("DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}")
    database = env["DATABASE_URL"].split(":", 1)[0]
    server = None
    try:
        django(env, "migrate", "-v0")
        django(env, "collectstatic", "--noinput", "-v0")
        started = time.perf_counter()
        data = build_data(env, options.scale)
        loaded = time.perf_counter() - started
        port = free_port()
        server = serve(env, port)
        base = f"http://127.0.0.1:{port}"
        cookie = [f"Cookie: sessionid={data['session']}"]
        token = [f"Authorization: Token {data['token']}"]
        pages = [
            (
                "Action list, 100 a page, filtered",
                f"/programmes/{data['slug']}/?status=in_progress&status=not_started&sort=due",
                cookie,
            ),
            ("Action page with history", f"/actions/{data['action']}/", cookie),
            ("Programme page", f"/programmes/{data['slug']}/", cookie),
            ("API action list (100)", f"/api/v1/actions/?programme={data['slug']}", token),
            ("Full CSV export", f"/programmes/{data['slug']}/actions.csv", cookie),
            ("Dashboard as of a date", f"/programmes/{data['slug']}/dashboard/?{AS_OF}", cookie),
            *(
                (
                    f"Highlight report, {label}",
                    f"/programmes/{data['slug']}/reports/highlight/?{AS_OF}&format={fmt}",
                    cookie,
                )
                for label, fmt in REPORT_FORMATS
            ),
            (
                "Highlight report comparing two dates, HTML",
                f"/programmes/{data['slug']}/reports/highlight/?{AS_OF}&{COMPARE}&format=html",
                cookie,
            ),
            (
                "API report as of a date",
                f"/api/v1/programmes/{data['slug']}/report/?{AS_OF}",
                token,
            ),
        ]
        pages = [page for page in pages if not any(word in page[0] for word in options.skip)]
        print(
            f"Machine: {platform.platform()}, {os.cpu_count()} cores, Python "
            f"{platform.python_version()}; database {database}; "
            f"{int(20_000 * options.scale):,} actions, {int(10_000 * options.scale):,} "
            f"updates (loaded in {loaded:.1f} s); gunicorn 2 workers; wrk 4 connections, "
            f"{DURATION}; {time.strftime('%Y-%m-%d')}"
        )
        floor_before = measure_floor(env)
        print(
            f"Floor (bench.floor, 100 rows through a template): {floor_before[0]:.0f} req/s, "
            f"p50 {floor_before[1]}, p99 {floor_before[2]}"
        )
        print("| page | first request (s) | requests/s | × floor | p50 | p99 |")
        print("|---|---:|---:|---:|---:|---:|")
        for label, path, headers in pages:
            cold = first_request(base + path, headers)
            if cold > REPEAT_LIMIT:  # too slow to repeat for 10 s: the first figure says it
                print(f"| {label} | {cold:.2f} | – | – | – | – |", flush=True)
                continue
            wrk(base + path, headers, duration="2s")  # warm up: caches, connections
            rate, p50, p99 = wrk(base + path, headers)
            share = f"1/{floor_before[0] / rate:.0f}" if rate else "–"
            print(f"| {label} | {cold:.2f} | {rate:.1f} | {share} | {p50} | {p99} |", flush=True)
        rss = worker_rss_mb(server)
        print(f"Peak resident memory per worker: {', '.join(f'{mb:.0f} MB' for mb in rss)}")
        server.terminate()
        server.wait(timeout=10)
        server = None
        floor_after = measure_floor(env)
        print(f"Floor after: {floor_after[0]:.0f} req/s, p50 {floor_after[1]}")
    finally:
        if server:
            server.terminate()
            server.wait(timeout=10)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
