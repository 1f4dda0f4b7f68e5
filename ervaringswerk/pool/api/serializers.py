"""Serializers of the pool API. Output shows only what the viewer may see (the views pass the visible
experiences and the viewer's relation in the context); input is parsed here and written by the services."""

from rest_framework import serializers

from ervaringswerk.core.api.serializers import ModelSerializer, Serializer
from ervaringswerk.core.reference import DeploymentKind, EducationLevel, ParticipationRung, PeerRole, TaskArea
from ervaringswerk.pool.constants import (
    LANGUAGES,
    EmploymentForm,
    Gender,
    GoalStatus,
    PeerStatus,
    RegisterStatus,
    SupportNeed,
    Visibility,
    Weekday,
    Wish,
)
from ervaringswerk.pool.models import (
    CheckIn,
    DevelopmentGoal,
    LadderStep,
    PeerExperience,
    PeerWorker,
    Training,
)


class ExperienceSerializer(ModelSerializer):
    peer_worker = serializers.UUIDField(source="peer_id", read_only=True)
    domain = serializers.CharField(source="domain.slug", read_only=True)
    domain_name = serializers.CharField(source="domain.name", read_only=True)

    class Meta:
        model = PeerExperience
        fields = ["id", "peer_worker", "domain", "domain_name", "visibility", "description"]
        read_only_fields = fields


class ExperienceWriteSerializer(Serializer):
    peer_worker = serializers.UUIDField(required=False, help_text="Standaard: uw eigen profiel.")
    domain = serializers.SlugField(
        help_text="Korte naam van het ervaringsdomein, bijvoorbeeld 'armoede-schulden'."
    )
    visibility = serializers.ChoiceField(choices=Visibility.choices)
    description = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")


class ExperienceUpdateSerializer(Serializer):
    visibility = serializers.ChoiceField(choices=Visibility.choices, required=False)
    description = serializers.CharField(max_length=1000, required=False, allow_blank=True)


class PeerWorkerSerializer(ModelSerializer):
    """A peer worker as the caller may see them. `experiences` holds only what was shared with the caller;
    `gender` and `cultural_background` appear only for the peer worker themself; `talk_requested` only for
    their coordinator."""

    organisation = serializers.CharField(source="organisation.name", read_only=True)
    organisation_id = serializers.UUIDField(read_only=True)
    neighbourhoods = serializers.SerializerMethodField()
    effective_status = serializers.SerializerMethodField()
    available_now = serializers.SerializerMethodField()
    availability_reason = serializers.SerializerMethodField()
    current_rung = serializers.SerializerMethodField()
    experiences = serializers.SerializerMethodField()
    # Present only for the peer worker themself (to_representation drops them for anyone else), so the
    # schema must not list them as required; drf-spectacular requires every read-only field, hence these
    # two are declared optional instead (this serializer only answers, it never reads input).
    gender = serializers.ChoiceField(choices=Gender.choices, required=False, allow_blank=True)
    cultural_background = serializers.CharField(required=False, allow_blank=True, max_length=100)

    SELF_ONLY = ("gender", "cultural_background")

    class Meta:
        model = PeerWorker
        fields = [
            "id",
            "first_name",
            "last_name",
            "organisation",
            "organisation_id",
            "email",
            "phone",
            "status",
            "status_since",
            "joined_on",
            "left_on",
            "effective_status",
            "available_now",
            "availability_reason",
            "languages",
            "neighbourhoods",
            "kinds",
            "task_areas",
            "peer_roles",
            "education_level",
            "register_status",
            "register_since",
            "employment_form",
            "weekly_hours",
            "available_days",
            "max_residents",
            "excluded_themes",
            "prefers",
            "wishes_note",
            "pause_start",
            "pause_end",
            "pause_note",
            "current_rung",
            "experiences",
            "gender",
            "cultural_background",
        ]
        read_only_fields = fields

    def _availability(self, peer):
        return self.context["availability"](peer)

    def get_neighbourhoods(self, peer) -> list[str]:
        return [str(n.pk) for n in peer.neighbourhoods.all()]

    def get_effective_status(self, peer) -> str:
        return self._availability(peer).effective_status

    def get_available_now(self, peer) -> bool:
        return self._availability(peer).available

    def get_availability_reason(self, peer) -> str:
        return self._availability(peer).reason

    def get_current_rung(self, peer) -> int | None:
        return getattr(peer, "current_rung", None)

    def get_experiences(self, peer) -> list[dict]:
        return ExperienceSerializer(self.context["experiences"].get(peer.pk, []), many=True).data

    def to_representation(self, peer):
        data = super().to_representation(peer)
        relation = self.context["relation"](peer)
        if relation != "self":
            for name in self.SELF_ONLY:
                data.pop(name, None)
        if relation == "coordinator":
            data["talk_requested"] = bool(getattr(peer, "talk_requested", False))
        return data


def _list_field(choices, **kwargs):
    return serializers.ListField(child=serializers.ChoiceField(choices=choices), required=False, **kwargs)


class PeerWorkerUpdateSerializer(Serializer):
    """PATCH: the peer worker changes their own profile, boundaries and pause; the coordinator the
    administrative fields (name, contact, employment, status with dates, agreed hours)."""

    # the peer worker's own
    email = serializers.EmailField(required=False, allow_blank=True)
    phone = serializers.CharField(required=False, allow_blank=True, max_length=30)
    languages = _list_field(LANGUAGES)
    neighbourhoods = serializers.ListField(child=serializers.UUIDField(), required=False)
    kinds = _list_field(DeploymentKind.choices)
    task_areas = _list_field(TaskArea.choices)
    peer_roles = _list_field(PeerRole.choices)
    education_level = serializers.ChoiceField(
        choices=EducationLevel.choices, required=False, allow_blank=True
    )
    register_status = serializers.ChoiceField(choices=RegisterStatus.choices, required=False)
    register_since = serializers.DateField(required=False, allow_null=True)
    gender = serializers.ChoiceField(choices=Gender.choices, required=False, allow_blank=True)
    cultural_background = serializers.CharField(required=False, allow_blank=True, max_length=100)
    available_days = _list_field(Weekday.choices)
    excluded_themes = serializers.ListField(
        child=serializers.CharField(max_length=80), required=False, max_length=30
    )
    prefers = _list_field(Wish.choices)
    wishes_note = serializers.CharField(required=False, allow_blank=True, max_length=1000)
    pause_start = serializers.DateField(required=False, allow_null=True)
    pause_end = serializers.DateField(required=False, allow_null=True)
    pause_note = serializers.CharField(required=False, allow_blank=True, max_length=300)
    # the coordinator's (agreed hours and resident capacity are the pool organisation's agreement)
    weekly_hours = serializers.DecimalField(
        max_digits=4, decimal_places=1, required=False, min_value=0, max_value=60
    )
    max_residents = serializers.IntegerField(required=False, min_value=0, max_value=50)
    first_name = serializers.CharField(required=False, max_length=100)
    last_name = serializers.CharField(required=False, max_length=100)
    employment_form = serializers.ChoiceField(
        choices=EmploymentForm.choices, required=False, allow_blank=True
    )
    status = serializers.ChoiceField(choices=PeerStatus.choices, required=False)
    status_since = serializers.DateField(required=False, allow_null=True)
    joined_on = serializers.DateField(required=False, allow_null=True)
    left_on = serializers.DateField(required=False, allow_null=True)


class LadderStepSerializer(ModelSerializer):
    peer_worker = serializers.UUIDField(source="peer_id", required=False)
    rung = serializers.ChoiceField(choices=ParticipationRung.choices)

    class Meta:
        model = LadderStep
        fields = ["id", "peer_worker", "rung", "date", "note"]
        read_only_fields = ["id"]


class GoalSerializer(ModelSerializer):
    peer_worker = serializers.UUIDField(source="peer_id", required=False)
    status = serializers.ChoiceField(choices=GoalStatus.choices, required=False)

    class Meta:
        model = DevelopmentGoal
        fields = ["id", "peer_worker", "title", "description", "status", "target_date", "achieved_on"]
        read_only_fields = ["id"]


class TrainingSerializer(ModelSerializer):
    peer_worker = serializers.UUIDField(source="peer_id", required=False)

    class Meta:
        model = Training
        fields = ["id", "peer_worker", "name", "provider", "started_on", "completed_on"]
        read_only_fields = ["id"]


class CheckInSerializer(ModelSerializer):
    energy = serializers.IntegerField(min_value=1, max_value=5)
    balance = serializers.IntegerField(min_value=1, max_value=5)
    support_need = serializers.ChoiceField(choices=SupportNeed.choices, required=False)

    class Meta:
        model = CheckIn
        fields = [
            "id",
            "date",
            "energy",
            "balance",
            "support_need",
            "note",
            "wants_talk",
            "talk_acknowledged_at",
        ]
        read_only_fields = ["id", "date", "talk_acknowledged_at"]
