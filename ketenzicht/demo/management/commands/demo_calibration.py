"""`manage.py demo_calibration`: the generated outcomes next to the calibration inputs."""

from django.core.management.base import BaseCommand

from ketenzicht.demo.measure import measure, report


class Command(BaseCommand):
    help = "Report BO inflow, asylum, Eurodac and MOB outcomes of the generated demo chain."

    def handle(self, *args, **options) -> None:
        for line in report(measure()):
            self.stdout.write(line)
