"""Per-report server cost of public intake, without a load generator.

Runs N form GETs and report POSTs in this process (Django's test client with
CSRF checks on, the demo settings, a fresh SQLite database in a temporary
directory) and prints the CPU milliseconds and queries per GET and per POST.
CPU time (not wall time) is measured, so the figures stay comparable on a busy
machine; `--profile` adds a cProfile listing of the POSTs.

    .venv/bin/python benchmarks/signals/profile_public_intake.py [--reports 200] [--profile]

For instruction counts that do not depend on the machine's load at all:

    valgrind --tool=callgrind --callgrind-out-file=/tmp/cg.out \\
        .venv/bin/python benchmarks/signals/profile_public_intake.py --reports 20
"""

import argparse
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
REPORT = {
    "item_types": ["inflatable_boat", "outboard_motor"],
    "quantities": "2 stuks",
    "payment_method": "cash",
    "vehicle_plate": "Bestelbus 12-ABC-3",
    "buyer_description": "Twee mannen, contant betaald",
    "stated_destination": "Duinkerken",
    "occurred_on": "2026-11-20",
    "place": "Vlissingen",
    "description": "Kochten meerdere boten en jerrycans, wilden geen bon.",
    "passphrase": "lange-wachtzin-voor-de-melder",
    "website": "",
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=200)
    parser.add_argument(
        "--profile", nargs="?", const="both", choices=["both", "get", "post"], default=None
    )
    parser.add_argument("--lines", type=int, default=45)
    parser.add_argument("--sort", default="cumulative")
    args = parser.parse_args()

    workdir = tempfile.mkdtemp(prefix="kz-profile-")
    os.makedirs(os.path.join(workdir, "static"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ketenzicht.settings.local")
    os.environ["KETENZICHT_VAR_DIR"] = workdir
    os.environ["SIGNALS_PUBLIC_SUBMIT_LIMIT"] = "1000000"

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    call_command("migrate", verbosity=0)
    client = Client(enforce_csrf_checks=True, HTTP_HOST="127.0.0.1")

    def get_form():
        page = client.get("/melden/maritiem/")
        assert page.status_code == 200
        return TOKEN.search(page.content.decode()).group(1)

    def post_report(token):
        response = client.post("/melden/maritiem/", {**REPORT, "csrfmiddlewaretoken": token})
        assert response.status_code == 302, response.content[:500]

    for _ in range(10):  # warm up: imports, template and translation caches
        post_report(get_form())
    # Queries of one GET and one POST (captured once: capturing costs CPU itself).
    # Each request start clears the query log, so the SQL is copied at once.
    with CaptureQueriesContext(connection) as captured:
        token = get_form()
    get_sql = [q["sql"] for q in captured.captured_queries]
    with CaptureQueriesContext(connection) as captured:
        post_report(token)
    post_sql = [q["sql"] for q in captured.captured_queries]

    gets, posts = [], []
    profiler = None
    if args.profile:
        import cProfile

        profiler = cProfile.Profile()
    for _ in range(args.reports):
        if profiler and args.profile in ("both", "get"):
            profiler.enable()
        t0 = time.process_time()
        token = get_form()
        t1 = time.process_time()
        if profiler and args.profile == "get":
            profiler.disable()
        if profiler and args.profile == "post":
            profiler.enable()
        post_report(token)
        t2 = time.process_time()
        if profiler:
            profiler.disable()
        gets.append((t1 - t0) * 1000)
        posts.append((t2 - t1) * 1000)
    if profiler is not None:
        import pstats

        pstats.Stats(profiler).sort_stats(args.sort).print_stats(args.lines)
    print(f"reports: {args.reports}, settings: {os.environ['DJANGO_SETTINGS_MODULE']}")
    print(f"GET  form: {statistics.median(gets):.2f} ms CPU (median), {len(get_sql)} queries")
    print(f"POST form: {statistics.median(posts):.2f} ms CPU (median), {len(post_sql)} queries")
    print(f"per report: {statistics.median(gets) + statistics.median(posts):.2f} ms CPU")
    if os.environ.get("SHOW_QUERIES"):
        for name, sqls in (("GET", get_sql), ("POST", post_sql)):
            print(f"{name} queries:")
            for sql in sqls:
                print("  ", sql[:160])
    return 0


if __name__ == "__main__":
    sys.exit(main())
