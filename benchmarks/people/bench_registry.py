"""Person search and person page at chain scale on PostgreSQL.

Times `search_persons` and `person_page` for an IND officer (scope: every
person IND recorded, the widest scope) and an AVIM officer (police region),
reporting p50/p95 per search kind: broad, multi-token reordered, rare and
transliterated names, a typo, exact numbers, partial dates with nationality.
Target (issue 4): p95 < 150 ms for each, at 1M persons / 3M identity records.

Run it on the demo data (`manage.py demo --persons 1000000`): the queries are
then taken from that data (its most common family name, a real record's name
reordered and misspelt, real numbers). `--fill` instead fills an empty
dedicated database with synthetic persons and records (set-based SQL, then
the name-token index is rebuilt), for a quick run without the demo.

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/ketenzicht_bench
    .venv/bin/python manage.py migrate && .venv/bin/python manage.py demo --persons 1000000
    psql "$DATABASE_URL" -c 'VACUUM ANALYZE'
    .venv/bin/python benchmarks/people/bench_registry.py [--fill --persons 1000000]

Exits non-zero when a p95 reaches the target.
"""

import argparse
import os
import random
import statistics
import sys
import time
from itertools import product
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ketenzicht.settings.local")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.utils import timezone  # noqa: E402

from ketenzicht.accounts.models import Organisation, Unit, User  # noqa: E402
from ketenzicht.accounts.roles import OrganisationKind as O  # noqa: E402
from ketenzicht.accounts.roles import Role, UnitKind  # noqa: E402
from ketenzicht.people import name_index  # noqa: E402
from ketenzicht.people.models import IdentityRecord, NameTokenVocabulary  # noqa: E402
from ketenzicht.people.names import search_key  # noqa: E402
from ketenzicht.people.selectors import (  # noqa: E402
    parse_dob_query,
    person_page,
    search_persons,
    visible_persons,
)
from ketenzicht.reception.models import Location  # noqa: E402

_FAMILY_TEXT = (
    "Nguyen Tran Le Pham Hoang Vu Dang Bui Do Ho Ngo Duong Ly Tesfaye Haile Tekle Ghebre "
    "Kidane Berhane Mehari Okafor Okonkwo Eze Adeyemi Obi Mohammed Ahmadi Hussain Rahimi "
    "Karimi Hashimi Sultani Noori Haidari Ali Hassan Ibrahim Yusuf Abdi Osman Farah Warsame "
    "Diallo Bah Sow Camara Kone Traore Kovalenko Shevchenko Bondarenko Melnyk Petrenko "
    "Aziz Khan Malik Qureshi Sharif"
)
FAMILY = _FAMILY_TEXT.split()
_GIVEN_TEXT = (
    "Anh Van Minh Thi Lan Duc Hung Tuan Linh Mai Huong Quang Nam Tesfay Yonas Semhar Senait "
    "Filmon Daniel Blessing Chinedu Emeka Ngozi Joy Precious Mohamed Ahmad Farid Omid Zahra "
    "Fatima Ali Hamid Yasin Abdullah Ibrahim Amina Hodan Mariam Fatoumata Mamadou Aissata "
    "Oksana Olena Dmytro Andriy Iryna Sergii Maksym"
)
GIVEN = _GIVEN_TEXT.split()


def fill(persons: int) -> None:
    orgs = {o.kind: o.pk for o in Organisation.objects.all()}
    combos = [(g1, g2, f) for f, g1, g2 in product(FAMILY, GIVEN, GIVEN) if g1 != g2]
    random.Random(7).shuffle(combos)
    with connection.cursor() as cur:
        # A dedicated benchmark database only: start from an empty registry.
        cur.execute("TRUNCATE people_person RESTART IDENTITY CASCADE")
        cur.execute("DROP TABLE IF EXISTS bench_names")
        cur.execute(
            "CREATE TABLE bench_names (id int primary key, given text, family text, key text)"
        )
        rows = [
            (i, f"{g1} {g2}", f, search_key(f"{g1} {g2}", f))
            for i, (g1, g2, f) in enumerate(combos)
        ]
        cur.executemany("INSERT INTO bench_names VALUES (%s, %s, %s, %s)", rows)
        n = len(rows)
        print(f"{n} name combinations")
        t = time.monotonic()
        cur.execute(
            """INSERT INTO people_person (pseudonym, v_number, created_at)
               SELECT 'B-' || g, CASE WHEN g %% 2 = 0 THEN lpad(g::text, 10, '0') END, now()
               FROM generate_series(1, %s) g""",
            [persons],
        )
        cur.execute("SELECT min(id) FROM people_person WHERE pseudonym LIKE 'B-%%'")
        first = cur.fetchone()[0]
        # Three records per person: COA always, IND for most, and police, KMar
        # or DT&V in turn; the names vary a little per organisation (order,
        # upper case) as they do in reality.
        for slot, (orgs_expr, name_expr) in enumerate(
            [
                (f"{orgs[O.COA]}", "n.given, n.family"),
                (
                    f"CASE WHEN p.id %% 10 < 8 THEN {orgs[O.IND]} ELSE {orgs[O.DTV]} END",
                    "n.given, upper(n.family)",
                ),
                (
                    f"CASE WHEN p.id %% 3 = 0 THEN {orgs[O.POLITIE]} WHEN p.id %% 3 = 1 "
                    f"THEN {orgs[O.KMAR]} ELSE {orgs[O.NIDOS]} END",
                    "n.given, n.family",
                ),
            ]
        ):
            given_expr, family_expr = (e.strip() for e in name_expr.split(","))
            cur.execute(
                f"""INSERT INTO people_identityrecord (person_id, organisation_id, org_number,
                       v_number, given_names, family_name, search_name, date_of_birth,
                       dob_precision, dob_is_placeholder, sex, nationality, languages, photo,
                       recorded_at)
                   SELECT p.id, {orgs_expr}, 'N{slot}-' || p.id,
                          CASE WHEN {slot} = 1 THEN coalesce(p.v_number, '') ELSE '' END,
                          {given_expr}, {family_expr}, n.key,
                          date '2000-01-01' + ((p.id * 37 + {slot}) %% 4000)::int,
                          CASE WHEN p.id %% 7 = 0 THEN 'year' ELSE 'full' END,
                          p.id %% 11 = 0, 'm',
                          (ARRAY['VNM','ERI','NGA','AFG','SYR','SOM','GIN','UKR','MAR'])
                            [1 + p.id %% 9],
                          '', '', now()
                   FROM people_person p JOIN bench_names n ON n.id = (p.id * 7919) %% {n}
                   WHERE p.id >= %s""",
                [first],
            )
            print(f"records slot {slot}: {time.monotonic() - t:.0f}s")
    name_index.rebuild(progress=print)
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    print(f"filled in {time.monotonic() - t:.0f}s")


def users():
    """An IND officer and an AVIM officer of the police region with most present persons."""
    politie = Organisation.objects.get(kind=O.POLITIE)
    coa = Organisation.objects.get(kind=O.COA)
    busiest = (
        Location.objects.filter(placements__ended_at__isnull=True, police_region__isnull=False)
        .values("police_region")
        .annotate(n=Count("placements"))
        .order_by("-n")
        .first()
    )
    if busiest:
        region = Unit.objects.get(pk=busiest["police_region"])
    else:
        region, _ = Unit.objects.get_or_create(
            organisation=politie, name="Bench regio", defaults={"kind": UnitKind.REGION}
        )
        unit, _ = Unit.objects.get_or_create(
            organisation=coa, name="Bench locatie", defaults={"kind": UnitKind.LOCATION}
        )
        Location.objects.get_or_create(
            unit=unit,
            defaults={
                "name": "Bench locatie",
                "location_type": "bo",
                "capacity": 50,
                "police_region": region,
            },
        )
    ind, _ = User.objects.get_or_create(
        username="bench_ind",
        defaults={
            "role": Role.IND_MEDEWERKER,
            "organisation": Organisation.objects.get(kind=O.IND),
        },
    )
    avim, _ = User.objects.update_or_create(
        username="bench_avim",
        defaults={"role": Role.AVIM_RECHERCHEUR, "organisation": politie, "unit": region},
    )
    return ind, avim


def timed(fn, repeat: int) -> tuple[float, float]:
    samples = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t) * 1000)
    samples.sort()
    return statistics.median(samples), samples[max(int(len(samples) * 0.95) - 1, 0)]


def _swap_typo(word: str) -> str:
    """Two neighbouring letters swapped in the middle of the word: Nguyen -> Nguyne."""
    i = max(1, len(word) // 2 - 1)
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def cases(user) -> list[tuple[str, dict]]:
    """The search kinds, with queries taken from the data the user may see."""
    listed = [
        ("name, issue example (Nguyen Van Anh)", {"q": "Nguyen Van Anh"}),
        ("name, reordered upper (NGUYEN Anh Van)", {"q": "NGUYEN Anh Van"}),
        ("name, rare (Tesfaye Semhar)", {"q": "Tesfaye Semhar"}),
        ("name, transliteration (Muhammad Farid)", {"q": "Muhammad Farid"}),
        ("name, typo (Ngyuen Van Anh)", {"q": "Ngyuen Van Anh"}),
        ("one token (okafor)", {"q": "okafor"}),
        ("name + year of birth (Haile 2005)", {"q": "Haile", "dob": parse_dob_query("2005")}),
        ("name + nationality (Hassan SOM)", {"q": "Hassan", "nationality": "SOM"}),
    ]
    visible = visible_persons(user)
    record = (
        IdentityRecord.objects.filter(
            person__in=visible.order_by("-pk")[:5000].values("pk"), family_name__regex=r"^\S{5,}$"
        )
        .exclude(given_names="")
        .exclude(org_number="")
        .select_related("person")
        .order_by("-pk")
        .first()
    )
    common = (
        NameTokenVocabulary.objects.order_by("-frequency").values_list("token", flat=True).first()
    )
    data = []
    if common:
        data.append((f"broad: most common token ({common})", {"q": common}))
    if record is not None:
        given, family = record.given_names, record.family_name
        data += [
            (
                f"multi-token reordered ({family.upper()} {given})",
                {"q": f"{family.upper()} {given}"},
            ),
            (f"typo ({_swap_typo(family)} {given})", {"q": f"{_swap_typo(family)} {given}"}),
            (f"prefix (first 3 letters: {family[:3]})", {"q": family[:3]}),
            (f"org number ({record.org_number})", {"q": record.org_number}),
        ]
        if record.person.v_number:
            data.append(("V-number", {"q": record.person.v_number}))
    data += [
        (
            "partial date + nationality (2008, ERI)",
            {"dob": parse_dob_query("2008"), "nationality": "ERI"},
        ),
        (
            "partial date + nationality (2008-05, AFG)",
            {"dob": parse_dob_query("2008-05"), "nationality": "AFG"},
        ),
    ]
    if common:
        data.append(
            (
                f"broad name + partial date + nationality ({common}, 2008, VNM)",
                {"q": common, "dob": parse_dob_query("2008"), "nationality": "VNM"},
            )
        )
    return listed + data


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--persons", type=int, default=1_000_000)
    parser.add_argument("--fill", action="store_true")
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument("--target-ms", type=float, default=150.0)
    args = parser.parse_args()
    for kind in O.values:
        Organisation.objects.get_or_create(kind=kind, defaults={"name": kind.upper()})
    if args.fill:
        fill(args.persons)
    ind, avim = users()
    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM people_person")
        persons = cur.fetchone()[0]
        cur.execute("SELECT count(*) FROM people_identityrecord")
        records = cur.fetchone()[0]
        cur.execute("SELECT count(*) FROM people_alias")
        aliases = cur.fetchone()[0]
        cur.execute(
            "SELECT count(*), (SELECT count(*) FROM people_nametokenvocabulary) "
            "FROM people_nametoken"
        )
        postings, tokens = cur.fetchone()
    print(
        f"{persons:,} persons, {records:,} identity records, {aliases:,} aliases, "
        f"{postings:,} name postings, {tokens:,} distinct tokens; {timezone.now():%Y-%m-%d %H:%M}"
    )
    print(
        f"load average {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}"
    )
    missed = []
    for user in (ind, avim):
        print(f"\nuser {user.username} ({user.role}, {visible_persons(user).count():,} visible)")
        for label, kwargs in cases(user):
            result = search_persons(user, **kwargs)
            found = (
                f"> {result.page.paginator.count:,}"
                if result.capped
                else f"{result.page.paginator.count:,}"
            )
            kind = " (typo fallback)" if result.fuzzy else ""
            p50, p95 = timed(lambda kw=kwargs, u=user: search_persons(u, **kw), args.repeat)
            print(
                f"  search {label + kind:<64} {found:>7} hits  p50 {p50:6.1f} ms  p95 {p95:6.1f} ms"
            )
            if p95 >= args.target_ms:
                missed.append(f"{user.username}: {label}")
        with connection.cursor() as cur:
            cur.execute("SELECT min(id), max(id) FROM people_person")
            lo, hi = cur.fetchone()
        rng = random.Random(11)
        ids = [rng.randint(lo, hi) for _ in range(args.repeat * 20)]
        visible = set(visible_persons(user).filter(pk__in=ids).values_list("pk", flat=True))
        pages = [i for i in ids if i in visible][: args.repeat]
        if pages:
            it = iter(pages)
            p50, p95 = timed(lambda u=user, it=it: person_page(u, next(it)), len(pages))
            label = f"person page ({len(pages)} persons)"
            print(f"  {label:<83} p50 {p50:6.1f} ms  p95 {p95:6.1f} ms")
            if p95 >= args.target_ms:
                missed.append(f"{user.username}: person page")
    if missed:
        print("\ntarget missed: " + "; ".join(missed))
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
