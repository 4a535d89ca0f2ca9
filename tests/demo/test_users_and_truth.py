"""Demo users see data in their scope; the truth table stays out of the application."""

import re
from io import StringIO
from pathlib import Path

from django.core.management import call_command

from ketenzicht.access.enforce import visible_to
from ketenzicht.access.policy import Action
from ketenzicht.accounts.models import User
from ketenzicht.demo import reference as ref
from ketenzicht.demo.models import TrueIdentity
from ketenzicht.demo.users import DEMO_PASSWORD, DEMO_USERS
from ketenzicht.people.models import Guardianship, Person
from ketenzicht.reception.models import Placement

ROOT = Path(__file__).resolve().parents[2]


def _visible(username: str) -> set[int]:
    user = User.objects.get(username=username)
    return set(visible_to(user, Person.objects.all(), Action.LIST).values_list("pk", flat=True))


def test_demo_users_log_in_with_the_printed_password(small_demo):
    for spec in DEMO_USERS:
        user = User.objects.get(username=spec.username)
        assert user.check_password(DEMO_PASSWORD), spec.username
        assert user.role == spec.role
        assert user.is_active


def test_supervisors_are_set(small_demo):
    mentor = User.objects.get(username="mentor")
    assert mentor.supervisor.username == "locatiemanager"
    assert User.objects.get(username="mentor-amv").supervisor.username == "locatiemanager-amv"


def test_location_staff_see_the_persons_placed_at_their_location(small_demo):
    for username, location in (
        ("mentor-amv", ref.DEMO_AMV_LOCATION),
        ("locatiemanager-amv", ref.DEMO_AMV_LOCATION),
        ("mentor", ref.DEMO_BO_LOCATION),
    ):
        placed = set(
            Placement.objects.filter(location__name=location, ended_at__isnull=True).values_list(
                "person_id", flat=True
            )
        )
        assert _visible(username) == placed
    assert _visible("mentor-amv")


def test_voogd_has_a_dozen_current_wards(small_demo):
    voogd = User.objects.get(username="voogd")
    wards = Guardianship.objects.filter(voogd=voogd, ended_on__isnull=True)
    assert wards.count() == 12
    assert _visible("voogd") == set(wards.values_list("person_id", flat=True))


def test_police_kmar_ind_and_dtv_see_persons(small_demo):
    region_placed = set(
        Placement.objects.filter(
            location__police_region__name=ref.DEMO_POLICE_REGION, ended_at__isnull=True
        ).values_list("person_id", flat=True)
    )
    for username in ("avim", "ir"):
        visible = _visible(username)
        assert visible
        assert region_placed <= visible
    for username in ("kmar", "ind", "dtv"):
        assert _visible(username), username


def test_demo_logins_prints_every_login(small_demo):
    out = StringIO()
    call_command("demo_logins", stdout=out)
    text = out.getvalue()
    for spec in DEMO_USERS:
        assert re.search(rf"\b{re.escape(spec.username)}\b", text)
    assert DEMO_PASSWORD in text
    assert "/personen/pupillen/" in text  # the voogd's landing page


def test_truth_table_has_no_relation_into_the_registry():
    relations = [f for f in TrueIdentity._meta.get_fields() if f.is_relation]
    assert [f.name for f in relations] == ["run"]


def test_no_application_module_imports_the_truth():
    allowed = (ROOT / "ketenzicht" / "demo",)
    offenders = []
    pattern = re.compile(r"TrueIdentity|demo\.models|demo_trueidentity")
    for path in (ROOT / "ketenzicht").rglob("*.py"):
        if any(path.is_relative_to(a) for a in allowed):
            continue
        if pattern.search(path.read_text(encoding="utf-8")):
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []
