import time

from django.core.management.base import BaseCommand

from ketenzicht.people import name_index


class Command(BaseCommand):
    help = (
        "Rebuild the name search's token index (postings and vocabulary) from the "
        "search_name of every identity record and alias (ADR 0011). Safe to repeat; "
        "run it after loading records outside the services."
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        postings, tokens = name_index.rebuild(progress=self.stdout.write)
        self.stdout.write(
            self.style.SUCCESS(
                f"Name token index rebuilt: {postings:,} postings, {tokens:,} distinct tokens "
                f"in {time.monotonic() - started:.0f} s."
            )
        )
