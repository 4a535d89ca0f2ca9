"""`manage.py demo_logins`: the demo logins per role, with the landing page."""

from django.core.management.base import BaseCommand
from django.urls import NoReverseMatch, reverse

from ketenzicht.access.enforce import visible_to
from ketenzicht.access.policy import Action
from ketenzicht.accounts.models import User
from ketenzicht.accounts.roles import Role
from ketenzicht.core.landing import landing_url_name
from ketenzicht.demo.users import DEMO_PASSWORD, DEMO_USERS
from ketenzicht.people.models import Person


def _landing(role: str) -> str:
    try:
        return reverse(landing_url_name(role))
    except NoReverseMatch:
        return "/"


class Command(BaseCommand):
    help = "Print the demo logins: role, username, password and landing page."

    def handle(self, *args, **options) -> None:
        present = {
            u.username: u
            for u in User.objects.filter(
                username__in=[d.username for d in DEMO_USERS]
            ).select_related("organisation", "unit")
        }
        if not present:
            self.stdout.write("No demo users yet: run `manage.py demo` first.")
            return
        rows = [
            ("role", "organisation / unit", "username", "password", "landing page", "person files")
        ]
        for spec in DEMO_USERS:
            user = present.get(spec.username)
            if user is None:
                continue
            where = user.organisation.name if user.organisation else ""
            if user.unit:
                where += f" / {user.unit.name}"
            # How many person files the login can open: shows the scope works.
            in_scope = visible_to(user, Person.objects.all(), Action.LIST).count()
            rows.append(
                (
                    str(Role(spec.role).label),
                    where,
                    spec.username,
                    DEMO_PASSWORD,
                    _landing(spec.role),
                    str(in_scope),
                )
            )
        widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
        for n, row in enumerate(rows):
            self.stdout.write(
                "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
            )
            if n == 0:
                self.stdout.write("  ".join("-" * w for w in widths))
