from django.core.management.base import BaseCommand

from ketenzicht.core.i18n import compile_all


class Command(BaseCommand):
    help = "Compile every app's .po catalogue to .mo (polib; no gettext tools needed)."

    def handle(self, *args, **options):
        for path in compile_all():
            self.stdout.write(str(path))
