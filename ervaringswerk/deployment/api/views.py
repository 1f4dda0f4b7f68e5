"""The deployment API: requests, candidates, offers and assignments with their agreements.

Same services and rules as the pages. Objects come from viewer-scoped selectors, so an unknown id,
another municipality's id or someone else's offer answers 404 problem+json. A conflict with what someone
else did in the meantime (capacity taken, request no longer open, offer already answered) is 409.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from ervaringswerk.audit.services import audit_view
from ervaringswerk.core.access import RulePermission, ViewerAPIMixin
from ervaringswerk.core.api.errors import conflict_from
from ervaringswerk.core.api.filters import DEPLOYMENT_FORM_PARAMETER, deployment_form_filter
from ervaringswerk.core.tenancy import Viewer
from ervaringswerk.deployment import selectors, services
from ervaringswerk.deployment.models import ProposalStatus, RequestStatus
from ervaringswerk.deployment.permissions import (
    can_create_request,
    can_edit_agreement,
    can_edit_request,
    can_manage_assignment,
    can_manage_proposal,
    can_match,
    can_respond_offer,
    can_view_assignment,
    can_view_assignments,
    can_view_offer,
    can_view_offers,
    can_view_request,
    can_view_requests,
    can_withdraw_offer,
    can_withdraw_request,
)

from .serializers import (
    AcceptSerializer,
    AgreementWriteSerializer,
    AssignmentSerializer,
    AssignmentSupportSerializer,
    CandidateListSerializer,
    DeclinedOfferSerializer,
    DeclineSerializer,
    DeploymentRequestSerializer,
    DeploymentRequestWriteSerializer,
    EndSerializer,
    OfferCreateSerializer,
    OfferSerializer,
    ProposalCreateSerializer,
    ProposalFailureSerializer,
    ProposalOfferSerializer,
    ProposalPairReplaceSerializer,
    ProposalSendResultSerializer,
    ProposalSerializer,
    WithdrawSerializer,
)


def _service(call):
    """Run a service; a conflict with the current state becomes 409 (core.api.errors.CONFLICT_CODES,
    naming the field it is about), other refusals 400 (problem+json)."""
    try:
        return call()
    except DjangoValidationError as exc:
        conflict = conflict_from(exc)
        if conflict is not None:
            raise conflict from exc
        raise


def _require(rule, viewer: Viewer, obj=None) -> None:
    allowed = rule(viewer) if obj is None else rule(viewer, obj)
    if not allowed:
        raise exceptions.PermissionDenied()


class _Base(ViewerAPIMixin, viewsets.GenericViewSet):
    permission_classes = [RulePermission]
    lookup_value_regex = "[0-9a-fA-F-]{36}"

    def get_object(self):
        try:
            return self.get_queryset().get(pk=self.kwargs["pk"])
        except (self.get_queryset().model.DoesNotExist, DjangoValidationError) as exc:
            raise Http404 from exc


class DeploymentRequestViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.DestroyModelMixin, _Base
):
    """Requests for deployment (inzetverzoeken): teams create and follow theirs; coordinators see every
    submitted request. DELETE withdraws (reason `not_needed`) unless the body names another reason."""

    serializer_class = DeploymentRequestSerializer
    permission_rule = staticmethod(can_view_requests)
    filterset_fields = ["status", "kind", "urgency"]

    def get_queryset(self):
        return selectors.request_list(viewer=self.request.viewer).prefetch_related(
            "domains_needed", "domains_preferred"
        )

    def retrieve(self, request, *args, **kwargs):
        obj = self.get_object()
        _require(can_view_request, request.viewer, obj)
        audit_view(viewer=request.viewer, obj=obj)
        return Response(self.get_serializer(obj).data)

    @extend_schema(request=DeploymentRequestWriteSerializer, responses={201: DeploymentRequestSerializer})
    def create(self, request, *args, **kwargs):
        _require(can_create_request, request.viewer)
        write = DeploymentRequestWriteSerializer(data=request.data, context={"request": request})
        write.is_valid(raise_exception=True)
        data = dict(write.validated_data)
        submit = data.pop("submit", False)
        created = _service(
            lambda: services.request_create(
                viewer=request.viewer,
                domains_needed=data.pop("domains_needed", []),
                domains_preferred=data.pop("domains_preferred", []),
                submit=submit,
                **data,
            )
        )
        return Response(self.get_serializer(created).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=DeploymentRequestWriteSerializer, responses=DeploymentRequestSerializer)
    def partial_update(self, request, *args, **kwargs):
        obj = self.get_object()
        _require(can_edit_request, request.viewer, obj)
        write = DeploymentRequestWriteSerializer(
            data=request.data, partial=True, context={"request": request}
        )
        write.is_valid(raise_exception=True)
        data = dict(write.validated_data)
        data.pop("submit", None)
        updated = _service(
            lambda: services.request_update(
                request=obj,
                viewer=request.viewer,
                domains_needed=data.pop("domains_needed", None),
                domains_preferred=data.pop("domains_preferred", None),
                **data,
            )
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=updated.pk)).data)

    @extend_schema(request=WithdrawSerializer, responses={204: None})
    def destroy(self, request, *args, **kwargs):
        obj = self.get_object()
        _require(can_withdraw_request, request.viewer, obj)
        body = WithdrawSerializer(data=request.data or {"reason": "not_needed"})
        body.is_valid(raise_exception=True)
        _service(lambda: services.request_withdraw(request=obj, viewer=request.viewer, **body.validated_data))
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=None, responses=DeploymentRequestSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """Submit a draft to the coordinators' queue."""
        obj = self.get_object()
        _require(can_edit_request, request.viewer, obj)
        _service(lambda: services.request_submit(request=obj, viewer=request.viewer))
        return Response(self.get_serializer(self.get_queryset().get(pk=obj.pk)).data)

    @extend_schema(request=WithdrawSerializer, responses=DeploymentRequestSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        """Withdraw with a reason (and a note, required for `other`)."""
        obj = self.get_object()
        _require(can_withdraw_request, request.viewer, obj)
        body = WithdrawSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        _service(lambda: services.request_withdraw(request=obj, viewer=request.viewer, **body.validated_data))
        return Response(self.get_serializer(self.get_queryset().get(pk=obj.pk)).data)

    @extend_schema(
        parameters=[OpenApiParameter("limit", int, description="How many candidates (1-200, default 20)")],
        responses=CandidateListSerializer,
    )
    @action(detail=True, methods=["get"])
    def candidates(self, request, pk=None):
        """Ranked candidates from the coordinator's own pool, each with score and explanation per factor,
        their number, and why the others are not in the list. Empty unless the request is open."""
        from ervaringswerk.matching.adapters import rank_request

        obj = self.get_object()
        _require(can_match, request.viewer, obj)
        audit_view(viewer=request.viewer, obj=obj)
        limit = request.query_params.get("limit", "20")
        if not (limit.isdigit() and 0 < int(limit) <= 200):
            raise exceptions.ValidationError({"limit": ["Geef een geheel getal van 1 tot en met 200."]})
        if obj.status != RequestStatus.OPEN:
            empty = {"count": 0, "results": [], "excluded": [], "reason_groups": []}
            return Response(CandidateListSerializer(empty).data)
        ranking = rank_request(
            request=obj, limit=None, organisation_ids=[request.viewer.organisation_id], with_exclusions=True
        )
        data = {
            "count": len(ranking.candidates),
            "results": ranking.candidates[: int(limit)],
            "excluded": [
                {"peer_id": peer.pk, "name": str(peer), "reasons": reasons}
                for peer, reasons in ranking.excluded_peers
            ],
            "reason_groups": ranking.reason_groups,
        }
        return Response(CandidateListSerializer(data).data)


class OfferViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, _Base):
    """Offers: a peer worker sees and answers their own; a coordinator makes them for their pool."""

    serializer_class = OfferSerializer
    permission_rule = staticmethod(can_view_offers)
    filterset_fields = ["status"]

    def get_queryset(self):
        return selectors.offer_list(viewer=self.request.viewer).select_related("assignment")

    def retrieve(self, request, *args, **kwargs):
        offer = self.get_object()
        _require(can_view_offer, request.viewer, offer)
        audit_view(viewer=request.viewer, obj=offer)
        return Response(self.get_serializer(offer).data)

    @extend_schema(request=OfferCreateSerializer, responses={201: OfferSerializer})
    def create(self, request, *args, **kwargs):
        """Offer an open request to a peer worker of the coordinator's pool. Unknown or foreign ids: 404."""
        from ervaringswerk.pool.selectors import peer_worker_list

        _require(can_match, request.viewer)
        body = OfferCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        target = (
            selectors.request_list(viewer=request.viewer).filter(pk=body.validated_data["request"]).first()
        )
        peer = peer_worker_list(viewer=request.viewer).filter(pk=body.validated_data["peer"]).first()
        if target is None or peer is None:
            raise Http404
        offer = _service(
            lambda: services.offer_to_candidate(request=target, peer_id=peer.pk, viewer=request.viewer)
        )
        return Response(self.get_serializer(offer).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=AcceptSerializer, responses=AssignmentSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        """The peer worker accepts: returns the assignment with its agreement."""
        offer = self.get_object()
        _require(can_respond_offer, request.viewer, offer)
        body = AcceptSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        assignment = _service(
            lambda: services.offer_accept(offer=offer, viewer=request.viewer, **body.validated_data)
        )
        assignment = selectors.assignment_list(viewer=request.viewer).get(pk=assignment.pk)
        return Response(AssignmentSerializer(assignment).data)

    @extend_schema(request=DeclineSerializer, responses=DeclinedOfferSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        """The peer worker declines with a reason; the request goes to the next candidate, whose offer
        (made automatically) is `next_offer`."""
        offer = self.get_object()
        _require(can_respond_offer, request.viewer, offer)
        body = DeclineSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        following = _service(
            lambda: services.offer_decline(offer=offer, viewer=request.viewer, **body.validated_data)
        )
        declined = self.get_queryset().get(pk=offer.pk)
        return Response(DeclinedOfferSerializer(declined, context={"next_offer": following}).data)

    @extend_schema(request=None, responses=OfferSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        """The coordinator takes a pending offer back."""
        offer = self.get_object()
        _require(can_withdraw_offer, request.viewer, offer)
        _service(lambda: services.offer_withdraw(offer=offer, viewer=request.viewer))
        return Response(self.get_serializer(self.get_queryset().get(pk=offer.pk)).data)


class AssignmentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, _Base):
    """Assignments (inzet) with their agreement: the peer worker's own, the coordinator's pool's, the
    team's requests'. PATCH /agreement/ changes the agreement (coordinator or team), versioned; PATCH on
    the assignment changes its supporting professional (joint support)."""

    serializer_class = AssignmentSerializer
    permission_rule = staticmethod(can_view_assignments)
    filterset_fields = ["status"]
    query_parameters = ("deployment_form",)

    @extend_schema(parameters=[DEPLOYMENT_FORM_PARAMETER])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def get_queryset(self):
        qs = selectors.assignment_list(viewer=self.request.viewer).prefetch_related("agreement__versions")
        return qs.filter(**deployment_form_filter(self.request))

    def retrieve(self, request, *args, **kwargs):
        assignment = self.get_object()
        _require(can_view_assignment, request.viewer, assignment)
        audit_view(viewer=request.viewer, obj=assignment)
        return Response(self.get_serializer(assignment).data)

    @extend_schema(request=AssignmentSupportSerializer, responses=AssignmentSerializer)
    def partial_update(self, request, *args, **kwargs):
        """Change the professional who supports the resident together with the peer worker (joint
        support): the requesting team or the coordinator of the peer worker's pool."""
        assignment = self.get_object()
        _require(can_edit_agreement, request.viewer, assignment)
        body = AssignmentSupportSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        membership_id = body.validated_data["supporting_professional_id"]
        membership = None
        if membership_id is not None:
            membership = (
                selectors.supporting_professional_candidates(
                    municipality_id=assignment.municipality_id,
                    organisation_id=assignment.request.organisation_id,
                )
                .filter(pk=membership_id)
                .first()
            )
            if membership is None:
                raise exceptions.ValidationError(
                    {
                        "supporting_professional_id": [
                            _("Kies een professional of teamleider van de aanvragende organisatie.")
                        ]
                    }
                )
        _service(
            lambda: services.assignment_supporting_professional_set(
                assignment=assignment, viewer=request.viewer, membership=membership
            )
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=assignment.pk)).data)

    @extend_schema(methods=["PATCH"], request=AgreementWriteSerializer, responses=AssignmentSerializer)
    @action(detail=True, methods=["patch"])
    def agreement(self, request, pk=None):
        assignment = self.get_object()
        _require(can_edit_agreement, request.viewer, assignment)
        body = AgreementWriteSerializer(data=request.data, partial=True)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        if "contact_person_id" in data:
            contact_id = data.pop("contact_person_id")
            contact = None
            if contact_id is not None:
                contact = (
                    selectors.team_contact_candidates(request=assignment.request)
                    .filter(pk=contact_id)
                    .first()
                )
                if contact is None:
                    raise exceptions.ValidationError(
                        {"contact_person_id": ["Kies een contactpersoon uit het aanvragende team."]}
                    )
            data["contact_person"] = contact
        _service(
            lambda: services.agreement_update(agreement=assignment.agreement, viewer=request.viewer, **data)
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=assignment.pk)).data)

    @extend_schema(request=None, responses=AssignmentSerializer)
    @action(detail=True, methods=["post"])
    def start(self, request, pk=None):
        assignment = self.get_object()
        _require(can_manage_assignment, request.viewer, assignment)
        _service(lambda: services.assignment_start(assignment=assignment, viewer=request.viewer))
        return Response(self.get_serializer(self.get_queryset().get(pk=assignment.pk)).data)

    @extend_schema(request=EndSerializer, responses=AssignmentSerializer)
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        assignment = self.get_object()
        _require(can_manage_assignment, request.viewer, assignment)
        body = EndSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        _service(
            lambda: services.assignment_end(
                assignment=assignment, viewer=request.viewer, **body.validated_data
            )
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=assignment.pk)).data)


class ProposalViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, _Base):
    """Batch proposals of the coordinator's pool, with how good each is: placed, the proven most that can
    be placed, the share, and whether it is proven the best; the pairs with their factors and, on a
    draft's detail, the alternatives the page offers; the requests left unplaced with the reasons.
    The same steps as the page: create, remove or replace a pair, send (the offers), discard."""

    serializer_class = ProposalSerializer
    permission_rule = staticmethod(can_manage_proposal)

    def get_queryset(self):
        pairs = selectors.proposal_pairs()
        return selectors.proposal_list(viewer=self.request.viewer).prefetch_related(
            Prefetch("pairs", queryset=pairs)
        )

    def _proposal(self, request):
        proposal = self.get_object()
        _require(can_manage_proposal, request.viewer, proposal)
        return proposal

    def _detail(self, proposal):
        """The proposal as read now, with the alternatives per pair while it is a draft."""
        from ervaringswerk.matching.adapters import rank_request

        proposal = self.get_queryset().get(pk=proposal.pk)
        alternatives = {}
        if proposal.status == ProposalStatus.DRAFT:
            for pair in proposal.pairs.all():
                ranking = rank_request(request=pair.request, limit=6, organisation_ids=[proposal.pool_id])
                alternatives[pair.pk] = [c for c in ranking.candidates if c.peer.pk != pair.peer_id][:5]
        return ProposalSerializer(proposal, context={"alternatives": alternatives}).data

    def retrieve(self, request, *args, **kwargs):
        return Response(self._detail(self._proposal(request)))

    @extend_schema(request=ProposalCreateSerializer, responses={201: ProposalSerializer})
    def create(self, request, *args, **kwargs):
        """Run the optimal batch assignment for every open request against the coordinator's pool (the
        page's "Voorstel maken"). The body may be empty."""
        body = ProposalCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        pool = body.validated_data.get("pool")
        if pool is not None and pool != request.viewer.organisation_id:
            raise exceptions.PermissionDenied(_("U maakt alleen een voorstel voor uw eigen pool."))
        proposal = _service(lambda: services.proposal_create(viewer=request.viewer))
        return Response(self._detail(proposal), status=status.HTTP_201_CREATED)

    def _pair(self, proposal, pair_pk):
        pair = next((p for p in proposal.pairs.all() if str(p.pk) == str(pair_pk).lower()), None)
        if pair is None:
            raise Http404
        return pair

    @extend_schema(
        methods=["PATCH"],
        request=ProposalPairReplaceSerializer,
        responses=ProposalSerializer,
        description="Replace the pair's peer worker by another who fits the request (a draft only).",
    )
    @extend_schema(
        methods=["DELETE"],
        request=None,
        responses=ProposalSerializer,
        description="Take the pair out of the proposal (a draft only).",
    )
    @action(
        detail=True,
        methods=["patch", "delete"],
        url_path=r"pairs/(?P<pair_pk>[0-9a-fA-F-]{36})",
        url_name="pair",
    )
    def pair(self, request, pk=None, pair_pk=None):
        from ervaringswerk.pool.selectors import peer_worker_list

        proposal = self._proposal(request)
        pair = self._pair(proposal, pair_pk)
        if request.method == "DELETE":
            _service(lambda: services.proposal_pair_remove(pair=pair, viewer=request.viewer))
            return Response(self._detail(proposal))
        body = ProposalPairReplaceSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        peer = peer_worker_list(viewer=request.viewer).filter(pk=body.validated_data["peer"]).first()
        if peer is None:
            raise exceptions.ValidationError({"peer": [_("Kies een ervaringsdeskundige uit uw pool.")]})
        _service(lambda: services.proposal_pair_replace(pair=pair, peer=peer, viewer=request.viewer))
        return Response(self._detail(proposal))

    @extend_schema(request=None, responses=ProposalSendResultSerializer)
    @action(detail=True, methods=["post"])
    def send(self, request, pk=None):
        """Make an offer of every pair (the page's "aanbiedingen versturen"). A pair whose request or peer
        worker's capacity changed meanwhile is reported in `failed`, not forced. Twice: 409."""
        proposal = self._proposal(request)
        result = _service(lambda: services.proposal_send(proposal=proposal, viewer=request.viewer))
        sent = [{"pk": o.pk, "request_id": o.request_id, "peer_id": o.peer_id} for o in result.sent]
        failed = [{"pair": pair, "reason": message} for pair, message in result.failed]
        return Response(
            {
                "proposal": self._detail(proposal),
                "sent": ProposalOfferSerializer(sent, many=True).data,
                "failed": ProposalFailureSerializer(failed, many=True).data,
            }
        )

    @extend_schema(request=None, responses=ProposalSerializer)
    @action(detail=True, methods=["post"])
    def discard(self, request, pk=None):
        """Discard a draft (the page's "Voorstel verwerpen"). Twice, or after sending: 409."""
        proposal = self._proposal(request)
        _service(lambda: services.proposal_discard(proposal=proposal, viewer=request.viewer))
        return Response(self._detail(proposal))
