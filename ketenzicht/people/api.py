"""REST API of the person registry: search, detail with provenance, registration.

Thin adapters over the same selectors and services as the pages: the same
access policy, redactions, validation and audit apply. Errors are RFC 9457
problem details (see `ketenzicht.core.api`), with per-field errors under `errors`.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ketenzicht.access.enforce import allows_kind
from ketenzicht.access.policy import Action
from ketenzicht.accounts.models import User
from ketenzicht.accounts.roles import Role
from ketenzicht.audit.services import record_read
from ketenzicht.core.api import Pagination

from . import age_text, forms, selectors, services
from .models import AgeOutcome, DatePrecision, Sex

# --- output --------------------------------------------------------------------


class OrganisationRefSerializer(serializers.Serializer):
    kind = serializers.CharField()
    name = serializers.CharField()


def OrganisationField():  # reads like a field in the serializers below
    return OrganisationRefSerializer(allow_null=True, read_only=True)


class AgeStatusSerializer(serializers.Serializer):
    treated_as_minor = serializers.CharField(source="minor")
    rule = serializers.CharField()
    reason = serializers.SerializerMethodField()

    def get_reason(self, status) -> str:
        return age_text.reason(status)


class IdentityRecordSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    organisation = OrganisationField()
    org_number = serializers.CharField()
    v_number = serializers.CharField()
    given_names = serializers.CharField()
    family_name = serializers.CharField()
    date_of_birth = serializers.DateField(allow_null=True)
    dob_precision = serializers.CharField()
    dob_is_placeholder = serializers.BooleanField()
    sex = serializers.CharField()
    nationality = serializers.CharField()
    languages = serializers.CharField()
    recorded_at = serializers.DateTimeField()


class CurrentPlacementSerializer(serializers.Serializer):
    location = serializers.CharField(source="location.name")
    arrived_at = serializers.DateTimeField(allow_null=True)


class PersonListSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="person.pk")
    v_number = serializers.CharField(source="person.v_number", allow_null=True)
    identity_records = IdentityRecordSerializer(source="records", many=True)
    age_status = AgeStatusSerializer()
    current_placement = CurrentPlacementSerializer(source="placement", allow_null=True)


class _Row(serializers.Serializer):
    organisation = OrganisationField()


class PersonAliasSerializer(_Row):
    name = serializers.CharField()
    recorded_at = serializers.DateTimeField()


class PersonDocumentSerializer(_Row):
    document_type = serializers.CharField()
    number = serializers.CharField()
    issuing_country = serializers.CharField()
    valid_until = serializers.DateField(allow_null=True)
    authenticity = serializers.CharField()


class EurodacHitSerializer(_Row):
    member_state = serializers.CharField()
    hit_date = serializers.DateField()
    category = serializers.IntegerField()
    registered_as = serializers.CharField()


class ForeignReferenceSerializer(_Row):
    partner = serializers.CharField()
    reference = serializers.CharField()
    note = serializers.CharField()


class AsylumApplicationSerializer(_Row):
    applied_on = serializers.DateField()
    status = serializers.CharField()


class AgeInspectionSerializer(serializers.Serializer):
    inspected_on = serializers.DateField()
    outcome = serializers.CharField()
    on_arrival_without_asylum = serializers.BooleanField()
    ind_officer = serializers.CharField()
    avim_officer = serializers.CharField()
    place = serializers.CharField()


class AgeInvestigationSerializer(_Row):
    id = serializers.IntegerField()
    started_on = serializers.DateField()
    concluded_on = serializers.DateField(allow_null=True)
    outcome = serializers.CharField()


class GuardianshipSerializer(serializers.Serializer):
    voogd = serializers.CharField()
    started_on = serializers.DateField()
    ended_on = serializers.DateField(allow_null=True)
    end_reason = serializers.CharField()


class PersonDetailSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="person.pk")
    v_number = serializers.CharField(source="person.v_number", allow_null=True)
    age_status = AgeStatusSerializer()
    identity_records = IdentityRecordSerializer(source="records", many=True)
    aliases = PersonAliasSerializer(many=True)
    asylum_applications = AsylumApplicationSerializer(many=True)
    age_inspections = AgeInspectionSerializer(source="inspections", many=True)
    age_investigations = AgeInvestigationSerializer(source="investigations", many=True)
    guardianships = GuardianshipSerializer(many=True)
    current_placement = CurrentPlacementSerializer(source="placement", allow_null=True)
    documents = PersonDocumentSerializer(many=True, required=False)
    eurodac_hits = EurodacHitSerializer(many=True, required=False)
    foreign_references = ForeignReferenceSerializer(many=True, required=False)
    hidden_sections = serializers.ListField(child=serializers.CharField())

    def to_representation(self, page):
        data = super().to_representation(page)
        # A section the role may not see is absent, not an empty list that
        # would suggest "there are none".
        for section in page.hidden_sections:
            data.pop(section, None)
        return data


# --- input ----------------------------------------------------------------------


_OFFICER_ROLES = (Role.IND_MEDEWERKER, Role.IR_OFFICER, Role.AVIM_RECHERCHEUR)


class InspectionInputSerializer(serializers.Serializer):
    inspected_on = serializers.DateField()
    ind_officer = serializers.PrimaryKeyRelatedField(queryset=User.objects.none())
    avim_officer = serializers.PrimaryKeyRelatedField(queryset=User.objects.none())
    outcome = serializers.ChoiceField(choices=AgeOutcome.choices)
    on_arrival_without_asylum = serializers.BooleanField(default=False)
    place = serializers.CharField(required=False, allow_blank=True, default="")
    note = serializers.CharField(required=False, allow_blank=True, default="")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Officer directory (see selectors.officers); the service checks the roles.
        self.fields["ind_officer"].queryset = selectors.officers(_OFFICER_ROLES)
        self.fields["avim_officer"].queryset = selectors.officers(_OFFICER_ROLES)


class PersonCreateSerializer(serializers.Serializer):
    given_names = serializers.CharField(required=False, allow_blank=True, default="")
    family_name = serializers.CharField(required=False, allow_blank=True, default="")
    date_of_birth = serializers.DateField(required=False, allow_null=True, default=None)
    dob_precision = serializers.ChoiceField(
        choices=DatePrecision.choices, default=DatePrecision.FULL
    )
    dob_is_placeholder = serializers.BooleanField(default=False)
    sex = serializers.ChoiceField(choices=Sex.choices, default=Sex.UNKNOWN)
    nationality = serializers.CharField(required=False, allow_blank=True, default="")
    languages = serializers.CharField(required=False, allow_blank=True, default="")
    org_number = serializers.CharField(required=False, allow_blank=True, default="")
    v_number = serializers.CharField(required=False, allow_blank=True, default="")
    age_inspection = InspectionInputSerializer(required=False, allow_null=True, default=None)


def _service_errors(exc: DjangoValidationError) -> serializers.ValidationError:
    """Service field errors as DRF errors; `inspection_x` nests under `age_inspection`."""
    errors: dict = {}
    for key, messages in exc.message_dict.items():
        texts = [str(m) for m in messages]
        if key.startswith("inspection_"):
            errors.setdefault("age_inspection", {})[key.removeprefix("inspection_")] = texts
        elif key == "__all__":
            errors["non_field_errors"] = texts
        else:
            errors[key] = texts
    return serializers.ValidationError(errors)


# --- views ----------------------------------------------------------------------


class PersonListCreate(APIView):
    pagination_class = Pagination

    @extend_schema(
        operation_id="persons_list",
        summary="Search persons",
        description=(
            "Exact V-number or organisation number, or names (diacritic-, transliteration- "
            "and order-free); partial date of birth (YYYY, YYYY-MM, YYYY-MM-DD, DD-MM-YYYY); "
            "nationality as ISO 3166 code. Only persons the caller may see."
        ),
        parameters=[
            OpenApiParameter("q", OpenApiTypes.STR),
            OpenApiParameter("dob", OpenApiTypes.STR),
            OpenApiParameter("nationality", OpenApiTypes.STR),
            OpenApiParameter("location", OpenApiTypes.INT),
            OpenApiParameter("page", OpenApiTypes.INT),
        ],
        responses={
            200: inline_serializer(
                "PaginatedPersonList",
                {
                    "count": serializers.IntegerField(),
                    "next": serializers.URLField(allow_null=True),
                    "previous": serializers.URLField(allow_null=True),
                    "results": PersonListSerializer(many=True),
                },
            )
        },
    )
    def get(self, request: Request) -> Response:
        if not allows_kind(request.user, Action.LIST, "people.person"):
            raise PermissionDenied
        form = forms.SearchForm(request.query_params, user=request.user)
        if not form.is_valid():
            raise serializers.ValidationError(
                {k: [str(m) for m in v] for k, v in form.errors.items()}
            )
        # The same search as the page: ranked ids, at most COUNT_CAP + 1 (the
        # count says "1001" for "more than 1,000"), misspelt names as fallback.
        ids, _fuzzy = selectors.find_person_ids(request.user, **form.search_kwargs())
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(ids, request, view=self)
        rows = selectors.person_rows(request.user, list(page))
        return paginator.get_paginated_response(PersonListSerializer(rows, many=True).data)

    @extend_schema(
        summary="Register a person",
        description=(
            "Creates the person with the caller organisation's identity record, optionally "
            "with the age inspection, in one transaction. A known V-number links the record "
            "to the existing person."
        ),
        request=PersonCreateSerializer,
        responses={
            201: PersonDetailSerializer,
            400: inline_serializer(
                "ProblemDetails",
                {
                    "type": serializers.CharField(),
                    "title": serializers.CharField(),
                    "status": serializers.IntegerField(),
                    "errors": serializers.DictField(),
                },
            ),
        },
    )
    def post(self, request: Request) -> Response:
        if not allows_kind(request.user, Action.CREATE, "people.person"):
            raise PermissionDenied
        serializer = PersonCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        inspection = data.pop("age_inspection", None)
        try:
            person = services.register_person(
                actor=request.user,
                identity=services.IdentityData(**data),
                inspection=services.InspectionData(**inspection) if inspection else None,
            )
        except DjangoValidationError as exc:
            raise _service_errors(exc) from exc
        page = selectors.person_page(request.user, person.pk)
        return Response(PersonDetailSerializer(page).data, status=status.HTTP_201_CREATED)


class PersonDetail(APIView):
    @extend_schema(
        summary="A person with every organisation's identity record",
        description=(
            "Each value carries the organisation that recorded it. Sections the caller's "
            "role may not see are left out and listed in hidden_sections. Every call is "
            "recorded as a read of the person file."
        ),
        responses={200: PersonDetailSerializer},
    )
    def get(self, request: Request, pk: int) -> Response:
        page = selectors.person_page(request.user, pk)
        record_read(actor=request.user, obj=page.person, person_id=page.person.pk)
        return Response(PersonDetailSerializer(page).data)
