"""`manage.py demo_extracts DIR`: the synthetic chain as partner CSV extracts (no database rows)."""

import time
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ketenzicht.accounts.roles import OrganisationKind
from ketenzicht.demo.extracts import write_extracts


class Command(BaseCommand):
    help = (
        "Write the demo chain's identity records as one CSV extract per organisation, "
        "with truth.csv (the true identity of every record) for linkage evaluation."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path)
        parser.add_argument("--persons", type=int, default=100_000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--as-of",
            type=date.fromisoformat,
            default=date(2025, 12, 31),
            help="reference date (YYYY-MM-DD); fixed by default so sets are reproducible",
        )
        parser.add_argument(
            "--sources",
            default="",
            help="comma-separated organisations (e.g. coa,ind,politie); default all",
        )
        parser.add_argument(
            "--max-records", type=int, default=None, help="stop after about this many records"
        )

    def handle(self, *args, directory: Path, sources: str, **options) -> None:
        chosen = [s.strip() for s in sources.split(",") if s.strip()]
        unknown = sorted(set(chosen) - set(OrganisationKind.values))
        if unknown:
            raise CommandError(
                f"Unknown organisation(s): {', '.join(unknown)}; "
                f"choose from {', '.join(OrganisationKind.values)}."
            )
        if options["persons"] < 1:
            raise CommandError("--persons must be at least 1.")
        started = time.monotonic()
        counts = write_extracts(
            directory,
            persons=options["persons"],
            seed=options["seed"],
            as_of=options["as_of"],
            sources=chosen or None,
            max_records=options["max_records"],
        )
        total = sum(counts.values())
        per_source = ", ".join(f"{s} {n:,}" for s, n in sorted(counts.items()))
        self.stdout.write(
            f"{total:,} records ({per_source}) in {directory} in {time.monotonic() - started:.1f} s"
        )
