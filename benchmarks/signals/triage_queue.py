"""Benchmark: the receiving (triage) queue with many signals on PostgreSQL.

Fills an empty database with N signals over ten years (about a fifth still
open, each open one with its triage deadline), then times the queue page
selector for a KMar analyst as the view uses it (page 1 and a later page,
including the count), and reports p50/p95 over repeated runs. Target (issue 6):
p95 < 200 ms with 500k signals.

    .venv/bin/python benchmarks/signals/triage_queue.py \
        --database-url postgres://postgres@127.0.0.1:5432/kz_bench_queue --signals 500000
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--signals", type=int, default=500_000)
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ketenzicht.settings.local")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    from ketenzicht.accounts.models import Organisation, User
    from ketenzicht.signals.models import Signal
    from ketenzicht.signals.selectors import receiving_queue

    kmar = Organisation.objects.get(kind="kmar")
    politie = Organisation.objects.get(kind="politie")
    user, _ = User.objects.get_or_create(
        username="bench-kmar", defaults={"role": "kmar_analist", "organisation": kmar}
    )
    existing = Signal.objects.count()
    if existing < args.signals:
        started = time.perf_counter()
        with connection.cursor() as cur:
            cur.execute("SELECT id FROM signals_category WHERE code = 'smuggling-vessels'")
            category = cur.fetchone()[0]
            cur.execute(
                """
                INSERT INTO signals_signal (reference, channel, sector, category_id, description,
                    place, details, status, received_at, receiving_organisation_id,
                    source_reliability, information_validity, handling_code, tlp, version,
                    passphrase_hash)
                SELECT 'B-' || g, (ARRAY['maritime','public','professional'])[1 + g %% 3], '',
                       %s, 'benchmark signal ' || g, '', '{}'::jsonb,
                       CASE WHEN g %% 5 = 0 THEN 'received'
                            WHEN g %% 5 = 1 THEN 'for_assessment' ELSE 'assessed' END,
                       now() - make_interval(mins => (g * 7) %% (60 * 24 * 3650)),
                       CASE WHEN g %% 2 = 0 THEN %s ELSE %s END,
                       '', '', 'H0', 'amber', 1, ''
                FROM generate_series(%s, %s) AS g
                """,
                [category, kmar.pk, politie.pk, existing + 1, args.signals],
            )
            cur.execute(
                """
                INSERT INTO deadlines_deadline (subject_kind, subject_id, kind, rule_version,
                    title, organisation_id, url, created_at, due_at, escalation_level)
                SELECT 'signals.signal', s.id::text, 'signal_triage', 1, 'Triage ' || s.reference,
                       s.receiving_organisation_id, '', s.received_at,
                       s.received_at + interval '24 hours', 0
                FROM signals_signal s WHERE s.status = 'received' AND s.reference LIKE 'B-%%'
                """
            )
        # What autovacuum does on a live system: statistics and the visibility map.
        connection.ensure_connection()
        connection.connection.autocommit = True
        with connection.connection.cursor() as raw:
            raw.execute("VACUUM ANALYZE signals_signal")
            raw.execute("VACUUM ANALYZE deadlines_deadline")
        print(
            f"generated {args.signals - existing} signals in {time.perf_counter() - started:.1f}s"
        )

    open_count = Signal.objects.filter(
        receiving_organisation=kmar, status__in=("received", "triaged", "for_assessment")
    ).count()

    def timed(page: int) -> list[float]:
        samples = []
        for _ in range(args.runs):
            t = time.perf_counter()
            result = receiving_queue(user, page=page)
            list(result.object_list)
            result.paginator.num_pages  # noqa: B018  (the count the template shows)
            samples.append((time.perf_counter() - t) * 1000)
        return samples

    print(f"signals: {Signal.objects.count()}, open for KMar: {open_count}")
    worst = 0.0
    for page in (1, 20):
        samples = sorted(timed(page))
        p50 = statistics.median(samples)
        p95 = samples[int(len(samples) * 0.95) - 1]
        worst = max(worst, p95)
        print(f"triage queue page {page:>2}: p50 {p50:6.1f} ms   p95 {p95:6.1f} ms")
    return 0 if worst < 200 else 1


if __name__ == "__main__":
    sys.exit(main())
