"""Benchmark: public intake under load on loopback.

Starts gunicorn on 127.0.0.1 against a fresh database, runs a bounded locust
run (headless, fixed users and duration), and reports successful reports per
second, failures and latency percentiles. Target (issue 6): >= 50 reports/s,
0 errors.

    .venv/bin/python benchmarks/signals/run_public_intake.py [--database-url URL]
        [--users 40] [--seconds 30] [--workers 4]

All load comes from 127.0.0.1, so the per-address submit limit is raised for the
benchmark server (SIGNALS_PUBLIC_SUBMIT_LIMIT); everything else is the demo
server configuration (local settings, gunicorn sync workers).
"""

import argparse
import csv
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port: int, timeout: float = 30) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise RuntimeError("server did not start")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default="")
    parser.add_argument("--users", type=int, default=40)
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="kz-bench-"))
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "ketenzicht.settings.local",
            "KETENZICHT_VAR_DIR": str(workdir),
            "SIGNALS_PUBLIC_SUBMIT_LIMIT": "1000000",
            "PYTHONPATH": str(ROOT),
        }
    )
    if args.database_url:
        env["DATABASE_URL"] = args.database_url
    subprocess.run([PYTHON, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    port = free_port()
    server = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "ketenzicht.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            str(args.workers),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        wait_for(port)
        prefix = workdir / "locust"
        subprocess.run(
            [
                PYTHON,
                "-m",
                "locust",
                "-f",
                str(Path(__file__).with_name("locustfile.py")),
                "--headless",
                "-u",
                str(args.users),
                "-r",
                str(args.users),
                "-t",
                f"{args.seconds}s",
                "--host",
                f"http://127.0.0.1:{port}",
                "--csv",
                str(prefix),
                "--only-summary",
                "--stop-timeout",
                "5",
            ],
            cwd=ROOT,
            env=env,
            check=False,
        )
        with open(f"{prefix}_stats.csv", newline="") as fh:
            stats = {row["Name"]: row for row in csv.DictReader(fh)}
        post = stats["POST report"]
        requests_ = int(post["Request Count"])
        failures = int(post["Failure Count"])
        count = (
            subprocess.run(
                [
                    PYTHON,
                    "manage.py",
                    "shell",
                    "-c",
                    "from ketenzicht.signals.models import Signal; print(Signal.objects.count())",
                ],
                cwd=ROOT,
                env=env,
                check=True,
                capture_output=True,
                text=True,
            )
            .stdout.strip()
            .splitlines()[-1]
        )
        rate = (requests_ - failures) / args.seconds
        print(
            f"database: {'PostgreSQL' if args.database_url else 'SQLite (WAL)'}, "
            f"gunicorn workers: {args.workers}, locust users: {args.users}, "
            f"duration: {args.seconds}s"
        )
        print(f"reports stored: {count}; POST requests: {requests_}; failures: {failures}")
        print(f"successful reports per second: {rate:.1f}")
        print(f"POST latency ms: median {post['50%']}, p95 {post['95%']}, p99 {post['99%']}")
        return 0 if failures == 0 and rate >= 50 else 1
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
