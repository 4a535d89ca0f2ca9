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
    BigIntegerField,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    Lookup,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.fields import CharField
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
    NameToken,
    NameTokenVocabulary,
    Person,
    RegisteredAs,
)
from .names import name_tokens
from .services import clean_v_number

PAGE_SIZE = 50
# Per token, the trigram similarity from which a misspelt name token counts as
# a match when no token one typo away exists (PostgreSQL; longer names with two
# slips, "Abdulrahmann" / "Abdurahman").
FUZZY_MIN_SIMILARITY = 0.5
# Query tokens shorter than this are never corrected: one edit away from "an"
# is half the vocabulary.
TYPO_MIN_LENGTH = 3
# A prefix matching more vocabulary tokens than this reads its b-tree range of
# postings instead of an IN list.
IN_LIST_MAX = 200
# Letters and digits a folded token can contain (names.fold_token maps e, j, o,
# q, w and y away), for the one-typo variants of a query token.
_FOLDED_LETTERS = "abcdfghiklmnprstuvxz"
_DIGITS = "0123456789"


def _postgres() -> bool:
    return connection.vendor == "postgresql"


class _TrigramSimilar(Lookup):
    """`token % 'text'`: the pg_trgm operator the vocabulary's GIN index serves."""

    lookup_name = "trigram_similar"

    def as_sql(self, compiler, conn):
        lhs, lhs_params = self.process_lhs(compiler, conn)
        rhs, rhs_params = self.process_rhs(compiler, conn)
        return f"{lhs} %% {rhs}", (*lhs_params, *rhs_params)


class _TrigramSimilarity(Func):
    function = "SIMILARITY"
    output_field = FloatField()


# Registered on this field only, not on every CharField of the project.
NameTokenVocabulary._meta.get_field("token").register_lookup(_TrigramSimilar)


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


# --- names: the token index (ADR 0011) -------------------------------------------


def _prefix_end(prefix: str) -> str | None:
    """The smallest token after every token starting with `prefix` (tokens are [0-9a-z]).

    With it a prefix is a b-tree range (`token >= prefix AND token < end`) in
    any collation that sorts digits before letters, as C and the usual locales
    do for these characters.
    """
    while prefix:
        last = prefix[-1]
        if last == "9":
            return prefix[:-1] + "a"
        if last < "z":
            return prefix[:-1] + chr(ord(last) + 1)
        prefix = prefix[:-1]
    return None


def _prefix_q(prefix: str) -> Q:
    end = _prefix_end(prefix)
    return Q(token__gte=prefix) & (Q(token__lt=end) if end else Q())


def _one_typo_away(token: str) -> set[str]:
    """Every string one deletion, transposition, substitution or insertion away."""
    alphabet = _FOLDED_LETTERS + (_DIGITS if any(c.isdigit() for c in token) else "")
    splits = [(token[:i], token[i:]) for i in range(len(token) + 1)]
    variants = {a + b[1:] for a, b in splits if b}
    variants |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    variants |= {a + c + b[1:] for a, b in splits if b for c in alphabet}
    variants |= {a + c + b for a, b in splits for c in alphabet}
    variants.discard(token)
    return {v for v in variants if v}


@dataclass(frozen=True)
class TokenMatch:
    """The vocabulary tokens one folded query token stands for."""

    query: str
    tokens: frozenset[str]
    frequency: int  # postings of those tokens: the rarest query token drives the search
    prefix: bool = True  # exactly the tokens starting with `query` (a b-tree range)

    def postings(self) -> Q:
        if len(self.tokens) == 1:
            return Q(token=next(iter(self.tokens)))
        if self.prefix and len(self.tokens) > IN_LIST_MAX:
            return _prefix_q(self.query)
        return Q(token__in=sorted(self.tokens))


@dataclass(frozen=True)
class NameMatch:
    """A query's name tokens resolved against the vocabulary."""

    matches: tuple[TokenMatch, ...] = ()
    fuzzy: bool = False

    @property
    def tokens(self) -> tuple[str, ...]:
        return tuple(m.query for m in self.matches)

    @property
    def possible(self) -> bool:
        """Every query token stands for at least one token somebody's name has."""
        return bool(self.matches) and all(m.tokens for m in self.matches)


def _vocabulary(condition: Q) -> list[tuple[str, int]]:
    return list(NameTokenVocabulary.objects.filter(condition).values_list("token", "frequency"))


def name_match(q: str) -> NameMatch:
    """Each folded query token with the vocabulary tokens it starts (one query).

    "Ngu" stands for every token starting with "ngu"; a token nobody has leaves
    the match impossible, so the search can skip straight to the fallback.
    """
    tokens = sorted(set(name_tokens(q or "")))
    if not tokens:
        return NameMatch()
    condition = Q(pk__in=[])
    for token in tokens:
        condition |= _prefix_q(token) & Q(token__startswith=token)
    found = _vocabulary(condition)
    matches = []
    for token in tokens:
        hits = [(t, n) for t, n in found if t.startswith(token)]
        matches.append(
            TokenMatch(token, frozenset(t for t, _n in hits), sum(max(n, 0) for _t, n in hits))
        )
    return NameMatch(tuple(matches))


def fuzzy_name_match(strict: NameMatch) -> NameMatch:
    """The fallback for misspelt names, from the vocabulary only (one query).

    Query tokens that start no token are replaced by the tokens one typo away
    (a letter missing, extra or wrong, or two letters swapped), on every
    database; on PostgreSQL, when none is one typo away, by trigram-similar
    tokens (similarity >= FUZZY_MIN_SIMILARITY). When every token exists but no
    single name has them all, each token may also be one typo off. Tokens
    shorter than TYPO_MIN_LENGTH are never corrected.
    """
    unknown = [m for m in strict.matches if not m.tokens]
    to_correct = [m for m in (unknown or strict.matches) if len(m.query) >= TYPO_MIN_LENGTH]
    if not to_correct or len(to_correct) < len(unknown):
        return NameMatch(strict.matches, fuzzy=True)  # an uncorrectable token: impossible
    variants = {m.query: _one_typo_away(m.query) for m in to_correct}
    condition = Q(token__in=sorted(set().union(*variants.values())))
    similarity = {}
    if _postgres():
        for i, m in enumerate(to_correct):
            condition |= Q(token__trigram_similar=m.query)
            similarity[m.query] = f"sim_{i}"
    rows = NameTokenVocabulary.objects.filter(condition)
    if similarity:
        rows = rows.annotate(
            **{
                name: _TrigramSimilarity(F("token"), Value(query))
                for query, name in similarity.items()
            }
        )
    found = list(rows.values("token", "frequency", *similarity.values()))
    corrected = {}
    for m in to_correct:
        near = [r for r in found if r["token"] in variants[m.query]]
        if not near and m.query in similarity:
            name = similarity[m.query]
            near = [r for r in found if r[name] >= FUZZY_MIN_SIMILARITY]
        tokens = set(m.tokens) | {r["token"] for r in near}
        frequency = m.frequency + sum(max(r["frequency"], 0) for r in near)
        corrected[m.query] = TokenMatch(m.query, frozenset(tokens), frequency, prefix=False)
    return NameMatch(
        tuple(corrected.get(m.query, m) for m in strict.matches),
        fuzzy=True,
    )


def _name_postings(names: NameMatch) -> QuerySet[NameToken]:
    """Postings of the records and aliases whose name holds every query token.

    Starts from the postings of the rarest query token and keeps those whose
    record or alias (the same one: each organisation's name is one unit) also
    has a posting for every other token: b-tree reads of the token index,
    merged, hashed or probed by the database, never a scan of the names.
    """
    first, *rest = sorted(names.matches, key=lambda m: (m.frequency, m.query))
    rows = NameToken.objects.filter(first.postings())
    same_source = Q(identity_record_id=OuterRef("identity_record_id")) | Q(
        alias_id=OuterRef("alias_id")
    )
    for match in rest:
        other = NameToken.objects.filter(
            match.postings(), same_source, person_id=OuterRef("person_id")
        )
        rows = rows.filter(Exists(other))
    return rows


def _exact_number_q(q: str) -> Q | None:
    """V-number or organisation number, exact: only a query with a digit can be one."""
    if not any(ch.isdigit() for ch in q):
        return None
    return Q(v_number=clean_v_number(q)) | Q(org_number=q.strip())


# --- search ------------------------------------------------------------------------

# "More than 1,000" is all a searcher needs: ids beyond it are never fetched.
COUNT_CAP = 1000


def ranked_person_ids(
    user,
    *,
    q: str = "",
    dob: DobQuery | None = None,
    nationality: str | None = None,
    location_id: int | None = None,
    names: NameMatch | None = None,
    fuzzy: bool = False,
) -> list[int]:
    """Ids of the persons the user may list that match every criterion, best first.

    At most COUNT_CAP + 1 (so "more than" can be said). V-number and
    organisation numbers match exactly and rank first (one query). Names: every
    query token must start a token of one identity record or one alias of the
    person (diacritic-, transliteration- and order-free: each organisation's
    name as one unit), found through the token index in one query that walks
    the rarest token's postings newest person first and stops at the cap. With
    `fuzzy` a misspelt token may be one typo off (`fuzzy_name_match`). `names`
    is the query's resolved `NameMatch` when the caller has it (a vocabulary
    query otherwise). Without a name: newest person first.
    """
    limit = COUNT_CAP + 1
    persons = visible_persons(user)
    if location_id:
        from ketenzicht.reception.models import Placement

        at_location = visible_to(
            user,
            Placement.objects.filter(location_id=location_id, ended_at__isnull=True),
            Action.LIST,
        )
        persons = persons.filter(pk__in=at_location.values("person_id"))
    record_filter = Q()
    if dob is not None:
        record_filter &= _dob_q(dob)
    if nationality:
        record_filter &= Q(nationality=nationality)
    has_record_filter = dob is not None or bool(nationality)
    q = (q or "").strip()
    if not q:
        if has_record_filter:
            persons = persons.filter(pk__in=_person_ids(IdentityRecord, record_filter))
        return list(persons.order_by("-pk").values_list("pk", flat=True)[:limit])
    if names is None:
        names = name_match(q)
        if fuzzy:
            names = fuzzy_name_match(names)
    ids: list[int] = []
    exact = None if fuzzy else _exact_number_q(q)
    if exact is not None:
        numbered = _person_ids(IdentityRecord, exact & record_filter)
        ids = list(
            persons.filter(pk__in=numbered).order_by("-pk").values_list("pk", flat=True)[:limit]
        )
    if names.possible and len(ids) < limit:
        # Driven by the postings, each checked against the policy: not the
        # other way round, which would walk every visible person looking for
        # the name.
        rows = _name_postings(names).filter(person_id__in=persons.values("pk"))
        size = limit + len(ids)
        if has_record_filter:
            # A date of birth or nationality must be on the record whose name
            # matched: its postings carry both (same field names), so the filter
            # reads the index. An alias carries neither: any record of the
            # person counts. Two branches, so neither pays for the other.
            of_person = IdentityRecord.objects.filter(
                record_filter, person_id=OuterRef("person_id")
            )
            on_records = rows.filter(record_filter, alias_id__isnull=True)
            on_aliases = rows.filter(Exists(of_person), alias_id__isnull=False)
            found = (
                on_records.values_list("person_id", flat=True)
                .union(on_aliases.values_list("person_id", flat=True))
                .order_by("-person_id")[:size]
            )
        elif len(names.matches) > 1:
            # Only for one token alone can the database predict how many persons
            # match; for a combination it assumes independence, may walk the
            # index in person order expecting an early stop, and read it whole.
            # `person_id + 0` has no index order: the database collects the
            # (few) matches from the token ranges and sorts them (ADR 0011).
            unordered = ExpressionWrapper(F("person_id") + 0, output_field=BigIntegerField())
            found = (
                rows.order_by(unordered.desc())
                .values_list("person_id", flat=True)
                .distinct()[:size]
            )
        else:
            found = (
                rows.order_by("-person_id").values_list("person_id", flat=True).distinct()[:size]
            )
        seen = set(ids)
        ids += [pk for pk in found if pk not in seen]
    return ids[:limit]


def find_person_ids(
    user,
    *,
    q: str = "",
    dob: DobQuery | None = None,
    nationality: str | None = None,
    location_id: int | None = None,
) -> tuple[list[int], bool]:
    """`ranked_person_ids`, falling back to misspelt names when nobody matched.

    Returns the ids and whether they came from the fallback. Queries: 1 for the
    name tokens in the vocabulary (none without a name), 1 for the ids (a name
    nobody has skips it; a number that may also be a name: 2). The fallback
    adds its vocabulary query and its own ids query.
    """
    criteria = {"dob": dob, "nationality": nationality, "location_id": location_id}
    q = (q or "").strip()
    strict = name_match(q) if q else NameMatch()
    ids: list[int] = []
    if not q or strict.possible or _exact_number_q(q) is not None:
        ids = ranked_person_ids(user, q=q, names=strict, **criteria)
    if not ids and strict.matches:
        corrected = fuzzy_name_match(strict)
        if corrected.possible and corrected != NameMatch(strict.matches, fuzzy=True):
            fallback = ranked_person_ids(user, q=q, names=corrected, fuzzy=True, **criteria)
            return fallback, bool(fallback)
    return ids, False


def person_rows(user, ids: list[int]) -> list[PersonRow]:
    """Rows for these person ids, in this order, fetched again through the policy.

    Five queries whatever their number (four when the role may not see
    placements): the persons with the adult-Eurodac fact, identity records,
    open placements, age inspections, age investigations. None for no ids.
    """
    if not ids:
        return []
    persons = {p.pk: p for p in _with_list_data(user, visible_persons(user).filter(pk__in=ids))}
    return to_rows([persons[pk] for pk in ids if pk in persons])


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

    Queries, whatever the page holds: `find_person_ids` (2 for a name: the
    vocabulary and the ranked ids of all matches, at most COUNT_CAP + 1, so the
    index search runs once, not once for the count and again for the page; 1
    without a name), then `person_rows` for the page (5). A misspelt name adds
    the fallback's two.
    """
    ids, fuzzy = find_person_ids(
        user, q=q, dob=dob, nationality=nationality, location_id=location_id
    )
    page_obj = Paginator(ids[:COUNT_CAP], PAGE_SIZE).get_page(page)
    return SearchResult(
        page=page_obj,
        rows=person_rows(user, list(page_obj.object_list)),
        searched=bool((q or "").strip() or dob or nationality or location_id),
        fuzzy=fuzzy,
        capped=len(ids) > COUNT_CAP,
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
