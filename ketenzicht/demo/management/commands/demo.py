"""`manage.py demo --persons N --seed S`: load the synthetic demo chain once."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ketenzicht.demo.generator import DEFAULT_BATCH, DEFAULT_PERSONS, run_demo


class Command(BaseCommand):
    help = "Generate the synthetic demo chain (2015 to the reference date) and the demo logins."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--persons",
            type=int,
            default=DEFAULT_PERSONS,
            help="number of persons (default %(default)s: every demo login has data in scope)",
        )
        parser.add_argument(
            "--seed", type=int, default=1, help="random seed (same seed, same rows)"
        )
        parser.add_argument(
            "--as-of",
            type=date.fromisoformat,
            default=None,
            help="reference date (YYYY-MM-DD); default today",
        )
        parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH)
        parser.add_argument(
            "--no-linkage",
            action="store_true",
            help="do not queue the first identity linkage run for the worker",
        )

    def handle(self, *args, persons: int, seed: int, as_of, batch_size: int, **options) -> None:
        if persons < 1:
            raise CommandError("--persons must be at least 1")
        self.stdout.write(f"Demo chain: {persons:,} persons, seed {seed}")
        result = run_demo(
            persons=persons,
            seed=seed,
            as_of=as_of,
            batch_size=batch_size,
            progress=lambda line: self.stdout.write(line),
        )
        self.stdout.write(self.style.SUCCESS(result.message) if result.created else result.message)
        if result.created:
            for kind, n in sorted(result.run.counts.items()):
                self.stdout.write(f"  {kind:<24}{n:>12,}")
            # Capabilities outside the registry add their own synthetic data.
            from ketenzicht.signals import synthetic as signals

            created = signals.generate(seed=seed, today=as_of or date.today())
            self.stdout.write(f"  {'signals':<24}{created:>12,}")
            if not options["no_linkage"]:
                self._queue_linkage()
        self.stdout.write("Demo logins: manage.py demo_logins")

    def _queue_linkage(self) -> None:
        """Queue a full linkage run as the demo I&R officer, for the worker to execute.

        The demo registers some human beings under several persons, as the chain
        does; the run links the obvious ones and fills the review queue.
        """
        from ketenzicht.accounts.models import User
        from ketenzicht.linkage import services as linkage

        officer = User.objects.filter(username="ir", is_active=True).first()
        if officer is None:
            self.stdout.write("No demo I&R officer: no linkage run queued.")
            return
        run = linkage.start_run("full", officer)
        self.stdout.write(
            f"Identity linkage run {run.pk} queued: the worker links the chain once the app "
            "is served (Koppeling → Koppelruns, login ir)."
        )
