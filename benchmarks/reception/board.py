"""Benchmark: the meldplicht board of a location among a million persons (PostgreSQL).

Fills an empty database with N persons (one COA identity record each), one
placement per person spread over 60 locations (most ended, about 100 open per
location) and today's check-ins for half of those present, then times the
board selector as the view uses it for a mentor per location, p50/p95.
Target (issue 4): location board p95 < 150 ms with 1M persons.

    .venv/bin/python benchmarks/reception/board.py \
        --database-url postgres://postgres@127.0.0.1:5432/kz_bench_board --persons 1000000
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

LOCATIONS = 60
OPEN_PER_LOCATION = 100


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--persons", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=60)
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ketenzicht.settings.local")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    from ketenzicht.accounts.models import Organisation, Unit, User
    from ketenzicht.people.models import Person
    from ketenzicht.reception.models import Location
    from ketenzicht.reception.selectors import board

    coa = Organisation.objects.get(kind="coa")
    region, _ = Unit.objects.get_or_create(
        organisation=Organisation.objects.get(kind="politie"),
        name="Bench-regio",
        defaults={"kind": "region"},
    )
    locations = []
    for i in range(LOCATIONS):
        unit, _ = Unit.objects.get_or_create(
            organisation=coa, name=f"Bench-locatie {i:02d}", defaults={"kind": "location"}
        )
        location, _ = Location.objects.get_or_create(
            unit=unit,
            defaults={
                "name": unit.name,
                "location_type": "regular_amv",
                "capacity": 150,
                "police_region": region,
                "reporting_times": "09:00,21:00",
            },
        )
        locations.append(location)
    mentors = []
    for location in locations:
        mentor, _ = User.objects.get_or_create(
            username=f"bench-mentor-{location.pk}",
            defaults={"role": "mentor", "organisation": coa, "unit": location.unit},
        )
        mentors.append(mentor)

    existing = Person.objects.count()
    if existing < args.persons:
        started = time.perf_counter()
        first_location = locations[0].pk
        open_total = LOCATIONS * OPEN_PER_LOCATION
        with connection.cursor() as cur:
            cur.execute(
                """INSERT INTO people_person (pseudonym, created_at)
                   SELECT 'B-' || g, now() FROM generate_series(%s, %s) g""",
                [existing + 1, args.persons],
            )
            cur.execute(
                """INSERT INTO people_identityrecord (person_id, organisation_id, org_number,
                       v_number, given_names, family_name, search_name, date_of_birth,
                       dob_precision, dob_is_placeholder, sex, nationality, languages, photo,
                       recorded_at)
                   SELECT p.id, %s, 'COA-' || p.id, '', 'Anh', 'Nguyen ' || p.id,
                          ' anh nguian ' || p.id || ' ', date '2008-01-01' + (p.id %% 3000)::int,
                          'full', false, 'm', 'VNM', '', '', now()
                   FROM people_person p WHERE p.pseudonym LIKE 'B-%%'""",
                [coa.pk],
            )
            # One placement per person; the last `open_total` persons are still present.
            cur.execute(
                """INSERT INTO reception_placement (person_id, location_id, planned_arrival,
                       arrived_at, ended_at, end_reason)
                   SELECT p.id, %s + (p.id %% %s),
                          now() - interval '400 days', now() - interval '400 days',
                          CASE WHEN p.id > %s THEN NULL ELSE now() - interval '10 days' END,
                          CASE WHEN p.id > %s THEN '' ELSE 'transfer' END
                   FROM people_person p WHERE p.pseudonym LIKE 'B-%%'""",
                [first_location, LOCATIONS, args.persons - open_total, args.persons - open_total],
            )
            cur.execute(
                """INSERT INTO reception_presencecheck (placement_id, moment, status,
                       checked_at, checked_by_id)
                   SELECT pl.id, date_trunc('day', now() AT TIME ZONE 'Europe/Amsterdam')
                          AT TIME ZONE 'Europe/Amsterdam' + interval '9 hours', 'present',
                          now(), %s
                   FROM reception_placement pl
                   WHERE pl.ended_at IS NULL AND pl.id %% 2 = 0""",
                [mentors[0].pk],
            )
        connection.ensure_connection()
        connection.connection.autocommit = True
        with connection.connection.cursor() as raw:
            for table in (
                "people_person",
                "people_identityrecord",
                "reception_placement",
                "reception_presencecheck",
            ):
                raw.execute(f"VACUUM ANALYZE {table}")
        print(
            f"generated {args.persons - existing} persons in {time.perf_counter() - started:.1f}s"
        )

    samples = []
    rows = 0
    for i in range(args.runs):
        location = locations[i % LOCATIONS]
        mentor = mentors[i % LOCATIONS]
        t = time.perf_counter()
        result = board(mentor, location)
        samples.append((time.perf_counter() - t) * 1000)
        rows += len(result.rows)
    samples.sort()
    p50 = statistics.median(samples)
    p95 = samples[int(len(samples) * 0.95) - 1]
    print(
        f"persons: {Person.objects.count()}, locations: {LOCATIONS}, "
        f"persons per board: {rows / args.runs:.0f}"
    )
    print(f"location board: p50 {p50:6.1f} ms   p95 {p95:6.1f} ms")
    return 0 if p95 < 150 else 1


if __name__ == "__main__":
    sys.exit(main())
