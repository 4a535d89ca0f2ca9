from django.core.management.base import BaseCommand, CommandError

from ketenzicht.audit.verify import verify_chain


class Command(BaseCommand):
    help = "Verify the audit hash chain and report the first broken link."

    def handle(self, *args, **options):
        result = verify_chain()
        if result.ok:
            self.stdout.write(self.style.SUCCESS(f"Audit chain intact: {result.checked} events."))
            return
        raise CommandError(
            f"Audit chain broken at event {result.broken_at}: {result.reason} "
            f"({result.checked} events verified before it)."
        )
