"""API representations for hours, programmes and hire-out statements.

Time entries name people by id only; a statement line carries the peer worker's name because the issued
statement itself does (it is the document the partner receives)."""

import datetime
import re

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ervaringswerk.core.api.serializers import ModelSerializer, Serializer
from ervaringswerk.core.dates import date_in_window
from ervaringswerk.hours.models import (
    HireOutLine,
    HireOutStatement,
    PeriodLock,
    PeriodReopening,
    TimeEntry,
    WorkKind,
)

REQUIRED = "Dit veld is verplicht."


def _dutch(**extra):
    messages = {
        "required": REQUIRED,
        "null": REQUIRED,
        "invalid": "Deze waarde is niet geldig.",
        "blank": REQUIRED,
    }
    messages.update(extra)
    return messages


class TimeEntrySerializer(ModelSerializer):
    hours = serializers.FloatField(read_only=True)
    work_kind_label = serializers.CharField(source="get_work_kind_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    correction = serializers.SerializerMethodField()
    warnings = serializers.SerializerMethodField(
        help_text="Warnings about weekly hours, working-time limits and the programme's budget burn. "
        "Filled on create, update, the review actions and retrieve; null in lists."
    )

    class Meta:
        model = TimeEntry
        fields = [
            "id",
            "peer",
            "organisation",
            "programme",
            "partner",
            "assignment",
            "activity",
            "date",
            "minutes",
            "hours",
            "work_kind",
            "work_kind_label",
            "description",
            "status",
            "status_label",
            "review_comment",
            "reviewed_at",
            "corrects",
            "correction",
            "correction_reason",
            "override_reason",
            "created_at",
            "updated_at",
            "warnings",
        ]
        read_only_fields = fields

    def get_correction(self, obj) -> str | None:
        """The entry that replaced this one (a coordinator's correction), if any."""
        correction = getattr(obj, "correction", None)
        return str(correction.pk) if correction is not None else None

    def get_warnings(self, obj) -> list[str] | None:
        warnings = getattr(obj, "warnings", None)
        return [str(w) for w in warnings] if warnings is not None else None


class TimeEntryWriteSerializer(Serializer):
    """Create: the peer worker for themself (leave `peer` out), a coordinator for a peer of their pool."""

    peer = serializers.UUIDField(required=False, allow_null=True, default=None)
    date = serializers.DateField(error_messages=_dutch(invalid="Geef een datum als 2026-03-24."))
    minutes = serializers.IntegerField(
        min_value=1,
        max_value=24 * 60,
        error_messages=_dutch(
            invalid="Geef een aantal minuten.",
            min_value="Vul een tijd in tussen 1 minuut en 24 uur.",
            max_value="Vul een tijd in tussen 1 minuut en 24 uur.",
        ),
    )
    work_kind = serializers.ChoiceField(
        choices=WorkKind.choices, error_messages=_dutch(invalid_choice="Kies een soort werk.")
    )
    programme = serializers.UUIDField(required=False, allow_null=True, default=None)
    partner = serializers.UUIDField(required=False, allow_null=True, default=None)
    assignment = serializers.UUIDField(required=False, allow_null=True, default=None)
    activity = serializers.UUIDField(required=False, allow_null=True, default=None)
    description = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=300, help_text="Short, no residents' names."
    )
    submission_key = serializers.UUIDField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Same as the Idempotency-Key header; the header wins when both are sent.",
    )
    override_reason = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=300,
        help_text="Coordinator only: book into a closed or exhausted programme anyway, with a reason.",
    )
    outside_assignment_confirmed = serializers.BooleanField(
        required=False,
        default=False,
        help_text="A date outside the assignment's period is refused (400 on `date`) unless this is true.",
    )


class TimeEntryUpdateSerializer(Serializer):
    """Change an entry that is not yet approved (PATCH: only the fields sent)."""

    date = serializers.DateField(required=False, error_messages=_dutch())
    minutes = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=24 * 60,
        error_messages=_dutch(
            min_value="Vul een tijd in tussen 1 minuut en 24 uur.",
            max_value="Vul een tijd in tussen 1 minuut en 24 uur.",
        ),
    )
    work_kind = serializers.ChoiceField(
        required=False, choices=WorkKind.choices, error_messages=_dutch(invalid_choice="Kies een soort werk.")
    )
    programme = serializers.UUIDField(required=False, allow_null=True)
    partner = serializers.UUIDField(required=False, allow_null=True)
    assignment = serializers.UUIDField(required=False, allow_null=True)
    activity = serializers.UUIDField(required=False, allow_null=True)
    description = serializers.CharField(required=False, allow_blank=True, max_length=300)
    outside_assignment_confirmed = serializers.BooleanField(
        required=False,
        help_text="A date outside the assignment's period is refused (400 on `date`) unless this is true.",
    )


class TimeEntryReturnSerializer(Serializer):
    comment = serializers.CharField(
        max_length=500,
        error_messages=_dutch(
            required="Schrijf erbij waarom u de uren teruggeeft.",
            blank="Schrijf erbij waarom u de uren teruggeeft.",
            null="Schrijf erbij waarom u de uren teruggeeft.",
        ),
    )


class TimeEntryCorrectSerializer(TimeEntryUpdateSerializer):
    reason = serializers.CharField(
        max_length=300,
        error_messages=_dutch(
            required="Schrijf erbij waarom u de uren corrigeert.",
            blank="Schrijf erbij waarom u de uren corrigeert.",
            null="Schrijf erbij waarom u de uren corrigeert.",
        ),
    )
    override_reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)


class HireOutLineSerializer(ModelSerializer):
    work_kind_label = serializers.CharField(source="get_work_kind_display", read_only=True)
    hours = serializers.FloatField(read_only=True)

    class Meta:
        model = HireOutLine
        fields = [
            "programme",
            "programme_name",
            "programme_code",
            "peer",
            "peer_name",
            "work_kind",
            "work_kind_label",
            "minutes",
            "hours",
            "hourly_rate",
            "amount",
        ]
        read_only_fields = fields


class HireOutStatementSerializer(ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    total_hours = serializers.FloatField(read_only=True)
    lines = HireOutLineSerializer(many=True, read_only=True)

    class Meta:
        model = HireOutStatement
        fields = [
            "id",
            "number",
            "kind",
            "kind_label",
            "issuer",
            "issuer_name",
            "partner",
            "partner_name",
            "month",
            "corrects",
            "total_minutes",
            "total_hours",
            "total_amount",
            "issued_at",
            "lines",
        ]
        read_only_fields = fields


class ProgrammeRateSerializer(Serializer):
    id = serializers.UUIDField()
    work_kind = serializers.CharField(help_text="A WorkKind value; empty: every kind without its own rate")
    valid_from = serializers.DateField()
    valid_until = serializers.DateField(allow_null=True)
    hourly_rate = serializers.DecimalField(max_digits=7, decimal_places=2)


class MilestoneSerializer(Serializer):
    id = serializers.UUIDField()
    kind = serializers.CharField(help_text="learning_session, evaluation, go_no_go or other")
    title = serializers.CharField()
    date = serializers.DateField()
    done_on = serializers.DateField(allow_null=True)


class SuccessCriterionSerializer(Serializer):
    id = serializers.UUIDField()
    kind = serializers.CharField(
        help_text="hours_share, residents_reached, experience_score, partner_judgement or free"
    )
    title = serializers.CharField(source="label")
    target = serializers.DecimalField(max_digits=8, decimal_places=2)
    recorded_value = serializers.DecimalField(
        max_digits=8,
        decimal_places=2,
        allow_null=True,
        help_text="Recorded by hand for partner_judgement and free; the others are measured in the report",
    )


class DecisionSerializer(Serializer):
    milestone = serializers.UUIDField(source="id")
    outcome = serializers.CharField(help_text="go, go_with_conditions or no_go")
    rationale = serializers.CharField()
    conditions = serializers.CharField()
    decided_by = serializers.CharField(source="decided_by_name")
    decided_on = serializers.DateField()
    follow_up = serializers.UUIDField(source="follow_up_id", allow_null=True)


class ProgrammeSerializer(Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()
    code = serializers.CharField()
    theme = serializers.CharField()
    description = serializers.CharField()
    funder = serializers.UUIDField(source="funder_id")
    funder_name = serializers.CharField(source="funder.name")
    contractor = serializers.UUIDField(source="contractor_id")
    contractor_name = serializers.CharField(source="contractor.name")
    partners = serializers.SerializerMethodField()
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    go_no_go_date = serializers.DateField(allow_null=True)
    status = serializers.CharField(help_text="open or closed")
    deployment_form = serializers.CharField(
        help_text="Form of deployment of the contract: embedded, neighbourhood_team, peer_run or on_request"
    )
    hours_per_week = serializers.DecimalField(max_digits=6, decimal_places=1)
    budget_hours = serializers.DecimalField(source="hours_total", max_digits=8, decimal_places=1)
    used_hours = serializers.SerializerMethodField(help_text="Submitted and approved hours")
    planned_hours = serializers.SerializerMethodField(help_text="Pro-rata share of the budget by today")
    ahead_of_plan = serializers.SerializerMethodField(
        help_text="True when used hours run more than ten percentage points ahead of the pro-rata plan"
    )
    rates = ProgrammeRateSerializer(many=True)
    milestones = MilestoneSerializer(many=True)
    success_criteria = SuccessCriterionSerializer(many=True)
    decision = serializers.SerializerMethodField(help_text="The go/no-go decision, null until recorded")

    @extend_schema_field(DecisionSerializer(allow_null=True))
    def get_decision(self, obj):
        decided = [m for m in obj.milestones.all() if m.kind == "go_no_go" and m.outcome]
        return DecisionSerializer(decided[-1]).data if decided else None

    def get_partners(self, obj) -> list[dict]:
        return [{"id": str(p.pk), "name": p.name} for p in obj.partners.all()]

    def _burn(self, obj) -> dict:
        if not hasattr(obj, "_api_burn"):
            obj._api_burn = self.context["burn"](obj)
        return obj._api_burn

    def get_used_hours(self, obj) -> float:
        return self._burn(obj)["used_hours"]

    def get_planned_hours(self, obj) -> float:
        return self._burn(obj)["planned_hours"]

    def get_ahead_of_plan(self, obj) -> bool:
        return bool(self._burn(obj)["ahead"])


MONTH_PATTERN = r"^\d{4}-\d{2}$"


@extend_schema_field({"type": "string", "pattern": MONTH_PATTERN, "example": "2026-03"})
class MonthField(serializers.CharField):
    """A month as the pages take it, `JJJJ-MM` (2026-03): the first day of that month, in the date window."""

    def to_internal_value(self, data):
        text = super().to_internal_value(data)
        match = re.match(MONTH_PATTERN, text)
        month = None
        if match:
            try:
                month = datetime.date(int(text[:4]), int(text[5:]), 1)
            except ValueError:
                month = None
        if month is None:
            raise serializers.ValidationError(_("Kies een maand als JJJJ-MM, bijvoorbeeld 2026-03."))
        try:
            date_in_window(month)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages) from exc
        return month


class PeriodLockSerializer(ModelSerializer):
    locked_at = serializers.DateTimeField(source="created_at", read_only=True)
    locked_by = serializers.SerializerMethodField()

    class Meta:
        model = PeriodLock
        fields = ["id", "organisation", "month", "locked_at", "locked_by"]
        read_only_fields = fields

    def get_locked_by(self, lock) -> str | None:
        user = lock.locked_by
        return (user.get_full_name() or user.get_username()) if user else None


class PeriodLockCreateSerializer(Serializer):
    month = MonthField(help_text="The month to close, JJJJ-MM; only a month that has ended")


class PeriodReopenSerializer(Serializer):
    reason = serializers.CharField(max_length=500, help_text="Why the month must be open again (kept)")


class PeriodReopeningSerializer(ModelSerializer):
    reopened_at = serializers.DateTimeField(source="created_at", read_only=True)

    class Meta:
        model = PeriodReopening
        fields = ["id", "organisation", "month", "reason", "locked_at", "reopened_at"]
        read_only_fields = fields


class StatementIssueSerializer(Serializer):
    partner = serializers.UUIDField(help_text="The partner organisation the hours are hired out to")
    month = MonthField(help_text="The month of the hours, JJJJ-MM; only a month that has ended")


class BulkApproveSerializer(Serializer):
    ids = serializers.ListField(
        child=serializers.UUIDField(),
        min_length=1,
        max_length=500,
        help_text="Time entries to approve; only those still waiting in the caller's queue are approved",
    )


class NotApprovedSerializer(Serializer):
    id = serializers.UUIDField()
    reason = serializers.CharField()


class BulkApproveResultSerializer(Serializer):
    approved = serializers.ListField(child=serializers.UUIDField())
    not_approved = NotApprovedSerializer(many=True)
