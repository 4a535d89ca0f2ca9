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
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
sys.path.insert(0, str(ROOT))

from ketenzicht.core.management.commands.serve import (  # noqa: E402
    default_workers,
    gunicorn_command,
)


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


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) of a process and its live descendants."""
    total = 0.0
    try:
        with open(f"/proc/{pid}/stat") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        with open(f"/proc/{pid}/task/{pid}/children") as fh:
            children = [int(c) for c in fh.read().split()]
    except (FileNotFoundError, ProcessLookupError):
        return total
    return total + sum(cpu_seconds(child) for child in children)


def warm_up(port: int, seconds: float = 3.0) -> None:
    """Wait until the workers answer the form page (they import the app after forking)."""
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/melden/maritiem/") as response:
                if response.status == 200:
                    break
        except OSError:
            time.sleep(0.2)
    time.sleep(seconds)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default="")
    parser.add_argument("--users", type=int, default=30)
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument(
        "--workers", type=int, default=default_workers(), help="default: as manage.py serve"
    )
    parser.add_argument(
        "--gunicorn-arg",
        action="append",
        default=[],
        help="extra gunicorn option for experiments, e.g. --gunicorn-arg=--threads=2",
    )
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
    # The demo server exactly as `manage.py serve` starts it (access log to a file).
    command = gunicorn_command(
        PYTHON,
        bind=f"127.0.0.1:{port}",
        workers=args.workers,
        access_log=str(workdir / "access.log"),
    )
    command += ["--log-level", "warning", *args.gunicorn_arg]
    server = subprocess.Popen(command, cwd=ROOT, env=env)
    try:
        wait_for(port)
        warm_up(port)
        prefix = workdir / "locust"
        server_cpu = cpu_seconds(server.pid)
        locust_cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
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
        server_cpu = cpu_seconds(server.pid) - server_cpu
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        locust_cpu = (after.ru_utime + after.ru_stime) - (locust_cpu.ru_utime + locust_cpu.ru_stime)
        with open(f"{prefix}_stats.csv", newline="") as fh:
            stats = {row["Name"]: row for row in csv.DictReader(fh)}
        post = stats["POST report"]
        requests_ = int(post["Request Count"])
        failures = int(post["Failure Count"]) + int(stats["GET form"]["Failure Count"])
        count = int(
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
            f"gunicorn: {args.workers} sync workers {' '.join(args.gunicorn_arg)}, "
            f"locust users: {args.users}, duration: {args.seconds}s, cores: {os.cpu_count()}"
        )
        print(f"reports stored: {count}; POST requests: {requests_}; failures: {failures}")
        print(f"successful reports per second: {rate:.1f}")
        print(f"POST latency ms: median {post['50%']}, p95 {post['95%']}, p99 {post['99%']}")
        print(
            f"CPU per stored report: server {1000 * server_cpu / max(count, 1):.1f} ms, "
            f"locust {1000 * locust_cpu / max(count, 1):.1f} ms "
            f"(server {server_cpu:.1f} s, locust {locust_cpu:.1f} s in the run)"
        )
        print(f"load average after the run: {os.getloadavg()[0]:.2f}")
        return 0 if failures == 0 and rate >= 50 else 1
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
