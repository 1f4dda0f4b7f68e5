"""Programme writes through the API (issue 17): create, change, rates, milestones, success criteria and the
go/no-go decision. The same services as the programme pages (organisations.services) and the same rules
(hours.permissions): the municipality and the contractor's coordinator manage a programme, its criteria and
decision are the municipality's (policy advisor, administrator). Reading stays as it was."""

from django.forms import ModelChoiceField
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.response import Response

from ervaringswerk.core.api.errors import Conflict
from ervaringswerk.core.tenancy import Role, Viewer
from ervaringswerk.hours import programme_selectors
from ervaringswerk.hours.permissions import can_decide_programme, can_manage_programmes
from ervaringswerk.organisations.services import (
    go_no_go_decide,
    milestone_add,
    milestone_done,
    programme_create,
    programme_follow_up_create,
    programme_rate_add,
    programme_update,
    success_criterion_add,
    success_criterion_record,
)

from . import views
from .programme_serializers import (
    CriterionCreateSerializer,
    CriterionOutSerializer,
    CriterionRecordSerializer,
    DecisionCreateSerializer,
    FollowUpCreateSerializer,
    MilestoneCreateSerializer,
    ProgrammeCreateSerializer,
    ProgrammeUpdateSerializer,
    RateCreateSerializer,
)
from .selectors import programme_list
from .serializers import MilestoneSerializer, ProgrammeRateSerializer, ProgrammeSerializer

UUID = "[0-9a-fA-F-]{36}"
# Django's own message for an unknown choice, as the page's select answers (Dutch from Django's catalogue).
INVALID_CHOICE = ModelChoiceField.default_error_messages["invalid_choice"]
MILESTONE = OpenApiParameter("milestone_pk", str, OpenApiParameter.PATH, description="The milestone's id")
CRITERION = OpenApiParameter("criterion_pk", str, OpenApiParameter.PATH, description="The criterion's id")


def _organisations(viewer: Viewer, ids, field: str, allowed=None) -> list:
    """The organisations of the caller's municipality behind `ids` (a 400 on `field` for anything else)."""
    choices = (
        allowed if allowed is not None else programme_selectors.organisations_for_programmes(viewer=viewer)
    )
    found = {o.pk: o for o in choices.filter(pk__in=list(ids))}
    if len(found) != len(set(ids)):
        raise DRFValidationError({field: [str(INVALID_CHOICE)]})
    return [found[pk] for pk in ids]


def _contractors(viewer: Viewer, current=None):
    """As the page: a coordinator names their own organisation as contractor, the municipality any."""
    organisations = programme_selectors.organisations_for_programmes(viewer=viewer)
    if viewer.has_role(Role.POLICY_ADVISOR, Role.ADMINISTRATOR):
        return organisations
    return organisations.filter(pk__in=[pk for pk in (viewer.organisation_id, current) if pk])


class ProgrammeViewSet(views.ProgrammeViewSet):
    """Programmes and contracts the caller takes part in (the municipality sees all of its own), with
    budget, used hours and the pro-rata plan, rates, milestones, success criteria and the go/no-go decision.
    The municipality (policy advisor, administrator) and the contractor's coordinator create and change them;
    success criteria and the decision are the municipality's."""

    http_method_names = ["get", "post", "patch", "head", "options"]

    def _fresh(self, programme):
        return ProgrammeSerializer(
            programme_list(viewer=self.request.viewer).get(pk=programme.pk),
            context=self.get_serializer_context(),
        ).data

    def _managed(self, request):
        programme = self.get_object()
        if not can_manage_programmes(request.viewer, programme):
            raise PermissionDenied(
                _("Alleen de gemeente en de uitvoerende coördinator beheren dit programma.")
            )
        return programme

    def _decidable(self, request):
        programme = self.get_object()
        if not can_decide_programme(request.viewer, programme):
            raise PermissionDenied(_("Succescriteria en het go/no-go-besluit zijn aan de gemeente."))
        return programme

    @extend_schema(request=ProgrammeCreateSerializer, responses={201: ProgrammeSerializer})
    def create(self, request, *args, **kwargs):
        viewer = request.viewer
        if not can_manage_programmes(viewer):
            raise PermissionDenied(_("Alleen de gemeente en coördinatoren maken programma's."))
        data = ProgrammeCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        fields["funder"] = _organisations(viewer, [fields["funder"]], "funder")[0]
        fields["contractor"] = _organisations(
            viewer, [fields["contractor"]], "contractor", _contractors(viewer)
        )[0]
        fields["partners"] = _organisations(viewer, fields["partners"], "partners")
        programme = programme_create(municipality=viewer.municipality, **fields)
        return Response(self._fresh(programme), status=status.HTTP_201_CREATED)

    @extend_schema(request=ProgrammeUpdateSerializer, responses=ProgrammeSerializer)
    def partial_update(self, request, *args, **kwargs):
        viewer = request.viewer
        programme = self._managed(request)
        data = ProgrammeUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        if "funder" in fields:
            fields["funder"] = _organisations(viewer, [fields["funder"]], "funder")[0]
        if "contractor" in fields:
            allowed = _contractors(viewer, programme.contractor_id)
            fields["contractor"] = _organisations(viewer, [fields["contractor"]], "contractor", allowed)[0]
        partners = fields.pop("partners", None)
        if partners is not None:
            partners = _organisations(viewer, partners, "partners")
        programme_update(programme=programme, partners=partners, **fields)
        return Response(self._fresh(programme))

    @extend_schema(request=RateCreateSerializer, responses={201: ProgrammeRateSerializer})
    @action(detail=True, methods=["post"])
    def rates(self, request, pk=None):
        """Add an hourly rate (per kind of work, blank: every kind) for a period; overlaps are refused."""
        programme = self._managed(request)
        data = RateCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        rate = programme_rate_add(programme=programme, **data.validated_data)
        return Response(ProgrammeRateSerializer(rate).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=MilestoneCreateSerializer, responses={201: MilestoneSerializer})
    @action(detail=True, methods=["post"])
    def milestones(self, request, pk=None):
        """Add a milestone (learning session, evaluation, go/no-go, other)."""
        programme = self._managed(request)
        data = MilestoneCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        milestone = milestone_add(programme=programme, **data.validated_data)
        return Response(MilestoneSerializer(milestone).data, status=status.HTTP_201_CREATED)

    def _milestone(self, programme, milestone_pk):
        milestone = next((m for m in programme.milestones.all() if str(m.pk) == str(milestone_pk)), None)
        if milestone is None:
            raise Http404
        return milestone

    @extend_schema(request=None, responses=MilestoneSerializer, parameters=[MILESTONE])
    @action(
        detail=True,
        methods=["post"],
        url_path=f"milestones/(?P<milestone_pk>{UUID})/done",
        url_name="milestone-done",
    )
    def milestone_mark_done(self, request, pk=None, milestone_pk=None):
        """Mark a milestone as reached today, as the page's button does; one already done is a 409."""
        milestone = self._milestone(self._managed(request), milestone_pk)
        if milestone.done_on is not None:
            raise Conflict(_("Deze mijlpaal is al afgerond."))
        milestone = milestone_done(milestone=milestone, done_on=timezone.localdate())
        return Response(MilestoneSerializer(milestone).data)

    @extend_schema(request=CriterionCreateSerializer, responses={201: CriterionOutSerializer})
    @action(detail=True, methods=["post"], url_path="success-criteria", url_name="success-criteria")
    def success_criteria(self, request, pk=None):
        """Add a success criterion with its target (policy advisor, administrator)."""
        programme = self._decidable(request)
        data = CriterionCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        criterion = success_criterion_add(programme=programme, **data.validated_data)
        return Response(CriterionOutSerializer(criterion).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=CriterionRecordSerializer, responses=CriterionOutSerializer, parameters=[CRITERION]
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=f"success-criteria/(?P<criterion_pk>{UUID})/value",
        url_name="success-criterion-value",
    )
    def success_criterion_value(self, request, pk=None, criterion_pk=None):
        """Record the value of a criterion the report cannot measure (partner_judgement, free)."""
        programme = self._decidable(request)
        criterion = next(
            (c for c in programme.success_criteria.all() if str(c.pk) == str(criterion_pk)), None
        )
        if criterion is None:
            raise Http404
        data = CriterionRecordSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        criterion = success_criterion_record(
            criterion=criterion,
            value=data.validated_data["recorded_value"],
            note=data.validated_data["recorded_note"],
        )
        return Response(CriterionOutSerializer(criterion).data)

    @extend_schema(
        request=DecisionCreateSerializer, responses={201: ProgrammeSerializer}, parameters=[MILESTONE]
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=f"milestones/(?P<milestone_pk>{UUID})/decision",
        url_name="decision",
    )
    def decision(self, request, pk=None, milestone_pk=None):
        """Record the go/no-go decision on a go/no-go milestone (once: a second time is a 409). Answers the
        programme, whose `decision` then shows it."""
        programme = self._decidable(request)
        milestone = self._milestone(programme, milestone_pk)
        if milestone.kind != "go_no_go":
            raise Http404
        data = DecisionCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        go_no_go_decide(milestone=milestone, decided_by=request.viewer.user, **data.validated_data)
        return Response(self._fresh(programme), status=status.HTTP_201_CREATED)

    @extend_schema(
        request=FollowUpCreateSerializer, responses={201: ProgrammeSerializer}, parameters=[MILESTONE]
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=f"milestones/(?P<milestone_pk>{UUID})/follow-up",
        url_name="follow-up",
    )
    def follow_up(self, request, pk=None, milestone_pk=None):
        """After a go (or go with conditions): create the follow-up programme with the rates in force and a
        hire-out agreement per partner, as the page's follow-up form does. Answers the new programme; before
        a go decision, or a second time, a 409."""
        programme = self._decidable(request)
        milestone = self._milestone(programme, milestone_pk)
        if milestone.kind != "go_no_go":
            raise Http404
        if milestone.outcome not in ("go", "go_with_conditions"):
            raise Conflict(_("Een vervolg kan alleen na een go-besluit."))
        data = FollowUpCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        wanted = fields.pop("agreements")
        end = fields["end_date"]
        if end < fields["start_date"]:
            raise DRFValidationError({"end_date": [_("De einddatum ligt vóór de startdatum.")]})
        partners = _organisations(request.viewer, [a["partner"] for a in wanted], "agreements")
        agreements = [{**a, "partner": p} for a, p in zip(wanted, partners, strict=True)]
        new = programme_follow_up_create(milestone=milestone, agreements=agreements, **fields)
        return Response(self._fresh(new), status=status.HTTP_201_CREATED)
