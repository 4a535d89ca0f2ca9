import re

import pytest
from django.utils import timezone

from ketenzicht.deadlines.models import Deadline
from ketenzicht.signals import services
from ketenzicht.signals.models import Category, Entity, Signal

from .test_public_intake import _file_receipt

pytestmark = pytest.mark.django_db


def _professional_signal(user, text="Telefoon 06 12345678 in WhatsApp-groep"):
    return services.submit_professional_signal(
        actor=user, category=Category.objects.get(code="smuggling-recruitment"), description=text
    )


def test_kmar_triages_grades_links_and_the_om_assesses(client, chain):
    _file_receipt(client)
    signal = Signal.objects.get()
    earlier = _professional_signal(chain["avim"])
    # An earlier signal (from the police, received by KMar) had the phone and the plate.
    for kind, value in (("phone", "+31 6 12345678"), ("vehicle", "12-ABC-3")):
        services.link_entity(actor=chain["kmar"], signal=earlier, kind=kind, value=value)
    assert earlier.receiving_organisation.kind == "kmar"  # smuggling goes to KMar

    client.force_login(chain["kmar"])
    response = client.post(
        f"/signalen/{signal.pk}/triage/",
        {
            "source_reliability": "B",
            "information_validity": "2",
            "handling_code": "H2",
            "tlp": "amber",
            "version": signal.version,
        },
    )
    assert response.status_code == 302
    for kind, value in (("phone", "06-12345678"), ("vehicle", "12 abc 3")):
        assert (
            client.post(
                f"/signalen/{signal.pk}/koppelen/", {"kind": kind, "value": value}
            ).status_code
            == 302
        )
    assert Entity.objects.count() == 2  # the same phone and plate: one entity each
    page = client.get(f"/signalen/{signal.pk}/").content.decode()
    assert page.count("ook in 1 ander signaal") == 2
    signal.refresh_from_db()
    assert (
        signal.status,
        signal.source_reliability,
        signal.information_validity,
        signal.handling_code,
    ) == ("triaged", "B", "2", "H2")
    triage = Deadline.objects.get(kind="signal_triage", subject_id=str(signal.pk))
    assert triage.met_at is not None

    client.post(f"/signalen/{signal.pk}/naar-om/", {"version": signal.version})
    om_deadline = Deadline.objects.get(kind="signal_om_assessment")
    assert om_deadline.organisation.kind == "om"
    assert 13.9 < (om_deadline.due_at - timezone.now()).total_seconds() / 86400 <= 14

    client.force_login(chain["ovj"])
    response = client.post(
        f"/signalen/{signal.pk}/beoordelen/",
        {
            "outcome": "new",
            "reasons": "Aanwijzingen voor voorbereiding smokkel over zee.",
            "new_investigation_name": "Onderzoek Zeewind",
            "team": chain["team"].pk,
            "version": signal.version + 1,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    signal.refresh_from_db()
    assert signal.status == "assessed"
    assert signal.om_assessment.investigation.name == "Onderzoek Zeewind"
    om_deadline.refresh_from_db()
    assert om_deadline.met_at is not None and om_deadline.met_at <= om_deadline.due_at


def test_invalid_entity_values_get_field_errors(client, chain):
    signal = _professional_signal(chain["kmar"])
    client.force_login(chain["kmar"])
    for kind, value, message in (
        ("phone", "12345", "telefoonnummer"),
        ("bank_account", "NL92ABNA0417164300", "controlecijfers"),
        ("vehicle", "X", "kenteken"),
    ):
        response = client.post(f"/signalen/{signal.pk}/koppelen/", {"kind": kind, "value": value})
        assert response.status_code == 400
        assert message in response.content.decode()
    assert Entity.objects.count() == 0


def test_stale_version_is_refused(client, chain):
    signal = _professional_signal(chain["kmar"])
    client.force_login(chain["kmar"])
    data = {
        "source_reliability": "B",
        "information_validity": "2",
        "handling_code": "H0",
        "tlp": "green",
        "version": signal.version - 1 if signal.version > 1 else 99,
    }
    response = client.post(f"/signalen/{signal.pk}/triage/", data)
    assert response.status_code == 400
    signal.refresh_from_db()
    assert signal.status == "received"


def test_mentor_sees_own_signal_but_not_others(client, chain):
    own = _professional_signal(chain["mentor"])
    other = _professional_signal(chain["avim"])
    client.force_login(chain["mentor"])
    assert client.get(f"/signalen/{own.pk}/").status_code == 200
    assert client.get(f"/signalen/{other.pk}/").status_code == 404
    assert client.post(f"/signalen/{own.pk}/triage/", {}).status_code in (403, 404)


def test_om_cannot_see_signals_before_submission(client, chain):
    signal = _professional_signal(chain["kmar"])
    client.force_login(chain["ovj"])
    assert client.get(f"/signalen/{signal.pk}/").status_code == 404


def test_queue_query_count_does_not_grow(client, chain):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(chain["kmar"])
    _professional_signal(chain["kmar"])
    client.get("/signalen/")  # warms what the navigation keeps in the session
    with CaptureQueriesContext(connection) as small:
        assert client.get("/signalen/").status_code == 200
    for i in range(20):
        _professional_signal(chain["kmar"], text=f"signaal {i}")
    with CaptureQueriesContext(connection) as large:
        response = client.get("/signalen/")
    assert len(re.findall(r"/signalen/\d+/", response.content.decode())) == 21
    assert len(large.captured_queries) == len(small.captured_queries)


def test_near_duplicates_are_suggested_and_merged_by_a_person(client, chain):
    text = "Twee mannen kochten rubberboten en buitenboordmotoren, contant betaald in Vlissingen"
    first = _professional_signal(chain["kmar"], text=text)
    second = _professional_signal(chain["kmar"], text=text + " op zaterdag")
    unrelated = _professional_signal(chain["kmar"], text="Iets heel anders over werk in kassen")
    services.link_entity(actor=chain["kmar"], signal=first, kind="phone", value="0612345678")
    services.link_entity(actor=chain["kmar"], signal=unrelated, kind="phone", value="0612345678")
    client.force_login(chain["kmar"])
    page = client.get(f"/signalen/{second.pk}/").content.decode()
    assert first.reference in page and "vergelijkbare tekst" in page
    page = client.get(f"/signalen/{first.pk}/").content.decode()
    assert unrelated.reference in page and "zelfde +31612345678" in page
    # Nothing is merged until a person says so.
    assert Signal.objects.filter(status="merged").count() == 0
    response = client.post(f"/signalen/{second.pk}/samenvoegen/", {"into": first.pk})
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.status == "merged" and second.merged_into == first
    assert Deadline.objects.get(subject_id=str(second.pk), kind="signal_triage").cancelled_at


def test_statistics_compare_years_with_disclosure_control(client, chain, settings):
    from datetime import timedelta

    from ketenzicht.signals.models import Signal

    now = timezone.now()
    cat = Category.objects.get(code="smuggling-vessels")
    org = chain["kmar"].organisation
    made = []
    # 7 maritime reports in the last weeks this year, 2 last year in the same window.
    for years_back, n in ((0, 7), (1, 2)):
        for i in range(n):
            s = Signal.objects.create(
                reference=f"S-T-{years_back}-{i}",
                channel="maritime",
                category=cat,
                description="x",
                receiving_organisation=org,
            )
            made.append((s, now - timedelta(days=365 * years_back + i)))
    for s, when in made:
        Signal.objects.filter(pk=s.pk).update(received_at=when)
    client.force_login(chain["emm"])
    page = client.get("/signalen/cijfers/?what=channel:maritime&weeks=6")
    assert page.status_code == 200
    text = page.content.decode()
    recent = text[text.find("<tbody>") : text.find("</tbody>")]
    assert recent.endswith("<td>&lt; 5</td><td>7</td></tr>"), recent
    csv_text = client.get("/signalen/cijfers.csv?what=channel:maritime").content.decode()
    assert "< 5" in csv_text
    assert ",2," not in csv_text  # the small count never leaves the system
    client.force_login(chain["mentor"])
    assert client.get("/signalen/cijfers/").status_code == 403


def test_export_respects_handling_codes(client, chain):
    graded = []
    for code in ("H0", "H1", "H2", "H3"):
        s = _professional_signal(chain["kmar"], text=f"signaal {code}")
        services.triage_signal(
            actor=chain["kmar"],
            signal=s,
            source_reliability="B",
            information_validity="2",
            handling_code=code,
            tlp="amber",
        )
        graded.append(s)
    _professional_signal(chain["kmar"], text="nog niet gewaardeerd")
    client.force_login(chain["kmar"])
    text = client.get("/signalen/export.csv").content.decode()
    assert graded[0].reference in text and graded[1].reference in text
    assert graded[2].reference not in text and graded[3].reference not in text
    assert "3 signalen achtergehouden" in text
    from ketenzicht.audit.models import AuditEvent

    event = AuditEvent.objects.filter(action="export").latest("id")
    assert event.changes["after"] == {"rows": 2, "filters": {"withheld": 3}}
    client.force_login(chain["mentor"])
    assert client.get("/signalen/export.csv").status_code == 403


def test_beheerder_maintains_categories(client, chain):
    from tests.factories import UserFactory

    admin = UserFactory(role="beheerder")
    client.force_login(admin)
    response = client.post(
        "/signalen/categorieen/nieuw/",
        {
            "code": "smuggling-fuel",
            "label_nl": "Brandstof",
            "label_en": "Fuel",
            "parent": Category.objects.get(code="smuggling").pk,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    created = Category.objects.get(code="smuggling-fuel")
    # A second category with the same code gets a field error and nothing changes.
    response = client.post(
        "/signalen/categorieen/nieuw/", {"code": "smuggling-fuel", "label_nl": "x", "label_en": "x"}
    )
    assert response.status_code == 400
    assert "Er bestaat al een categorie met deze code." in response.content.decode()
    # A subcategory cannot be a parent.
    response = client.post(
        f"/signalen/categorieen/{created.pk}/",
        {
            "code": "smuggling-fuel",
            "label_nl": "Brandstof",
            "label_en": "Fuel",
            "parent": Category.objects.get(code="smuggling-vessels").pk,
            "is_active": "on",
        },
    )
    assert response.status_code == 400
    # Deactivated categories are no longer offered on the public form.
    client.post(
        f"/signalen/categorieen/{created.pk}/",
        {
            "code": "smuggling-fuel",
            "label_nl": "Brandstof",
            "label_en": "Fuel",
            "parent": Category.objects.get(code="smuggling").pk,
        },
    )
    client.logout()
    assert "Brandstof" not in client.get("/melden/algemeen/").content.decode()
    client.force_login(chain["kmar"])
    assert client.get("/signalen/categorieen/").status_code == 403


def test_entity_page_shows_linked_signals_and_persons_the_user_may_see(client, chain):
    from ketenzicht.people.models import IdentityRecord, Person
    from tests.factories import organisation

    person = Person.objects.create()
    IdentityRecord.objects.create(
        person=person, organisation=organisation("kmar"), given_names="Anh", family_name="Nguyen"
    )
    hidden = Person.objects.create()
    first = services.submit_professional_signal(
        actor=chain["kmar"],
        category=Category.objects.get(code="smuggling-recruitment"),
        description="Werving via groepsapp",
        person=person,
    )
    second = services.submit_professional_signal(
        actor=chain["kmar"],
        category=Category.objects.get(code="smuggling-recruitment"),
        description="Zelfde nummer in advertentie",
        person=hidden,
    )
    for s in (first, second):
        link = services.link_entity(
            actor=chain["kmar"], signal=s, kind="phone", value="06 12345678"
        )
    client.force_login(chain["kmar"])
    page = client.get(f"/signalen/entiteiten/{link.entity_id}/").content.decode()
    assert first.reference in page and second.reference in page
    assert "Anh Nguyen" in page  # KMar recorded this person
    assert f"/personen/{hidden.pk}/" not in page  # not visible to KMar
