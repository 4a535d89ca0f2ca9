"""Benchmark: the deadline sweep and the work queue with 100k open departure cases.

Fills an empty PostgreSQL database with N departure cases at 50 COA locations in
10 police regions, each case with its three first steps as open deadlines
(report to the police and inform the guardian for the location, classify for
Nidos): 3N open deadlines, of which the N police reports are overdue. Then

1. times `deadlines.services.escalate_overdue()` over the N overdue deadlines
   (notifications to the location managers and the e-mail pass, with the dummy
   e-mail backend), reset between runs; target (issue 5): < 10 s for 100k;
2. times full GET requests of the work queue page (`/werkvoorraad/`, through
   the whole middleware stack) for a voogd, whose organisation has N open
   steps, and for a mentor of one location, and of the departures list
   (`/vertrek/`) for an AVIM detective; p50/p95 over repeated runs; target:
   p95 < 200 ms.

    .venv/bin/python benchmarks/departures/bench_deadlines.py \\
        --database-url postgres://postgres@127.0.0.1:5432/kz_bench_departures --cases 100000
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

LOCATIONS = 50
REGIONS = 10


def _ensure_database(url: str) -> None:
    import psycopg

    base, _sep, name = url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def _percentiles(samples: list[float]) -> str:
    samples = sorted(samples)
    p95 = samples[max(0, round(0.95 * len(samples)) - 1)]
    return f"p50 {statistics.median(samples):.1f} ms, p95 {p95:.1f} ms, max {samples[-1]:.1f} ms"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--sweeps", type=int, default=3)
    args = parser.parse_args()
    _ensure_database(args.database_url)
    os.environ["DATABASE_URL"] = args.database_url
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.dummy.EmailBackend"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ketenzicht.settings.local")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    settings.ALLOWED_HOSTS = ["*"]
    settings.KETENZICHT_REQUIRE_2FA = False
    call_command("migrate", verbosity=0)

    from ketenzicht.accounts.models import Organisation, Unit, User
    from ketenzicht.deadlines.models import Deadline, Notification
    from ketenzicht.deadlines.services import escalate_overdue
    from ketenzicht.departures.models import DepartureCase
    from ketenzicht.reception.models import Location

    orgs = {}
    for kind, name in (("coa", "COA"), ("politie", "Politie"), ("nidos", "Nidos")):
        orgs[kind], _ = Organisation.objects.get_or_create(kind=kind, defaults={"name": name})
    regions = [
        Unit.objects.get_or_create(
            organisation=orgs["politie"], name=f"Bench regio {r}", defaults={"kind": "region"}
        )[0]
        for r in range(REGIONS)
    ]
    locations = []
    for i in range(LOCATIONS):
        unit, _ = Unit.objects.get_or_create(
            organisation=orgs["coa"], name=f"Bench locatie {i}", defaults={"kind": "location"}
        )
        loc, _ = Location.objects.get_or_create(
            unit=unit,
            defaults={
                "name": unit.name,
                "location_type": "bo" if i % 5 == 0 else "regular_amv",
                "capacity": 100,
                "police_region": regions[i % REGIONS],
            },
        )
        manager, _ = User.objects.get_or_create(
            username=f"bench-manager-{i}",
            defaults={
                "role": "location_manager",
                "organisation": orgs["coa"],
                "unit": unit,
                "email": f"manager{i}@bench.example",
            },
        )
        User.objects.get_or_create(
            username=f"bench-mentor-{i}",
            defaults={
                "role": "mentor",
                "organisation": orgs["coa"],
                "unit": unit,
                "supervisor": manager,
            },
        )
        locations.append(loc)
    voogd, _ = User.objects.get_or_create(
        username="bench-voogd", defaults={"role": "voogd", "organisation": orgs["nidos"]}
    )
    avim, _ = User.objects.get_or_create(
        username="bench-avim",
        defaults={"role": "avim_rechercheur", "organisation": orgs["politie"], "unit": regions[0]},
    )
    mentor = User.objects.get(username="bench-mentor-0")

    existing = DepartureCase.objects.count()
    if existing < args.cases:
        started = time.perf_counter()
        first_loc = locations[0].pk
        with connection.cursor() as cur:
            cur.execute(
                """
                INSERT INTO people_person (pseudonym, created_at)
                SELECT 'P-BENCH' || g, now() FROM generate_series(%s, %s) AS g
                """,
                [existing + 1, args.cases],
            )
            cur.execute(
                """
                INSERT INTO departures_departurecase (person_id, location_id, detected_at,
                    opened_at, status, version, cycle, is_bo, trafficking_sign, return_process,
                    asylum_affected, circumstances, police_reference, missing_report_reference,
                    police_follow_up, classification, classification_evidence,
                    known_destination, guardianship_transferred_to, reappearance_kind,
                    reappearance_channel, reappearance_detail, outcome, outcome_note, updated_at)
                SELECT p.id, %s + (p.id %% %s), now() - interval '2 days' - make_interval(
                           mins => (p.id %% 43200)::int),
                       now(), 'open', 1, 1, p.id %% 5 = 0, false, false, false, '', '', '', '',
                       '', '', '', '', '', '', '', '', '', now()
                FROM people_person p
                WHERE p.pseudonym LIKE 'P-BENCH%%'
                  AND NOT EXISTS (SELECT 1 FROM departures_departurecase c
                                  WHERE c.person_id = p.id)
                """,
                [first_loc, LOCATIONS],
            )
            cur.execute(
                """
                INSERT INTO deadlines_deadline (subject_kind, subject_id, person_id, kind,
                    rule_version, title, organisation_id, unit_id, url, created_at, due_at,
                    escalation_level)
                SELECT 'departures.departurecase', c.id::text, c.person_id, k.kind, 1,
                       k.title || ' ' || c.id,
                       CASE WHEN k.kind = 'departure.classify' THEN %s ELSE %s END,
                       CASE WHEN k.kind = 'departure.classify' THEN NULL ELSE l.unit_id END,
                       '/vertrek/' || c.id || '/', c.detected_at,
                       CASE WHEN k.kind = 'departure.report_to_police'
                            THEN now() - interval '1 hour'
                                 - make_interval(mins => (c.id %% 1000)::int)
                            ELSE now() + interval '1 day'
                                 + make_interval(mins => (c.id %% 1000)::int)
                       END, 0
                FROM departures_departurecase c
                JOIN reception_location l ON l.id = c.location_id
                CROSS JOIN (VALUES ('departure.report_to_police', 'Vertrek melden'),
                                   ('departure.inform_guardian', 'Voogd informeren'),
                                   ('departure.classify', 'Vertrek duiden')) AS k(kind, title)
                WHERE NOT EXISTS (SELECT 1 FROM deadlines_deadline d
                                  WHERE d.subject_kind = 'departures.departurecase'
                                    AND d.subject_id = c.id::text)
                """,
                [orgs["nidos"].pk, orgs["coa"].pk],
            )
            cur.execute("ANALYZE")
        print(f"filled {args.cases} cases in {time.perf_counter() - started:.1f} s")

    cases = DepartureCase.objects.count()
    open_deadlines = Deadline.objects.filter(met_at__isnull=True, cancelled_at__isnull=True)
    print(f"{cases} open cases, {open_deadlines.count()} open deadlines")

    # 1. The sweep.
    for run in range(args.sweeps):
        with connection.cursor() as cur:
            cur.execute("DELETE FROM deadlines_notification")
            cur.execute(
                "UPDATE deadlines_deadline SET escalated_at = NULL, escalation_level = 0 "
                "WHERE escalated_at IS NOT NULL"
            )
            # As autovacuum would between two real sweeps of this size.
            cur.execute("VACUUM ANALYZE deadlines_deadline")
            cur.execute("VACUUM ANALYZE deadlines_notification")
        started = time.perf_counter()
        result = escalate_overdue()
        took = time.perf_counter() - started
        print(
            f"sweep {run + 1}: escalated {result.escalated}, "
            f"notifications {result.notifications} in {took:.2f} s"
        )
    assert Notification.objects.count() == result.notifications
    started = time.perf_counter()
    again = escalate_overdue()
    print(
        f"second sweep (idempotent): escalated {again.escalated} in "
        f"{time.perf_counter() - started:.3f} s"
    )

    # 2. Pages, through the whole middleware stack (after autovacuum would have run).
    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE deadlines_deadline")
    for label, user, path in (
        ("work queue, voogd (Nidos: every classification step)", voogd, "/werkvoorraad/"),
        ("work queue, mentor of one location", mentor, "/werkvoorraad/"),
        ("work queue, voogd, page 40", voogd, "/werkvoorraad/?page=40"),
        ("departures list, AVIM detective of one region", avim, "/vertrek/"),
    ):
        client = Client()
        client.force_login(user)
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        samples = []
        for _ in range(args.runs):
            started = time.perf_counter()
            response = client.get(path)
            samples.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
        print(f"{label}: {_percentiles(samples)} over {args.runs} requests")
    return 0


if __name__ == "__main__":
    sys.exit(main())
