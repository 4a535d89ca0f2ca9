"""Issue 6 end to end in Chromium: a boat dealer reports anonymously and follows up;
KMar triages, grades B2/H2 and links a phone and a plate another signal already
had; the OM assesses within its deadline; the counts page compares years."""

import re

import pytest
from django.core.cache import cache
from django.utils import timezone

from ketenzicht.accounts.models import Unit
from ketenzicht.accounts.roles import OrganisationKind, Role, UnitKind
from ketenzicht.deadlines.models import Deadline
from ketenzicht.signals import services
from ketenzicht.signals.models import Category, Signal
from tests.factories import UserFactory, organisation

from .conftest import log_in

pytestmark = pytest.mark.browser


def test_maritime_report_from_dealer_to_om(new_page, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    cache.clear()
    kmar_team = Unit.objects.create(
        organisation=organisation(OrganisationKind.KMAR), kind=UnitKind.TEAM, name="Team Kust"
    )
    kmar = UserFactory(username="kmar_analist", role=Role.KMAR_ANALIST, unit=kmar_team)
    UserFactory(username="ovj", role=Role.OFFICIER_VAN_JUSTITIE)
    emm = UserFactory(username="emm", role=Role.EMM_ANALIST)
    earlier = services.submit_professional_signal(
        actor=kmar,
        category=Category.objects.get(code="smuggling-transport"),
        description="Bestelbus bij loods in Breskens, telefoon in advertentie",
    )
    services.link_entity(actor=kmar, signal=earlier, kind="phone", value="+31 6 12345678")
    services.link_entity(actor=kmar, signal=earlier, kind="vehicle", value="VX-123-B")

    # 1. The boat dealer, without an account.
    dealer = new_page()
    dealer.goto("/melden/")
    dealer.click("a[href='/melden/maritiem/']")
    dealer.wait_for_url("**/melden/maritiem/")
    dealer.check("input[value=inflatable_boat]")
    dealer.check("input[value=outboard_motor]")
    dealer.fill("#id_quantities", "3 rubberboten, 2 motoren van 40 pk")
    dealer.select_option("#id_payment_method", "cash")
    dealer.fill("#id_vehicle_plate", "Witte bestelbus VX-123-B")
    dealer.fill("#id_buyer_description", "Twee mannen, belden met 06-12345678")
    dealer.fill("#id_stated_destination", "Duinkerken")
    dealer.fill("#id_place", "Vlissingen")
    dealer.fill("#id_description", "Contant betaald, wilden geen bon en geen garantie.")
    dealer.fill("#id_passphrase", "zeilboot-in-de-mist")
    dealer.click("main form button[type=submit]")
    dealer.wait_for_url("**/melden/ontvangen/")
    code = dealer.locator(".receipt-code code").inner_text().strip()
    assert re.fullmatch(r"[0-9A-Z]{4}(-[0-9A-Z]{4}){3}", code)

    dealer.goto("/melden/status/")
    dealer.fill("#id_code", code)
    dealer.fill("#id_passphrase", "zeilboot-in-de-mist")
    dealer.click("main form button[type=submit]")
    dealer.wait_for_url("**/melden/aanvullen/")
    assert "Ontvangen, nog niet in behandeling" in dealer.content()
    signal = Signal.objects.get(channel="maritime")
    assert signal.reference not in dealer.content()

    # 2. KMar triages and grades B2/H2, links the phone and the plate.
    analyst = new_page()
    log_in(analyst, "kmar_analist")
    analyst.goto("/signalen/")
    analyst.click(f"text={signal.reference}")
    analyst.select_option("#id_source_reliability", "B")
    analyst.select_option("#id_information_validity", "2")
    analyst.select_option("#id_handling_code", "H2")
    analyst.click("text=Triage opslaan")
    analyst.wait_for_load_state()
    for kind, value in (("phone", "06-12345678"), ("vehicle", "vx 123 b")):
        analyst.select_option("#id_kind", kind)
        analyst.fill("#id_value", value)
        analyst.click("form button:has-text('Koppelen')")
        analyst.wait_for_load_state()
    assert analyst.locator("text=ook in 1 ander signaal").count() == 2
    analyst.click("text=Naar het OM sturen ter beoordeling")
    analyst.wait_for_load_state()
    signal.refresh_from_db()
    assert (
        signal.status,
        signal.source_reliability,
        signal.information_validity,
        signal.handling_code,
    ) == ("for_assessment", "B", "2", "H2")

    # 3. The OM assesses within its 14-day deadline.
    om = new_page()
    log_in(om, "ovj")
    om.goto(f"/signalen/{signal.pk}/")
    om.check("input[name=outcome][value=new]")
    om.fill("#id_reasons", "Aanwijzingen voor voorbereiding van smokkel over zee.")
    om.fill("#id_new_investigation_name", "Onderzoek Zeewind")
    om.select_option("#id_team", str(kmar_team.pk))
    om.click("text=Beoordeling vastleggen")
    om.wait_for_load_state()
    signal.refresh_from_db()
    assert signal.status == "assessed"
    deadline = Deadline.objects.get(subject_id=str(signal.pk), kind="signal_om_assessment")
    assert deadline.met_at is not None and deadline.met_at <= deadline.due_at
    assert deadline.met_at <= timezone.now()

    # 4. The counts page compares this year with earlier years.
    analyst_emm = new_page()
    log_in(analyst_emm, emm.username)
    analyst_emm.goto("/signalen/cijfers/?what=channel:maritime&weeks=6")
    year = str(timezone.localdate().year)
    assert analyst_emm.locator(f"th:has-text('{year}')").count() >= 1
    assert "< 5" in analyst_emm.locator("main").inner_text()
