"""Reading the person registry: search, the person page, a guardian's wards.

Every queryset here passes through `ketenzicht.access.enforce`; list and page
selectors load everything they show in a fixed number of queries (the tests
assert the counts), whatever the number of records, aliases or hits.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import (
    Case,
    Exists,
    F,
    FloatField,
    Func,
    IntegerField,
    Lookup,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.fields import CharField
from django.db.models.lookups import GreaterThanOrEqual
from django.utils import timezone

from ketenzicht.access.enforce import (
    allows_kind,
    can,
    get_visible_or_404,
    kind_of,
    redacted,
    visible_to,
)
from ketenzicht.access.policy import Action, grant_for
from ketenzicht.accounts.models import User
from ketenzicht.accounts.roles import Role

from . import age
from .models import (
    AgeInspection,
    AgeInvestigation,
    Alias,
    AsylumApplication,
    DatePrecision,
    EurodacHit,
    ForeignReference,
    Guardianship,
    IdentityDocument,
    IdentityRecord,
    Person,
    RegisteredAs,
)
from .names import name_tokens, search_key
from .services import clean_v_number

PAGE_SIZE = 50
# Trigram similarity from which a misspelt name counts as a match: a typo in
# one name ("Ngyuen Van Anh") stays above it, a different name does not.
FUZZY_MIN_SIMILARITY = 0.5


def _postgres() -> bool:
    return connection.vendor == "postgresql"


class _TrigramSimilar(Lookup):
    """`search_name % 'key'`: the pg_trgm operator the GIN index serves."""

    lookup_name = "trigram_similar"

    def as_sql(self, compiler, conn):
        lhs, lhs_params = self.process_lhs(compiler, conn)
        rhs, rhs_params = self.process_rhs(compiler, conn)
        return f"{lhs} %% {rhs}", (*lhs_params, *rhs_params)


class _TrigramSimilarity(Func):
    function = "SIMILARITY"
    output_field = FloatField()


for _model in (IdentityRecord, Alias):
    # Registered on these two fields only, not on every CharField of the project.
    _model._meta.get_field("search_name").register_lookup(_TrigramSimilar)


def visible_persons(user) -> QuerySet[Person]:
    return visible_to(user, Person.objects.all(), Action.LIST)


def of_visible_persons(user, queryset: QuerySet, action: Action = Action.LIST) -> QuerySet:
    """Rows of a person-owned kind, for persons the caller already fetched through the policy.

    When the role's scope for the kind is "of a visible person" and the caller
    restricts the rows to persons it obtained from `visible_persons` /
    `get_visible_or_404`, the scope's own subquery ("person in every person the
    user may see") adds nothing but cost: on PostgreSQL with a million persons
    it turns a 1 ms index lookup into a scan of the user's whole scope. Any
    other scope, or no grant, goes through `visible_to` as usual.
    """
    kind = kind_of(queryset.model)
    if allows_kind(user, action, kind):  # an active user whose role has the grant
        grant = grant_for(kind, user.role)
        if grant is not None and grant.scope_for(action) == "of_visible_person":
            return queryset
    return visible_to(user, queryset, action)


# --- partial dates of birth ------------------------------------------------------

_DOB_FORMATS = (
    (re.compile(r"^(\d{4})$"), "y"),
    (re.compile(r"^(\d{4})-(\d{1,2})$"), "ym"),
    (re.compile(r"^(\d{1,2})-(\d{4})$"), "my"),
    (re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"), "ymd"),
    (re.compile(r"^(\d{1,2})-(\d{1,2})-(\d{4})$"), "dmy"),
)


@dataclass(frozen=True)
class DobQuery:
    """A searched date of birth: a year, a month or a day."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> str:
        if self.day:
            return DatePrecision.FULL
        return DatePrecision.YEAR_MONTH if self.month else DatePrecision.YEAR

    def __str__(self) -> str:
        if self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"


def parse_dob_query(text: str) -> DobQuery | None:
    """'2008', '2008-05', '05-2008', '2008-05-14', '14-05-2008' (also with / or .).

    Raises ValueError for something that is not a possible date.
    """
    value = re.sub(r"[/.\s]", "-", (text or "").strip())
    if not value:
        return None
    for pattern, kind in _DOB_FORMATS:
        match = pattern.match(value)
        if not match:
            continue
        parts = [int(p) for p in match.groups()]
        if kind == "y":
            query = DobQuery(parts[0])
        elif kind == "ym":
            query = DobQuery(parts[0], parts[1])
        elif kind == "my":
            query = DobQuery(parts[1], parts[0])
        elif kind == "ymd":
            query = DobQuery(parts[0], parts[1], parts[2])
        else:
            query = DobQuery(parts[2], parts[1], parts[0])
        date(query.year, query.month or 1, query.day or 1)  # ValueError when impossible
        if query.year < 1900:
            raise ValueError(text)
        return query
    raise ValueError(text)


def _dob_q(query: DobQuery) -> Q:
    """Records whose claimed date of birth is compatible with the query at their precision."""
    year = (date(query.year, 1, 1), date(query.year, 12, 31))
    vague = Q(dob_precision=DatePrecision.YEAR) | Q(dob_is_placeholder=True)
    dated = ~Q(dob_precision=DatePrecision.UNKNOWN)
    if query.month is None:
        return dated & Q(date_of_birth__range=year)
    last = calendar.monthrange(query.year, query.month)[1]
    month = (date(query.year, query.month, 1), date(query.year, query.month, last))
    month_or_vaguer = (vague & Q(date_of_birth__range=year)) | (
        Q(dob_precision=DatePrecision.YEAR_MONTH) & Q(date_of_birth__range=month)
    )
    if query.day is None:
        return month_or_vaguer | (
            Q(dob_precision=DatePrecision.FULL, dob_is_placeholder=False)
            & Q(date_of_birth__range=month)
        )
    exact = date(query.year, query.month, query.day)
    return month_or_vaguer | Q(
        dob_precision=DatePrecision.FULL, dob_is_placeholder=False, date_of_birth=exact
    )


# --- search ----------------------------------------------------------------------


def _with_list_data(user, persons: QuerySet[Person]) -> QuerySet[Person]:
    """What a person row shows, in four extra queries whatever the page holds.

    Identity records (with organisation), the open placement (with location)
    when the role may see placements, and the age facts (inspections,
    investigations, an adult Eurodac registration) behind the derived age status.
    """
    from ketenzicht.reception.models import Placement

    records = of_visible_persons(
        user, IdentityRecord.objects.select_related("organisation")
    ).order_by("recorded_at", "id")
    placements = of_visible_persons(
        user,
        Placement.objects.filter(ended_at__isnull=True).select_related("location"),
        Action.LIST,
    ).order_by("-planned_arrival", "id")
    adult_eurodac = EurodacHit.objects.filter(
        person_id=OuterRef("pk"), registered_as=RegisteredAs.ADULT
    )
    return persons.annotate(has_adult_eurodac=Exists(adult_eurodac)).prefetch_related(
        Prefetch("identity_records", queryset=records, to_attr="visible_records"),
        Prefetch("placements", queryset=placements, to_attr="open_placements"),
        # The derived age status is shown to everyone who may see the person;
        # it is computed from all age facts, whose details follow their own policy.
        Prefetch(
            "age_inspections",
            queryset=AgeInspection.objects.only("id", "person_id", "inspected_on", "outcome"),
            to_attr="age_inspection_facts",
        ),
        Prefetch(
            "age_investigations",
            queryset=AgeInvestigation.objects.only(
                "id", "person_id", "started_on", "concluded_on", "outcome"
            ),
            to_attr="age_investigation_facts",
        ),
    )


def age_status_of(person: Person, *, records=None, today: date | None = None) -> age.AgeStatus:
    """The derived age status from what `_with_list_data` or `person_page` loaded."""
    records = records if records is not None else getattr(person, "visible_records", [])
    return age.derive_age_status(
        claims=[
            age.Claim(r.date_of_birth, r.dob_precision, r.dob_is_placeholder, r.organisation.name)
            for r in records
        ],
        inspections=[
            age.Inspection(i.inspected_on, i.outcome) for i in person.age_inspection_facts
        ],
        investigations=[
            age.Investigation(i.started_on, i.concluded_on, i.outcome)
            for i in person.age_investigation_facts
        ],
        eurodac_adult=bool(getattr(person, "has_adult_eurodac", False)),
        today=today or timezone.localdate(),
    )


@dataclass
class PersonRow:
    """One line of a person list."""

    person: Person
    records: list[IdentityRecord]
    placement: object | None
    age_status: age.AgeStatus

    @property
    def names(self) -> list[str]:
        seen: list[str] = []
        for r in self.records:
            if r.display_name not in seen:
                seen.append(r.display_name)
        return seen

    @property
    def primary(self) -> IdentityRecord | None:
        return self.records[0] if self.records else None


def to_rows(persons) -> list[PersonRow]:
    today = timezone.localdate()
    return [
        PersonRow(
            person=p,
            records=p.visible_records,
            placement=(p.open_placements[0] if p.open_placements else None),
            age_status=age_status_of(p, today=today),
        )
        for p in persons
    ]


@dataclass
class SearchResult:
    page: Page
    rows: list[PersonRow]
    searched: bool
    fuzzy: bool = False  # found by similar spelling only
    capped: bool = False  # more matches than COUNT_CAP


def _person_ids(model, condition: Q) -> QuerySet:
    return model.objects.filter(condition).order_by().values("person_id")


@dataclass(frozen=True)
class _Match:
    """The conditions of a text query, on an identity record or an alias row."""

    exact: Q | None  # V-number or organisation number (records only)
    names: Q | None  # every name token starts a token of the same row
    fuzzy: Q | None  # PostgreSQL: trigram-similar name (typos)

    def on_records(self) -> Q:
        return _any(self.exact, self.names, self.fuzzy)

    def on_aliases(self) -> Q:
        return _any(self.names, self.fuzzy)


def _any(*conditions: Q | None) -> Q:
    result = Q(pk__in=[])
    for condition in conditions:
        if condition is not None:
            result |= condition
    return result


def _match(q: str) -> _Match:
    exact = None
    if any(ch.isdigit() for ch in q):
        number = clean_v_number(q)
        exact = Q(v_number=number) | Q(org_number=q.strip())
    tokens = sorted(set(name_tokens(q)))
    names = None
    if tokens:
        # " token" matches the start of a token in " a b c " (see names.search_key).
        names = Q()
        for token in tokens:
            names &= Q(search_name__contains=f" {token}")
    fuzzy = None
    if tokens and _postgres():
        key = search_key(q)
        # `%` (pg_trgm threshold 0.3) lets the GIN index find candidates; the
        # stricter similarity keeps "Nguyen Mohammed" from matching every Nguyen.
        fuzzy = Q(search_name__trigram_similar=key) & Q(
            GreaterThanOrEqual(
                _TrigramSimilarity(F("search_name"), Value(key)), FUZZY_MIN_SIMILARITY
            )
        )
    return _Match(exact=exact, names=names, fuzzy=fuzzy)


def search_queryset(
    user,
    *,
    q: str = "",
    dob: DobQuery | None = None,
    nationality: str | None = None,
    location_id: int | None = None,
    fuzzy: bool = False,
) -> QuerySet[Person]:
    """`matching_persons` with what a result row shows (see `_with_list_data`)."""
    return _with_list_data(
        user,
        matching_persons(
            user, q=q, dob=dob, nationality=nationality, location_id=location_id, fuzzy=fuzzy
        ),
    )


def matching_persons(
    user,
    *,
    q: str = "",
    dob: DobQuery | None = None,
    nationality: str | None = None,
    location_id: int | None = None,
    fuzzy: bool = False,
) -> QuerySet[Person]:
    """Persons the user may list, matching every given criterion, best match first.

    V-number and organisation numbers match exactly and rank first. Names: every
    query token must start a token of one identity record or one alias of the
    person (diacritic-, transliteration- and order-free: each organisation's
    name as one unit). With `fuzzy` (PostgreSQL only) names match by trigram
    similarity instead, ranked by it: the fallback for misspelt names.
    """
    persons = visible_persons(user)
    q = (q or "").strip()
    order: list = ["-pk"]
    record_filter = Q()
    if dob is not None:
        record_filter &= _dob_q(dob)
    if nationality:
        record_filter &= Q(nationality=nationality)
    has_record_filter = dob is not None or bool(nationality)
    if q:
        match = _match(q)
        records = match.fuzzy if fuzzy else _any(match.exact, match.names)
        aliases = match.fuzzy if fuzzy else _any(match.names)
        # One subquery of matching person ids (records UNION aliases), so the
        # database drives the search from the few rows the b-tree and trigram
        # indexes find, never from the whole register. A date of birth or
        # nationality must be on the record whose name matched (an alias: on
        # any record of the person).
        alias_rows = Alias.objects.filter(aliases or Q(pk__in=[]))
        if has_record_filter:
            alias_rows = alias_rows.filter(person_id__in=_person_ids(IdentityRecord, record_filter))
        matching = _person_ids(IdentityRecord, (records or Q(pk__in=[])) & record_filter).union(
            alias_rows.order_by().values("person_id")
        )
        persons = persons.filter(pk__in=matching)
        if fuzzy and match.fuzzy is not None:
            best = (
                IdentityRecord.objects.filter(person_id=OuterRef("pk"))
                .annotate(sim=_TrigramSimilarity(F("search_name"), Value(search_key(q))))
                .order_by("-sim")
                .values("sim")[:1]
            )
            persons = persons.annotate(similarity=Subquery(best, output_field=FloatField()))
            order = [F("similarity").desc(nulls_last=True), "-pk"]
        elif match.exact is not None:
            # Only a query with digits can hit a number; only then is there a rank.
            exact = IdentityRecord.objects.filter(match.exact, person_id=OuterRef("pk"))
            persons = persons.annotate(
                match_rank=Case(
                    When(Exists(exact), then=Value(0)),
                    default=Value(1),
                    output_field=IntegerField(),
                )
            )
            order = ["match_rank", "-pk"]
    elif has_record_filter:
        persons = persons.filter(pk__in=_person_ids(IdentityRecord, record_filter))
    if location_id:
        from ketenzicht.reception.models import Placement

        at_location = visible_to(
            user,
            Placement.objects.filter(location_id=location_id, ended_at__isnull=True),
            Action.LIST,
        )
        persons = persons.filter(pk__in=at_location.values("person_id"))
    return persons.order_by(*order)


def use_fuzzy_fallback(q: str) -> bool:
    """Trigram search runs only when the strict search found nobody, on PostgreSQL.

    It sets pg_trgm's similarity threshold for this connection so the GIN index
    itself discards weak candidates (the default 0.3 lets through every name
    that shares a common family name).
    """
    if not (q and name_tokens(q) and _postgres()):
        return False
    with connection.cursor() as cursor:
        cursor.execute("SET pg_trgm.similarity_threshold = %s", [FUZZY_MIN_SIMILARITY])
    return True


class CappedPaginator(Paginator):
    """Counts at most COUNT_CAP + 1 rows: "more than 1,000" is all a searcher needs."""

    COUNT_CAP = 1000

    @property
    def count(self) -> int:
        if not hasattr(self, "_capped_count"):
            ids = self.object_list.order_by().values("pk")[: self.COUNT_CAP + 1]
            self._capped_count = ids.count()
        return self._capped_count

    @property
    def capped(self) -> bool:
        return self.count > self.COUNT_CAP


def search_persons(
    user,
    *,
    q: str = "",
    dob: DobQuery | None = None,
    nationality: str | None = None,
    location_id: int | None = None,
    page: int | str = 1,
) -> SearchResult:
    """One page (50) of the matching persons, as rows.

    Six queries whatever the page holds: the ranked ids of all matches (at most
    COUNT_CAP + 1, so the index search runs once, not once for the count and
    again for the page), the page's persons, then identity records, open
    placements, inspections and investigations (five when the role may not see
    placements: that prefetch is empty without a query). When the strict search
    finds nobody on PostgreSQL, the trigram fallback adds two (the threshold
    setting and its own ids).
    """
    criteria = {"q": q, "dob": dob, "nationality": nationality, "location_id": location_id}
    cap = CappedPaginator.COUNT_CAP

    def ranked_ids(fuzzy: bool) -> list[int]:
        found = matching_persons(user, **criteria, fuzzy=fuzzy).values_list("pk", flat=True)
        return list(found[: cap + 1])

    ids, fuzzy = ranked_ids(False), False
    if not ids and use_fuzzy_fallback(q):
        ids, fuzzy = ranked_ids(True), True
    page_obj = Paginator(ids[:cap], PAGE_SIZE).get_page(page)
    page_ids = list(page_obj.object_list)
    # Fetched again through the policy (cheap for 50 ids) and put back in rank order.
    persons = {
        p.pk: p for p in _with_list_data(user, visible_persons(user).filter(pk__in=page_ids))
    }
    rows = to_rows([persons[pk] for pk in page_ids if pk in persons]) if page_ids else []
    return SearchResult(
        page=page_obj,
        rows=rows,
        searched=bool(q or dob or nationality or location_id),
        fuzzy=fuzzy,
        capped=len(ids) > cap,
    )


# --- wards -------------------------------------------------------------------------

WARD_SORTS = {
    "name": ("sort_name", "pk"),
    "-name": ("-sort_name", "-pk"),
    "since": ("ward_since", "pk"),
    "-since": ("-ward_since", "-pk"),
    "dob": ("sort_dob", "pk"),
    "-dob": ("-sort_dob", "-pk"),
}
DEFAULT_WARD_SORT = "name"


def wards_of(user, *, sort: str = DEFAULT_WARD_SORT, page: int | str = 1) -> SearchResult:
    """The voogd's own current wards, sortable by name, date of birth or start of guardianship."""
    current = Guardianship.objects.filter(
        voogd_id=user.pk, ended_on__isnull=True, person_id=OuterRef("pk")
    )
    first_record = IdentityRecord.objects.filter(person_id=OuterRef("pk")).order_by(
        "recorded_at", "id"
    )
    persons = (
        visible_persons(user)
        .filter(Exists(current))
        .annotate(
            ward_since=Subquery(current.order_by("started_on").values("started_on")[:1]),
            sort_name=Subquery(first_record.values("family_name")[:1], output_field=CharField()),
            sort_dob=Subquery(first_record.values("date_of_birth")[:1]),
        )
    )
    order = WARD_SORTS.get(sort, WARD_SORTS[DEFAULT_WARD_SORT])
    persons = _with_list_data(user, persons.order_by(*order))
    page_obj = Paginator(persons, PAGE_SIZE).get_page(page)
    return SearchResult(page=page_obj, rows=to_rows(page_obj.object_list), searched=False)


# --- the person page -----------------------------------------------------------------

SECTION_KINDS = {
    "documents": "people.identitydocument",
    "eurodac_hits": "people.eurodachit",
    "foreign_references": "people.foreignreference",
}


@dataclass
class PersonPage:
    person: Person
    records: list[IdentityRecord]
    aliases: list[Alias]
    asylum_applications: list[AsylumApplication]
    inspections: list[AgeInspection]
    investigations: list[AgeInvestigation]
    guardianships: list[Guardianship]
    placement: object | None
    age_status: age.AgeStatus
    # None: the section is not shown to this role (policy or redaction).
    documents: list[IdentityDocument] | None = None
    eurodac_hits: list[EurodacHit] | None = None
    foreign_references: list[ForeignReference] | None = None
    hidden_sections: list[str] = field(default_factory=list)
    can_view_log: bool = False

    @property
    def current_guardianship(self) -> Guardianship | None:
        return next((g for g in self.guardianships if g.ended_on is None), None)

    @property
    def open_investigation(self) -> AgeInvestigation | None:
        return next((i for i in self.investigations if i.concluded_on is None), None)


def _listed(user, qs: QuerySet) -> list:
    # Every caller filters on the person just fetched through the policy.
    return list(of_visible_persons(user, qs, Action.VIEW))


def person_page(user, pk) -> PersonPage:
    """Everything the person page shows, in a fixed number of queries.

    One query each for: the person, identity records, aliases, asylum
    applications, age inspections, age investigations, guardianships, the open
    placement, and "may see who viewed"; plus one per identity-detail section
    (documents, Eurodac hits, foreign references) the role may see, and one for
    the adult-Eurodac fact when the role may not see Eurodac hits themselves.
    Sections the policy does not grant cost no query at all.
    """
    from ketenzicht.reception.models import Placement

    person = get_visible_or_404(user, Person.objects.all(), pk)
    hidden = redacted(user, "people.person")
    of_person = {"person_id": person.pk}
    records = _listed(
        user,
        IdentityRecord.objects.filter(**of_person)
        .select_related("organisation", "recorded_by")
        .order_by("recorded_at", "id"),
    )
    page = PersonPage(
        person=person,
        records=records,
        aliases=_listed(user, Alias.objects.filter(**of_person).select_related("organisation")),
        asylum_applications=_listed(
            user, AsylumApplication.objects.filter(**of_person).select_related("organisation")
        ),
        inspections=_listed(
            user,
            AgeInspection.objects.filter(**of_person).select_related(
                "ind_officer__organisation", "avim_officer__organisation"
            ),
        ),
        investigations=_listed(
            user, AgeInvestigation.objects.filter(**of_person).select_related("organisation")
        ),
        guardianships=_listed(
            user, Guardianship.objects.filter(**of_person).select_related("voogd")
        ),
        placement=of_visible_persons(
            user,
            Placement.objects.filter(**of_person, ended_at__isnull=True).select_related("location"),
            Action.VIEW,
        )
        .order_by("-planned_arrival", "-id")
        .first(),
        age_status=age.AgeStatus(age.Minor.UNDETERMINED, age.Rule.NOTHING_KNOWN),
    )
    for section, kind in SECTION_KINDS.items():
        if section in hidden or not allows_kind(user, Action.VIEW, kind):
            page.hidden_sections.append(section)
            continue
        model = {
            "documents": IdentityDocument,
            "eurodac_hits": EurodacHit,
            "foreign_references": ForeignReference,
        }[section]
        setattr(
            page,
            section,
            _listed(user, model.objects.filter(**of_person).select_related("organisation")),
        )
    if page.eurodac_hits is not None:
        eurodac_adult = any(h.registered_as == RegisteredAs.ADULT for h in page.eurodac_hits)
    else:
        eurodac_adult = EurodacHit.objects.filter(
            **of_person, registered_as=RegisteredAs.ADULT
        ).exists()
    person.has_adult_eurodac = eurodac_adult
    # Age facts the role may not list still count for the derived status.
    person.age_inspection_facts = page.inspections
    person.age_investigation_facts = page.investigations
    if not allows_kind(user, Action.VIEW, "people.ageinspection"):
        person.age_inspection_facts = list(AgeInspection.objects.filter(**of_person))
    if not allows_kind(user, Action.VIEW, "people.ageinvestigation"):
        person.age_investigation_facts = list(AgeInvestigation.objects.filter(**of_person))
    page.age_status = age_status_of(person, records=records)
    page.can_view_log = can(user, Action.VIEW_LOG, "people.person", person)
    # The timeline provider reuses what is loaded here instead of querying again.
    person.loaded_page = page
    return page


# --- choices for forms ---------------------------------------------------------------


def officers(roles) -> QuerySet[User]:
    """Active officers who can sign an age inspection or hold a guardianship.

    A directory of names for a select list, not person-level data, so it is not
    filtered by the person policy; only id and name are used.
    """
    return (
        User.objects.filter(is_active=True, role__in=list(roles))
        .select_related("organisation")
        .only("id", "first_name", "last_name", "username", "role", "organisation__name")
        .order_by("last_name", "first_name", "id")
    )


def ind_officers() -> QuerySet[User]:
    return officers([Role.IND_MEDEWERKER])


def avim_officers() -> QuerySet[User]:
    return officers([Role.AVIM_RECHERCHEUR, Role.IR_OFFICER])


def voogden() -> QuerySet[User]:
    return officers([Role.VOOGD])


def visible_locations(user) -> QuerySet:
    from ketenzicht.reception.models import Location

    return visible_to(user, Location.objects.all(), Action.LIST).order_by("name")


def visible_record_for_update(user, pk) -> IdentityRecord:
    return get_visible_or_404(
        user,
        IdentityRecord.objects.select_related("person", "organisation"),
        pk,
        Action.UPDATE,
    )


def visible_person(user, pk) -> Person:
    return get_visible_or_404(user, Person.objects.all(), pk)


def visible_investigation_for_update(user, pk) -> AgeInvestigation:
    return get_visible_or_404(
        user, AgeInvestigation.objects.select_related("person"), pk, Action.UPDATE
    )


def visible_guardianship_for_update(user, pk) -> Guardianship:
    return get_visible_or_404(
        user, Guardianship.objects.select_related("person", "voogd"), pk, Action.UPDATE
    )
