from django.utils import timezone
from rest_framework import serializers

from ervaringswerk.core.api.serializers import ModelSerializer
from ervaringswerk.preconditions.models import Action, Assessment, AssessmentRound
from ervaringswerk.preconditions.selectors import in_checklist_order, round_results


class AssessmentSerializer(ModelSerializer):
    organisation = serializers.UUIDField(source="organisation_id", read_only=True)
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)
    items = serializers.SerializerMethodField()

    class Meta:
        model = Assessment
        fields = ["id", "organisation", "organisation_name", "assessed_on", "items"]

    def get_items(self, obj) -> list[dict]:
        return [
            {
                "precondition": i.precondition,
                "score": i.score,
                "explanation": i.explanation,
                "evidence": i.evidence,
            }
            for i in in_checklist_order(obj.items.all())
        ]


class ActionSerializer(ModelSerializer):
    organisation = serializers.UUIDField(source="organisation_id", read_only=True)

    class Meta:
        model = Action
        fields = [
            "id",
            "organisation",
            "precondition",
            "description",
            "owner",
            "due_date",
            "status",
            "completed_on",
        ]


class PreconditionRoundSerializer(ModelSerializer):
    """A round with, per organisation the viewer may see, its status and the comparison per criterion in
    checklist order. The peer workers' view is suppressed exactly as on the page (selectors.round_results):
    `peer_average` is null with `peer_suppressed` true below the threshold, and null with `published` false
    while the round is open."""

    status = serializers.SerializerMethodField()
    organisations = serializers.SerializerMethodField()

    class Meta:
        model = AssessmentRound
        fields = [
            "id",
            "title",
            "note",
            "opened_on",
            "deadline",
            "reminder_days",
            "closed_on",
            "status",
            "organisations",
        ]
        read_only_fields = fields

    def get_status(self, obj) -> str:
        return "closed" if obj.is_closed(timezone.localdate()) else "open"

    def get_organisations(self, obj) -> list[dict]:
        viewer = self.context["request"].viewer
        return [
            {
                "organisation": str(r.entry.organisation_id),
                "organisation_name": r.entry.organisation.name,
                "status": r.entry.status,
                "assessment": str(r.entry.assessment_id) if r.entry.assessment_id else None,
                "published": r.published,
                "peer_respondents": r.respondents.export(),
                "peer_respondents_suppressed": r.respondents.suppressed,
                "criteria": [
                    {
                        "precondition": c.key,
                        "organisation_score": c.organisation,
                        "peer_average": c.peers.export() if c.peers is not None else None,
                        "peer_suppressed": bool(c.peers is not None and c.peers.suppressed),
                        "difference": c.difference,
                    }
                    for c in r.criteria
                ],
            }
            for r in round_results(viewer=viewer, round_=obj)
        ]
