"""API representations. People appear as ids only (never names): the API serves systems, not a roster."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ervaringswerk.activities.models import Activity, ActivityKind, Frequency, MinuteItem, MinuteKind, Session
from ervaringswerk.core.api.serializers import ModelSerializer, Serializer
from ervaringswerk.core.freetext import limit


class ActivitySerializer(ModelSerializer):
    # Plain strings here (the values are documented on ActivityCreateRequest): an enum used by two schema
    # components gets a hashed name in drf-spectacular when other apps also have a field called `kind`.
    kind = serializers.CharField(
        read_only=True, help_text="An ActivityKind value, see ActivityCreateRequest.kind"
    )
    organisers = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    themes = serializers.SlugRelatedField(many=True, read_only=True, slug_field="slug")
    neighbourhood = serializers.PrimaryKeyRelatedField(read_only=True)
    programme = serializers.PrimaryKeyRelatedField(
        read_only=True,
        allow_null=True,
        help_text="The programme the facilitators' hours are booked on, or null",
    )

    class Meta:
        model = Activity
        fields = [
            "id",
            "title",
            "kind",
            "description",
            "organisers",
            "programme",
            "place",
            "neighbourhood",
            "themes",
            "capacity",
            "is_public",
            "frequency",
            "interval",
            "weekdays",
            "start_date",
            "end_date",
            "start_time",
            "duration_minutes",
            "custom_dates",
            "skip_holidays",
            "extra_minutes",
            "hosts_needed",
            "is_active",
        ]


class ActivityCreateSerializer(Serializer):
    title = serializers.CharField(max_length=150)
    kind = serializers.ChoiceField(choices=ActivityKind.choices)
    description = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=limit(Activity, "description")
    )
    organisers = serializers.ListField(child=serializers.UUIDField(), min_length=1)
    peer_facilitators = serializers.ListField(child=serializers.UUIDField(), required=False, default=list)
    user_facilitators = serializers.ListField(child=serializers.UUIDField(), required=False, default=list)
    themes = serializers.ListField(child=serializers.SlugField(), required=False, default=list)
    neighbourhood = serializers.UUIDField(required=False, allow_null=True, default=None)
    place = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    capacity = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=1, max_value=500
    )
    is_public = serializers.BooleanField(required=False, default=False)
    frequency = serializers.ChoiceField(choices=Frequency.choices, default=Frequency.WEEKLY)
    interval = serializers.IntegerField(required=False, default=1, min_value=1, max_value=52)
    weekdays = serializers.ListField(
        child=serializers.IntegerField(min_value=0, max_value=6), required=False, default=list
    )
    start_date = serializers.DateField()
    end_date = serializers.DateField(required=False, allow_null=True, default=None)
    start_time = serializers.TimeField()
    duration_minutes = serializers.IntegerField(min_value=15, max_value=720)
    custom_dates = serializers.ListField(child=serializers.DateField(), required=False, default=list)
    skip_holidays = serializers.BooleanField(required=False, default=True)
    extra_minutes = serializers.IntegerField(required=False, default=0, min_value=0, max_value=480)
    hosts_needed = serializers.IntegerField(required=False, default=0, min_value=0, max_value=20)
    programme = serializers.UUIDField(
        required=False,
        allow_null=True,
        default=None,
        help_text="A running programme of the caller's municipality that one of the organisers carries out"
        " or joins as partner; the peer facilitators' hours of held sessions are booked on it",
    )


class ActivityUpdateSerializer(Serializer):
    """PATCH: only the fields sent change; the untouched future sessions follow."""

    title = serializers.CharField(max_length=150, required=False)
    description = serializers.CharField(
        required=False, allow_blank=True, max_length=limit(Activity, "description")
    )
    place = serializers.CharField(required=False, allow_blank=True, max_length=200)
    programme = serializers.UUIDField(
        required=False,
        allow_null=True,
        help_text="As on create; null takes the activity off its programme (hours already booked stay)",
    )


class StaffCountSerializer(Serializer):
    organisation = serializers.UUIDField(
        help_text="The activity's organiser or the funder, contractor or a partner of its programme"
    )
    people = serializers.IntegerField(min_value=0, max_value=500, help_text="How many of its staff came")


class SessionSerializer(ModelSerializer):
    activity_title = serializers.CharField(source="activity.title", read_only=True)
    facilitators = serializers.SerializerMethodField()
    resident_code_count = serializers.SerializerMethodField()
    milestone = serializers.PrimaryKeyRelatedField(
        read_only=True,
        allow_null=True,
        help_text="Learning sessions and evaluations: the programme milestone the session carries out,"
        " or null",
    )
    staff = serializers.SerializerMethodField(
        help_text="Learning sessions and evaluations: the staff who came, counted per organisation"
    )

    class Meta:
        model = Session
        fields = [
            "id",
            "activity",
            "activity_title",
            "occurrence_date",
            "starts_at",
            "ends_at",
            "status",
            "cancel_reason",
            "holiday",
            "is_edited",
            "place",
            "new_participants",
            "returning_participants",
            "resident_code_count",
            "facilitators",
            "milestone",
            "staff",
            "sequence",
        ]

    def get_facilitators(self, obj) -> list[dict]:
        """Who facilitates is for the people who work with them (can_view_facilitators), as on the page:
        for a policy advisor the list is empty."""
        if not self.context.get("show_people", False):
            return []
        return [
            {"type": "peer_worker", "id": str(f.peer_id)}
            if f.peer_id
            else {"type": "user", "id": str(f.user_id)}
            for f in obj.facilitators.all()
        ]

    def get_resident_code_count(self, obj) -> int:
        return obj.resident_codes.count()

    @extend_schema_field(StaffCountSerializer(many=True))
    def get_staff(self, obj) -> list[dict]:
        rows = sorted(obj.staff_attendance.all(), key=lambda row: str(row.organisation_id))
        return [{"organisation": str(row.organisation_id), "people": row.people} for row in rows]


class SessionMoveSerializer(Serializer):
    starts_at = serializers.DateTimeField()
    duration_minutes = serializers.IntegerField(required=False, min_value=15, max_value=720)
    place = serializers.CharField(required=False, allow_blank=True, max_length=200)


class SessionCancelSerializer(Serializer):
    reason = serializers.CharField(max_length=200)


class AttendanceSerializer(Serializer):
    new_participants = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=1000)
    returning_participants = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=1000
    )
    resident_codes = serializers.ListField(
        child=serializers.CharField(max_length=40), required=False, default=list
    )
    present_peer_ids = serializers.ListField(child=serializers.UUIDField(), required=False, allow_null=True)
    milestone = serializers.UUIDField(
        required=False,
        allow_null=True,
        help_text="Learning sessions and evaluations only: a learning-session or evaluation milestone of"
        " the activity's programme that this session carries out (reached on the session's date); null"
        " unlinks it; left out, it stays as it is",
    )
    staff = StaffCountSerializer(
        many=True,
        required=False,
        help_text="Learning sessions and evaluations only: the staff who came per organisation (each"
        " organisation once); replaces the counts, [] clears them; left out, they stay as they are",
    )


class MinuteItemSerializer(Serializer):
    kind = serializers.ChoiceField(choices=MinuteKind.choices)
    text = serializers.CharField(max_length=limit(MinuteItem, "text"))


class RosterSlotSerializer(Serializer):
    id = serializers.UUIDField(source="session.pk")
    activity = serializers.UUIDField(source="session.activity_id")
    activity_title = serializers.CharField(source="session.activity.title")
    starts_at = serializers.DateTimeField(source="session.starts_at")
    ends_at = serializers.DateTimeField(source="session.ends_at")
    status = serializers.CharField(source="session.status", help_text="planned, held or cancelled")
    hosts_needed = serializers.IntegerField(source="needed")
    hosts = serializers.SerializerMethodField()
    open_places = serializers.IntegerField()

    def get_hosts(self, obj) -> list[str]:
        return [str(p.pk) for p in obj.hosts]


class HostSignupSerializer(Serializer):
    peer = serializers.UUIDField(required=False, help_text="For a coordinator: which peer worker of the pool")
