from decimal import Decimal

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ervaringswerk.core.api.serializers import ModelSerializer, Serializer
from ervaringswerk.core.freetext import limit
from ervaringswerk.core.models import ExperienceDomain, Neighbourhood
from ervaringswerk.core.reference import DeploymentKind
from ervaringswerk.deployment.models import (
    Agreement,
    AgreementVersion,
    Assignment,
    DeclineReason,
    DeploymentRequest,
    EndReason,
    GenderPreference,
    Offer,
    RequestEvent,
    Strength,
    Urgency,
    WithdrawReason,
)
from ervaringswerk.deployment.selectors import supporting_professional_candidates
from ervaringswerk.pool.constants import LANGUAGES


def _one_of(values) -> dict:
    """An OpenAPI string restricted by a pattern instead of an enum: choice sets that recur under several
    field names (wish/must, the reason lists, the kinds) then need no shared, colliding enum component."""
    return {"type": "string", "pattern": "^(" + "|".join(values) + ")$", "description": " | ".join(values)}


class InlineChoiceField(serializers.ChoiceField):
    pass


@extend_schema_field(_one_of(Strength.values))
class StrengthField(InlineChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=Strength.choices, **kwargs)


def _reason_field(choices):
    @extend_schema_field(_one_of([value for value, _label in choices]))
    class ReasonField(InlineChoiceField):
        pass

    return ReasonField(choices=choices)


@extend_schema_field(_one_of(DeploymentKind.values))
class KindField(InlineChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=DeploymentKind.choices, **kwargs)


_LANGUAGE_CODES = [code for code, _label in LANGUAGES]


# Without "" in the pattern: allow_blank adds the blank alternative (with it, "" matched both of oneOf).
@extend_schema_field(_one_of(_LANGUAGE_CODES))
class LanguageField(InlineChoiceField):
    """Shares the pool's language codes; the pool's own schema names that enum."""

    def __init__(self, **kwargs):
        super().__init__(choices=LANGUAGES, allow_blank=True, **kwargs)


_ROLES = Agreement._meta.get_field("role").choices


@extend_schema_field(_one_of([value for value, _label in _ROLES]))
class RoleField(InlineChoiceField):
    """Shares the peer roles with the pool (PeerRole); the pool's schema names that enum."""

    def __init__(self, **kwargs):
        super().__init__(choices=_ROLES, **kwargs)


class DeploymentRequestSerializer(ModelSerializer):
    """A request as teams and coordinators see it."""

    organisation = serializers.CharField(source="organisation.name", read_only=True)
    organisation_id = serializers.UUIDField(read_only=True)
    neighbourhood = serializers.CharField(
        source="neighbourhood.name", read_only=True, default=None, allow_null=True
    )
    neighbourhood_id = serializers.UUIDField(read_only=True, allow_null=True)
    domains_needed = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    domains_preferred = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    kind = KindField(read_only=True)
    language = LanguageField(read_only=True)
    gender_strength = StrengthField(read_only=True)
    cultural_strength = StrengthField(read_only=True)
    supporting_professional_id = serializers.UUIDField(
        read_only=True, allow_null=True, help_text="Membership of the professional supporting jointly"
    )
    supporting_professional = serializers.CharField(
        source="supporting_professional.user.get_full_name", read_only=True, default=None, allow_null=True
    )

    class Meta:
        model = DeploymentRequest
        fields = [
            "id",
            "title",
            "kind",
            "organisation",
            "organisation_id",
            "neighbourhood",
            "neighbourhood_id",
            "domains_needed",
            "domains_preferred",
            "language",
            "gender_preference",
            "gender_strength",
            "cultural_background",
            "cultural_strength",
            "hours_per_week",
            "start_date",
            "end_date",
            "urgency",
            "resident_code",
            "context",
            "supporting_professional_id",
            "supporting_professional",
            "status",
            "status_reason",
            "status_note",
            "submitted_at",
            "matched_at",
            "closed_at",
            "created_at",
        ]
        read_only_fields = fields


class _ScopedSlugs(serializers.SlugRelatedField):
    """Experience domains by slug, only from the caller's municipality."""

    def get_queryset(self):
        from ervaringswerk.core.selectors import experience_domain_list

        return experience_domain_list(viewer=self.context["request"].viewer)


class _ScopedNeighbourhood(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        from ervaringswerk.core.selectors import neighbourhood_list

        return neighbourhood_list(viewer=self.context["request"].viewer)


@extend_schema_field({"type": "string", "format": "uuid"})  # a membership id; the schema cannot see its model
class _ScopedSupport(serializers.PrimaryKeyRelatedField):
    """A supporting professional: only memberships of the caller's own organisation (joint support)."""

    def get_queryset(self):
        viewer = self.context["request"].viewer
        return supporting_professional_candidates(
            municipality_id=viewer.municipality_id, organisation_id=viewer.organisation_id
        )


class DeploymentRequestWriteSerializer(Serializer):
    """What a team sends to create (POST) or change (PATCH) a request. Validation of the rules (resident
    code, dates, hours) happens in the service, with the same Dutch messages as the form."""

    title = serializers.CharField(max_length=limit(DeploymentRequest, "title"))
    kind = KindField()
    domains_needed = _ScopedSlugs(
        slug_field="slug", many=True, required=False, queryset=ExperienceDomain.objects.none()
    )
    domains_preferred = _ScopedSlugs(
        slug_field="slug", many=True, required=False, queryset=ExperienceDomain.objects.none()
    )
    neighbourhood = _ScopedNeighbourhood(
        required=False, allow_null=True, queryset=Neighbourhood.objects.none()
    )
    language = LanguageField(required=False)
    gender_preference = serializers.ChoiceField(
        choices=GenderPreference.choices, required=False, allow_blank=True
    )
    gender_strength = StrengthField(required=False)
    cultural_background = serializers.CharField(max_length=100, required=False, allow_blank=True)
    cultural_strength = StrengthField(required=False)
    hours_per_week = serializers.DecimalField(max_digits=4, decimal_places=1, min_value=Decimal("0.5"))
    start_date = serializers.DateField(required=False, allow_null=True)
    end_date = serializers.DateField(required=False, allow_null=True)
    urgency = serializers.ChoiceField(choices=Urgency.choices, required=False)
    resident_code = serializers.CharField(max_length=20, required=False, allow_blank=True)
    context = serializers.CharField(
        required=False, allow_blank=True, max_length=limit(DeploymentRequest, "context")
    )
    supporting_professional_id = _ScopedSupport(
        source="supporting_professional",
        required=False,
        allow_null=True,
        help_text="Joint support: membership id of a professional or team lead of the caller's organisation",
    )
    submit = serializers.BooleanField(
        required=False, default=False, help_text="True: submit to the queue at once (create only)."
    )


def _note(model, field):
    return serializers.CharField(required=False, allow_blank=True, max_length=limit(model, field), default="")


class WithdrawSerializer(Serializer):
    reason = _reason_field(WithdrawReason.choices)
    note = _note(RequestEvent, "note")


class DeclineSerializer(Serializer):
    reason = _reason_field(DeclineReason.choices)
    note = _note(Offer, "response_note")


class EndSerializer(Serializer):
    reason = _reason_field(EndReason.choices)
    note = _note(RequestEvent, "note")


class AcceptSerializer(Serializer):
    note = _note(Offer, "response_note")


class FactorSerializer(Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    points = serializers.IntegerField()
    text = serializers.CharField()


class CandidateSerializer(Serializer):
    peer_id = serializers.UUIDField(source="peer.pk")
    name = serializers.CharField(source="peer.__str__")
    score = serializers.IntegerField()
    free_hours = serializers.DecimalField(max_digits=5, decimal_places=1)
    free_residents = serializers.IntegerField()
    flags = serializers.ListField(child=serializers.CharField())
    factors = FactorSerializer(source="explanation", many=True)


class OfferRequestSerializer(ModelSerializer):
    """The request as the peer worker may see it in an offer (no preferences about them, no resident code)."""

    kind = KindField(read_only=True)
    language = LanguageField(read_only=True)
    organisation = serializers.CharField(source="organisation.name", read_only=True)
    neighbourhood = serializers.CharField(source="neighbourhood.name", read_only=True, default=None)

    class Meta:
        model = DeploymentRequest
        fields = [
            "id",
            "title",
            "kind",
            "organisation",
            "neighbourhood",
            "language",
            "hours_per_week",
            "start_date",
            "end_date",
            "urgency",
            "context",
        ]
        read_only_fields = fields


class OfferSerializer(ModelSerializer):
    request = OfferRequestSerializer(read_only=True)
    peer_id = serializers.UUIDField(read_only=True)
    peer = serializers.CharField(source="peer.__str__", read_only=True)
    factors = FactorSerializer(source="explanation", many=True, read_only=True)
    assignment_id = serializers.SerializerMethodField()

    class Meta:
        model = Offer
        fields = [
            "id",
            "request",
            "peer_id",
            "peer",
            "status",
            "hours_per_week",
            "score",
            "factors",
            "automatic",
            "decline_reason",
            "response_note",
            "created_at",
            "responded_at",
            "assignment_id",
        ]
        read_only_fields = fields

    def get_assignment_id(self, offer) -> str | None:
        assignment = getattr(offer, "assignment", None) if offer.status == "accepted" else None
        return str(assignment.pk) if assignment else None


class NextOfferSerializer(Serializer):
    id = serializers.UUIDField(help_text="The offer made automatically to the next candidate")
    automatic = serializers.BooleanField()


class DeclinedOfferSerializer(OfferSerializer):
    """The declined offer, with the offer that went automatically to the next candidate (ids only: who
    that is, is for the coordinator to read at /offers/{id}/), or null when nobody else fits."""

    next_offer = serializers.SerializerMethodField()

    class Meta(OfferSerializer.Meta):
        fields = [*OfferSerializer.Meta.fields, "next_offer"]
        read_only_fields = fields

    @extend_schema_field(NextOfferSerializer(allow_null=True))
    def get_next_offer(self, offer) -> dict | None:
        following = self.context.get("next_offer")
        return {"id": str(following.pk), "automatic": following.automatic} if following else None


class CandidateExclusionSerializer(Serializer):
    peer_id = serializers.UUIDField()
    name = serializers.CharField()
    reasons = serializers.ListField(child=serializers.CharField())


class ReasonGroupSerializer(Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    advice = serializers.CharField()
    count = serializers.IntegerField()


class CandidateListSerializer(Serializer):
    """As the request page shows them: how many fit, the best first (up to `limit`), and why the others
    of the pool are not in the list, one by one and per group with advice."""

    count = serializers.IntegerField(help_text="How many peer workers of the pool fit (all of them)")
    results = CandidateSerializer(many=True)
    excluded = CandidateExclusionSerializer(many=True)
    reason_groups = ReasonGroupSerializer(many=True)


class OfferCreateSerializer(Serializer):
    request = serializers.UUIDField()
    peer = serializers.UUIDField()


class AgreementVersionSerializer(ModelSerializer):
    class Meta:
        model = AgreementVersion
        fields = ["version", "changed_fields", "edited_by_name", "created_at"]
        read_only_fields = fields


class AgreementSerializer(ModelSerializer):
    role = RoleField(read_only=True)
    contact_person = serializers.SerializerMethodField()
    contact_person_id = serializers.UUIDField(read_only=True, allow_null=True)
    versions = AgreementVersionSerializer(many=True, read_only=True)

    class Meta:
        model = Agreement
        fields = [
            "role",
            "tasks",
            "responsibilities",
            "contact_person",
            "contact_person_id",
            "contact_details",
            "hours_per_week",
            "review_date",
            "version",
            "versions",
            "updated_at",
        ]
        read_only_fields = fields

    def get_contact_person(self, agreement) -> str | None:
        user = agreement.contact_person
        return (user.get_full_name() or user.get_username()) if user else None


class AgreementWriteSerializer(Serializer):
    """PATCH: any subset of the agreement's fields."""

    role = RoleField(required=False)
    tasks = serializers.CharField(required=False, allow_blank=True, max_length=limit(Agreement, "tasks"))
    responsibilities = serializers.CharField(
        required=False, allow_blank=True, max_length=limit(Agreement, "responsibilities")
    )
    contact_person_id = serializers.UUIDField(required=False, allow_null=True)
    contact_details = serializers.CharField(required=False, allow_blank=True, max_length=150)
    hours_per_week = serializers.DecimalField(
        max_digits=4, decimal_places=1, min_value=Decimal("0.5"), required=False
    )
    review_date = serializers.DateField(required=False, allow_null=True)


class AssignmentSupportSerializer(Serializer):
    """PATCH an assignment: change who supports the resident together with the peer worker."""

    supporting_professional_id = serializers.UUIDField(
        allow_null=True,
        help_text="Joint support: membership id of a professional or team lead of the requesting "
        "organisation, or null for nobody",
    )


class AssignmentSerializer(ModelSerializer):
    request_id = serializers.UUIDField(read_only=True)
    request = serializers.CharField(source="request.title", read_only=True)
    kind = serializers.CharField(source="request.kind", read_only=True)
    team = serializers.CharField(source="request.organisation.name", read_only=True)
    peer_id = serializers.UUIDField(read_only=True)
    peer = serializers.CharField(source="peer.__str__", read_only=True)
    supporting_professional_id = serializers.UUIDField(read_only=True, allow_null=True)
    supporting_professional = serializers.CharField(
        source="supporting_professional.user.get_full_name", read_only=True, default=None, allow_null=True
    )
    agreement = AgreementSerializer(read_only=True, allow_null=True)  # null until the first version

    class Meta:
        model = Assignment
        fields = [
            "id",
            "request_id",
            "request",
            "kind",
            "team",
            "peer_id",
            "peer",
            "status",
            "hours_per_week",
            "resident_code",
            "start_date",
            "end_date",
            "end_reason",
            "deployment_form",
            "supporting_professional_id",
            "supporting_professional",
            "agreement",
            "created_at",
        ]
        read_only_fields = fields


class ProposalAlternativeSerializer(Serializer):
    peer_id = serializers.UUIDField(source="peer.pk", read_only=True)
    name = serializers.CharField(source="peer.__str__", read_only=True)
    score = serializers.IntegerField(read_only=True)


class ProposalPairSerializer(Serializer):
    id = serializers.UUIDField(read_only=True)
    request_id = serializers.UUIDField(read_only=True)
    request = serializers.CharField(source="request.title", read_only=True)
    peer_id = serializers.UUIDField(read_only=True)
    peer = serializers.CharField(source="peer.__str__", read_only=True)
    score = serializers.IntegerField(read_only=True)
    factors = FactorSerializer(source="explanation", many=True, read_only=True)
    edited = serializers.BooleanField(read_only=True)
    alternatives = serializers.SerializerMethodField(
        help_text="Detail of a draft only: the best other candidates for this request (as the page offers "
        "them to replace the peer worker); an empty list elsewhere."
    )

    @extend_schema_field(ProposalAlternativeSerializer(many=True))
    def get_alternatives(self, pair) -> list:
        found = self.context.get("alternatives", {}).get(pair.pk, [])
        return ProposalAlternativeSerializer(found, many=True).data


class UnassignedSerializer(Serializer):
    request_id = serializers.UUIDField(read_only=True)
    reasons = serializers.ListField(child=serializers.CharField(), read_only=True)


class ProposalSerializer(Serializer):
    """A batch proposal with how good it is: placed, the proven most that can be placed, the share."""

    id = serializers.UUIDField(read_only=True)
    pool_id = serializers.UUIDField(read_only=True)
    status = serializers.CharField(read_only=True, help_text="draft, sent or discarded")
    created_at = serializers.DateTimeField(read_only=True)
    sent_at = serializers.DateTimeField(read_only=True, allow_null=True)
    open_requests = serializers.IntegerField(read_only=True)
    placed = serializers.IntegerField(read_only=True)
    placeable_at_most = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="Proven upper bound on the number of requests placed."
    )
    placed_share = serializers.SerializerMethodField(
        help_text="placed / placeable_at_most: the proposal reaches at least this share of the best possible."
    )
    proven_optimal = serializers.BooleanField(read_only=True)
    bound_source = serializers.SerializerMethodField(
        help_text="How the bound was proven: exact (MIP), mip (MIP bound), lp (LP relaxation), max-flow."
    )
    greedy_placed = serializers.IntegerField(read_only=True, allow_null=True)
    score = serializers.IntegerField(source="objective", read_only=True)
    greedy_score = serializers.IntegerField(source="greedy_objective", read_only=True)
    score_bound = serializers.IntegerField(
        source="bound", read_only=True, allow_null=True, help_text="Proven upper bound on `score`."
    )
    gap = serializers.FloatField(
        read_only=True, allow_null=True, help_text="(score_bound - score) / score_bound"
    )
    solver = serializers.CharField(read_only=True)
    seconds = serializers.SerializerMethodField()
    pairs = ProposalPairSerializer(many=True, read_only=True)
    pairs_score = serializers.SerializerMethodField(
        help_text="The pairs' scores added up now; after edits it differs from `score` (the first)."
    )
    unassigned = serializers.SerializerMethodField(
        help_text="Open requests the proposal does not place, each with the reasons nobody fitted."
    )

    def get_placed_share(self, obj) -> float | None:
        at_most = obj.placeable_at_most
        if at_most is None:
            return None
        return 1.0 if at_most == 0 else obj.placed / at_most

    def get_bound_source(self, obj) -> str | None:
        return obj.stats.get("bound_source")

    def get_seconds(self, obj) -> float | None:
        return obj.stats.get("seconds")

    def get_pairs_score(self, obj) -> int:
        return sum(pair.score for pair in obj.pairs.all())

    @extend_schema_field(UnassignedSerializer(many=True))
    def get_unassigned(self, obj) -> list:
        found = obj.stats.get("unassigned") or {}
        return [{"request_id": pk, "reasons": [str(r) for r in reasons]} for pk, reasons in found.items()]


class ProposalCreateSerializer(Serializer):
    pool = serializers.UUIDField(
        required=False, help_text="The coordinator's own pool organisation (the default); any other is a 403."
    )


class ProposalPairReplaceSerializer(Serializer):
    peer = serializers.UUIDField(help_text="A peer worker of the proposal's pool who fits the request")


class ProposalOfferSerializer(Serializer):
    offer_id = serializers.UUIDField(source="pk")
    request_id = serializers.UUIDField()
    peer_id = serializers.UUIDField()


class ProposalFailureSerializer(Serializer):
    pair_id = serializers.UUIDField(source="pair.pk")
    request_id = serializers.UUIDField(source="pair.request_id")
    peer_id = serializers.UUIDField(source="pair.peer_id")
    reason = serializers.CharField()


class ProposalSendResultSerializer(Serializer):
    """What sending did: an offer per pair, or why a pair could not be offered (capacity or the request
    changed since the proposal was made); the proposal itself is then `sent`."""

    proposal = ProposalSerializer()
    sent = ProposalOfferSerializer(many=True)
    failed = ProposalFailureSerializer(many=True)
