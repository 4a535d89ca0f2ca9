"""Synthetic signals for the demo chain (called by `manage.py demo`).

Generated, never hand-written: yearly volumes per channel grow or shrink from
seeded parameters, maritime reports cluster in spring and summer (the crossing
season), a share of signals shares a phone or a plate with earlier ones, and
the workflow state follows the age of the signal. Deterministic for a seed.
"""

import random
from datetime import UTC, date, datetime, timedelta

from django.db import transaction

from ketenzicht.accounts.models import Organisation, Unit
from ketenzicht.audit import services as audit
from ketenzicht.audit.events import AuditAction
from ketenzicht.deadlines.models import Deadline

from .models import (
    AssessmentOutcome,
    Category,
    Channel,
    Entity,
    Investigation,
    OMAssessment,
    Sector,
    Signal,
    SignalEntity,
    SignalStatus,
)
from .normalise import normalise

# Expected reports per year (first year) and yearly growth factor, per channel.
VOLUMES = {
    Channel.PROFESSIONAL: (60, 1.05),
    Channel.PUBLIC: (25, 1.10),
    Channel.MARITIME: (6, 1.35),  # newly asked of the sector: grows from a low base
    Channel.MONITORING: (15, 1.20),
}
SEASON = [0.5, 0.5, 0.8, 1.1, 1.4, 1.5, 1.5, 1.4, 1.2, 0.9, 0.6, 0.5]  # crossings, by month
MARITIME_TEXT = [
    "Koper wilde {n} rubberboten en buitenboordmotoren, betaalde contant en wilde geen bon.",
    "Twee mannen kochten {n} jerrycans en reddingsvesten, vroegen naar de kust bij Duinkerken.",
    "Bestelling van {n} motoren van 40 pk, afgeleverd bij een loods zonder bedrijfsnaam.",
]
OTHER_TEXT = {
    "trafficking-labour": "Werknemers slapen op het terrein en leveren paspoorten in bij de baas.",
    "trafficking-sexual": "Jonge vrouw wordt 's nachts opgehaald en gebracht.",
    "trafficking-criminal": "Minderjarige wordt ingezet voor drugstransport, schuld bij de werver.",
    "smuggling-recruitment": "Advertentie op sociale media: overtocht naar het VK.",
    "smuggling-transport": "Busje met veel passagiers 's nachts bij parkeerplaats langs de A16.",
    "smuggling-documents": "Vals paspoort aangeboden in groepschat, foto's van lege documenten.",
    "departures": "Amv vertelt medebewoners dat hij binnenkort wordt opgehaald naar Engeland.",
}
# Fragments that make every generated description different, as real reports are.
DETAILS = [
    "Het ging om {n} personen.",
    "Rond {hour} uur.",
    "Een van hen sprak Engels.",
    "Er werd contant betaald.",
    "Kenteken niet helemaal gezien.",
    "Ze leken gehaast.",
    "Een vrouw bleef in de auto wachten.",
    "Er werd over de kust gesproken.",
    "De melder kent de persoon van eerder.",
    "Foto's zijn gemaakt.",
    "Het adres is een bedrijfspand.",
    "Er waren kinderen bij.",
    "Een tolk was niet nodig.",
    "De telefoon ging steeds.",
    "Ze vroegen naar het weerbericht voor zee.",
]
PLACES = [
    "Vlissingen",
    "Breskens",
    "IJmuiden",
    "Rotterdam",
    "Ter Apel",
    "Budel",
    "Venlo",
    "Amsterdam",
    "Zeebrugge",
    "Hoek van Holland",
]


def _phone(rng: random.Random) -> str:
    while True:  # not every 06 number range is issued; draw until a valid one
        candidate = f"+316{rng.randint(10000000, 99999999)}"
        try:
            return normalise("phone", candidate)
        except ValueError:
            continue


def _plate(rng: random.Random) -> str:
    letters = "BDFGHJKLNPRSTVXZ"
    middle = "".join(rng.choice(letters) for _ in range(3))
    return f"{rng.randint(10, 99)}-{middle}-{rng.randint(1, 9)}"


def generate(
    *, seed: int, first_year: int = 2019, last_year: int | None = None, today: date | None = None
) -> int:
    """Create the synthetic signals; returns how many. Idempotent per reference."""
    rng = random.Random(seed)
    today = today or date.today()
    last_year = last_year or today.year
    categories = {c.code: c for c in Category.objects.all()}
    kmar = Organisation.objects.get(kind="kmar")
    politie = Organisation.objects.get(kind="politie")
    om = Organisation.objects.get(kind="om")
    teams = list(Unit.objects.filter(organisation__kind__in=("kmar", "politie")))
    phones = [_phone(rng) for _ in range(40)]
    plates = [_plate(rng) for _ in range(25)]
    signals: list[Signal] = []
    links: list[tuple[int, str, str]] = []
    for year in range(first_year, last_year + 1):
        for channel, (base, growth) in VOLUMES.items():
            expected = base * growth ** (year - first_year)
            for month in range(1, 13):
                if date(year, month, 1) > today:
                    break
                lam = expected / 12 * (SEASON[month - 1] if channel == Channel.MARITIME else 1)
                count = sum(
                    1 for _ in range(int(lam * 3) + 3) if rng.random() < lam / (int(lam * 3) + 3)
                )
                for _ in range(count):
                    day = rng.randint(1, 28)
                    received = datetime(
                        year, month, day, rng.randint(7, 22), rng.randint(0, 59), tzinfo=UTC
                    )
                    if received.date() > today:
                        continue
                    if channel == Channel.MARITIME:
                        code, sector = "smuggling-vessels", Sector.MARITIME
                        text = rng.choice(MARITIME_TEXT).format(n=rng.randint(2, 8))
                    else:
                        code = rng.choice(list(OTHER_TEXT))
                        sector = Sector.ONLINE if code == "smuggling-recruitment" else ""
                        text = OTHER_TEXT[code]
                    extra = rng.sample(DETAILS, k=rng.randint(2, 4))
                    text = " ".join([text, *extra]).format(
                        n=rng.randint(2, 9), hour=rng.randint(6, 23)
                    )
                    category = categories[code]
                    root = category.parent.code if category.parent_id else category.code
                    receiver = (
                        kmar if channel == Channel.MARITIME or root == "smuggling" else politie
                    )
                    age_days = (today - received.date()).days
                    status = (
                        SignalStatus.RECEIVED
                        if age_days < 2
                        else SignalStatus.FOR_ASSESSMENT
                        if age_days < 15
                        else SignalStatus.ASSESSED
                    )
                    graded = status != SignalStatus.RECEIVED
                    signal = Signal(
                        reference=f"S-{year}-{len(signals) + 1:06d}",
                        channel=channel,
                        sector=sector,
                        category=category,
                        description=text,
                        occurred_on=received.date() - timedelta(days=rng.randint(0, 3)),
                        place=rng.choice(PLACES),
                        status=status,
                        receiving_organisation=receiver,
                        source_reliability=rng.choice("ABBC") if graded else "",
                        information_validity=rng.choice("1223") if graded else "",
                        handling_code=rng.choice(["H0", "H0", "H1", "H2"]),
                        tlp=rng.choice(["green", "amber", "amber"]),
                    )
                    signal._received = received
                    signals.append(signal)
                    if rng.random() < 0.35:
                        links.append((len(signals) - 1, "phone", rng.choice(phones)))
                    if channel == Channel.MARITIME and rng.random() < 0.5:
                        links.append((len(signals) - 1, "vehicle", rng.choice(plates)))
    with transaction.atomic():
        existing = set(
            Signal.objects.filter(reference__in=[s.reference for s in signals]).values_list(
                "reference", flat=True
            )
        )
        new = [s for s in signals if s.reference not in existing]
        Signal.objects.bulk_create(new, batch_size=1000)
        by_ref = {
            s.reference: s for s in Signal.objects.filter(reference__in=[s.reference for s in new])
        }
        # received_at is auto_now_add: set the generated moments afterwards.
        for s in new:
            by_ref[s.reference].received_at = s._received
        Signal.objects.bulk_update(list(by_ref.values()), ["received_at"], batch_size=1000)
        entities = {}
        for kind, value in {(k, v) for _i, k, v in links}:
            key = normalise(kind, value)
            entities[(kind, value)] = Entity.objects.get_or_create(
                kind=kind, key=key, defaults={"display": value}
            )[0]
        SignalEntity.objects.bulk_create(
            [
                SignalEntity(signal=by_ref[signals[i].reference], entity=entities[(k, v)])
                for i, k, v in links
                if signals[i].reference in by_ref
            ],
            ignore_conflicts=True,
            batch_size=1000,
        )
        investigations = (
            [
                Investigation.objects.get_or_create(
                    name=name, defaults={"team": rng.choice(teams)}
                )[0]
                for name in ("Onderzoek Golfslag", "Onderzoek Zandbank", "Onderzoek Kustlicht")
            ]
            if teams
            else []
        )
        from ketenzicht.accounts.models import User

        prosecutor = User.objects.filter(role="officier_van_justitie").first()
        assessments, deadlines = [], []
        for s in by_ref.values():
            if s.status == SignalStatus.RECEIVED:
                deadlines.append(
                    Deadline(
                        subject_kind="signals.signal",
                        subject_id=str(s.pk),
                        kind="signal_triage",
                        title=f"Signaal {s.reference} triëren",
                        organisation=s.receiving_organisation,
                        due_at=s.received_at + timedelta(hours=24),
                        url=f"/signalen/{s.pk}/",
                    )
                )
            elif s.status == SignalStatus.FOR_ASSESSMENT:
                deadlines.append(
                    Deadline(
                        subject_kind="signals.signal",
                        subject_id=str(s.pk),
                        kind="signal_om_assessment",
                        organisation=om,
                        title=f"Signaal {s.reference} beoordelen op opsporingsindicaties",
                        due_at=s.received_at + timedelta(days=15),
                        url=f"/signalen/{s.pk}/",
                    )
                )
            elif prosecutor is not None:
                outcome = rng.choice(
                    [
                        AssessmentOutcome.NO_LEADS,
                        AssessmentOutcome.NO_LEADS,
                        AssessmentOutcome.EXISTING,
                    ]
                )
                assessments.append(
                    OMAssessment(
                        signal=s,
                        prosecutor=prosecutor,
                        outcome=outcome,
                        reasons="Beoordeeld op basis van de beschikbare informatie.",
                        investigation=rng.choice(investigations)
                        if outcome == AssessmentOutcome.EXISTING and investigations
                        else None,
                    )
                )
        Deadline.objects.bulk_create(deadlines, batch_size=1000)
        OMAssessment.objects.bulk_create(assessments, batch_size=1000, ignore_conflicts=True)
        # One audit event for the whole generated set: it is one system action.
        audit.record(
            actor=None,
            actor_label="demo",
            action=AuditAction.CREATE,
            object_kind="signals.signal",
            changes={"after": {"generated": len(new), "seed": seed}},
        )
    return len(new)
