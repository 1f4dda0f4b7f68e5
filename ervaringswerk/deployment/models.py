"""Deployment (inzet): requests from teams, offers to peer workers, assignments and their agreements,
and the coordinator's batch proposals. Status changes happen only through services.py."""

import math
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ervaringswerk.core.models import TenantModel
from ervaringswerk.core.reference import DeploymentForm, DeploymentKind, PeerRole
from ervaringswerk.pool.constants import LANGUAGES


class RequestStatus(models.TextChoices):
    DRAFT = "draft", _("Concept")
    OPEN = "open", _("Open")
    OFFERED = "offered", _("Aangeboden")
    MATCHED = "matched", _("Gematcht")
    ACTIVE = "active", _("Actief")
    ENDED = "ended", _("Afgerond")
    WITHDRAWN = "withdrawn", _("Ingetrokken")


# The status flow. Anything else is refused by services.request_transition with a Dutch message.
REQUEST_TRANSITIONS: dict[str, frozenset[str]] = {
    RequestStatus.DRAFT: frozenset({RequestStatus.OPEN, RequestStatus.WITHDRAWN}),
    RequestStatus.OPEN: frozenset({RequestStatus.OFFERED, RequestStatus.WITHDRAWN}),
    RequestStatus.OFFERED: frozenset({RequestStatus.OPEN, RequestStatus.MATCHED, RequestStatus.WITHDRAWN}),
    RequestStatus.MATCHED: frozenset({RequestStatus.ACTIVE, RequestStatus.WITHDRAWN}),
    RequestStatus.ACTIVE: frozenset({RequestStatus.ENDED}),
    RequestStatus.ENDED: frozenset(),
    RequestStatus.WITHDRAWN: frozenset(),
}
# Requests waiting for a peer worker: the coordinator's queue.
QUEUE_STATUSES = (RequestStatus.OPEN,)
# Requests a team can still change.
EDITABLE_STATUSES = (RequestStatus.DRAFT, RequestStatus.OPEN)


class Urgency(models.IntegerChoices):
    NORMAL = 1, _("Normaal")
    SOON = 2, _("Snel")
    URGENT = 3, _("Dringend")


class Strength(models.TextChoices):
    WISH = "wish", _("Wens")
    MUST = "must", _("Eis")


class GenderPreference(models.TextChoices):
    # The same codes as the pool records a peer worker's self-declared gender (pool.constants.Gender).
    WOMAN = "woman", _("Vrouw")
    MAN = "man", _("Man")
    NON_BINARY = "non_binary", _("Non-binair")


class WithdrawReason(models.TextChoices):
    NOT_NEEDED = "not_needed", _("Niet meer nodig")
    SOLVED_OTHERWISE = "solved_otherwise", _("Op een andere manier opgelost")
    RESIDENT_DECLINED = "resident_declined", _("Bewoner wil het niet meer")
    NO_MATCH = "no_match", _("Geen passende ervaringsdeskundige")
    OTHER = "other", _("Anders")


class EndReason(models.TextChoices):
    COMPLETED = "completed", _("Afgerond zoals afgesproken")
    GOAL_REACHED = "goal_reached", _("Doel eerder bereikt")
    RESIDENT_STOPPED = "resident_stopped", _("Bewoner is gestopt")
    PEER_STOPPED = "peer_stopped", _("Ervaringsdeskundige is gestopt")
    OTHER = "other", _("Anders")


RESIDENT_CODE_RE = re.compile(r"^[A-Z]{2,4}-[A-Z0-9]{3,8}$")


def looks_like_bsn(value: str) -> bool:
    """Nine digits in a row, also when written with spaces, dots or dashes (123 456 789, 123.45.6789)."""
    return bool(re.search(r"\d{9}", re.sub(r"(?<=\d)[\s.-]+(?=\d)", "", value or "")))


def validate_resident_code(value: str) -> None:
    """A pseudonymous resident code such as HLM-4821: letters, a dash, letters/digits. Never a name or BSN."""
    if not value:
        return
    if looks_like_bsn(value):
        raise ValidationError(
            _(
                "Dit lijkt op een burgerservicenummer (BSN). Vul nooit een BSN of naam in, maar een "
                "pseudonieme bewonerscode zoals HLM-4821."
            ),
            code="bsn",
        )
    if not RESIDENT_CODE_RE.fullmatch(value):
        raise ValidationError(
            _(
                "Een bewonerscode bestaat uit 2 tot 4 hoofdletters, een streepje en 3 tot 8 letters of "
                "cijfers, bijvoorbeeld HLM-4821. Gebruik nooit een naam of BSN."
            ),
            code="format",
        )


class DeploymentRequest(TenantModel):
    """A team's request for a peer worker (inzetverzoek)."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("aanvragende organisatie"),
        on_delete=models.PROTECT,
        related_name="deployment_requests",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(_("soort inzet"), max_length=40, choices=DeploymentKind.choices)
    title = models.CharField(_("titel"), max_length=150)
    domains_needed = models.ManyToManyField(
        "core.ExperienceDomain",
        verbose_name=_("nodige ervaringsdomeinen"),
        blank=True,
        related_name="+",
        help_text=_("De ervaringsdeskundige moet ervaring hebben met elk van deze domeinen."),
    )
    domains_preferred = models.ManyToManyField(
        "core.ExperienceDomain",
        verbose_name=_("gewenste ervaringsdomeinen"),
        blank=True,
        related_name="+",
        help_text=_("Pluspunten, geen eis."),
    )
    neighbourhood = models.ForeignKey(
        "core.Neighbourhood", verbose_name=_("wijk"), on_delete=models.PROTECT, null=True, blank=True
    )
    language = models.CharField(_("taal"), max_length=10, choices=LANGUAGES, blank=True)
    gender_preference = models.CharField(
        _("voorkeur geslacht"), max_length=20, choices=GenderPreference.choices, blank=True
    )
    gender_strength = models.CharField(
        _("voorkeur geslacht is"), max_length=10, choices=Strength.choices, default=Strength.WISH
    )
    cultural_background = models.CharField(_("voorkeur culturele achtergrond"), max_length=100, blank=True)
    cultural_strength = models.CharField(
        _("voorkeur culturele achtergrond is"), max_length=10, choices=Strength.choices, default=Strength.WISH
    )
    hours_per_week = models.DecimalField(_("uren per week"), max_digits=4, decimal_places=1, default=2)
    start_date = models.DateField(_("startdatum"), null=True, blank=True)
    end_date = models.DateField(_("einddatum"), null=True, blank=True)
    urgency = models.PositiveSmallIntegerField(_("urgentie"), choices=Urgency.choices, default=Urgency.NORMAL)
    resident_code = models.CharField(
        _("bewonerscode"),
        max_length=20,
        blank=True,
        validators=[validate_resident_code],
        help_text=_("Alleen bij individuele ondersteuning: een pseudonieme code, nooit een naam of BSN."),
    )
    context = models.TextField(
        _("toelichting"),
        max_length=5000,
        blank=True,
        help_text=_("Wat moet de ervaringsdeskundige weten? Geen namen, adressen of BSN van bewoners."),
    )
    # Joint support (issue 14, S4): the professional of the requesting organisation who supports the
    # resident together with the peer worker.
    supporting_professional = models.ForeignKey(
        "accounts.Membership",
        verbose_name=_("ondersteunende professional"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Wie van uw organisatie de bewoner samen met de ervaringsdeskundige ondersteunt."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=RequestStatus.choices, default=RequestStatus.DRAFT
    )
    status_reason = models.CharField(_("reden"), max_length=30, blank=True)
    status_note = models.TextField(_("toelichting bij de status"), max_length=2000, blank=True)
    submitted_at = models.DateTimeField(_("ingediend op"), null=True, blank=True)
    matched_at = models.DateTimeField(_("gematcht op"), null=True, blank=True)
    closed_at = models.DateTimeField(_("gesloten op"), null=True, blank=True)

    class Meta:
        verbose_name = _("inzetverzoek")
        verbose_name_plural = _("inzetverzoeken")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["municipality", "status"], name="request_muni_status")]
        constraints = [
            models.CheckConstraint(condition=Q(hours_per_week__gt=0), name="request_hours_positive"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_individual(self) -> bool:
        return self.kind == DeploymentKind.INDIVIDUAL_SUPPORT

    @property
    def status_reason_label(self) -> str:
        return reason_label(self.status_reason)

    def clean(self):
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("De einddatum ligt voor de startdatum.")
        if self.kind == DeploymentKind.INDIVIDUAL_SUPPORT and not self.resident_code:
            errors["resident_code"] = _(
                "Vul bij individuele ondersteuning een pseudonieme bewonerscode in (bijvoorbeeld HLM-4821)."
            )
        if self.kind and self.kind != DeploymentKind.INDIVIDUAL_SUPPORT and self.resident_code:
            errors["resident_code"] = _("Een bewonerscode hoort alleen bij individuele ondersteuning.")
        if self.hours_per_week is not None and self.hours_per_week <= 0:
            errors["hours_per_week"] = _("Vul een aantal uren per week groter dan 0 in.")
        if errors:
            raise ValidationError(errors)


def reason_label(code: str) -> str:
    """The Dutch label of a withdraw or end reason code (codes are shared where they overlap)."""
    for choices in (WithdrawReason, EndReason):
        if code in choices.values:
            return str(choices(code).label)
    return code


class RequestEvent(TenantModel):
    """One step in a request's status history: who moved it, from what to what, and why."""

    request = models.ForeignKey(DeploymentRequest, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(_("van"), max_length=20, choices=RequestStatus.choices, blank=True)
    to_status = models.CharField(_("naar"), max_length=20, choices=RequestStatus.choices)
    reason = models.CharField(_("reden"), max_length=30, blank=True)
    note = models.TextField(_("toelichting"), max_length=2000, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("statuswijziging verzoek")
        verbose_name_plural = _("statuswijzigingen verzoeken")
        ordering = ["created_at"]

    @property
    def reason_label(self) -> str:
        return reason_label(self.reason)


class OfferStatus(models.TextChoices):
    PENDING = "pending", _("Wacht op antwoord")
    ACCEPTED = "accepted", _("Geaccepteerd")
    DECLINED = "declined", _("Afgewezen")
    WITHDRAWN = "withdrawn", _("Ingetrokken")


class DeclineReason(models.TextChoices):
    NO_TIME = "no_time", _("Ik heb er nu geen tijd voor")
    NOT_MY_EXPERIENCE = "not_my_experience", _("Het past niet bij mijn ervaring")
    TOO_CLOSE = "too_close", _("Het komt te dichtbij (eigen grens)")
    WELLBEING = "wellbeing", _("Mijn eigen balans vraagt nu rust")
    LOCATION = "location", _("De plek of wijk past niet")
    KNOWS_RESIDENT = "knows_resident", _("Ik ken de bewoner of de situatie persoonlijk")
    OTHER = "other", _("Anders")


class Offer(TenantModel):
    """A request offered to one peer worker, who accepts or declines. At most one offer per request waits."""

    request = models.ForeignKey(
        DeploymentRequest, verbose_name=_("verzoek"), on_delete=models.CASCADE, related_name="offers"
    )
    peer = models.ForeignKey(
        "pool.PeerWorker",
        verbose_name=_("ervaringsdeskundige"),
        on_delete=models.PROTECT,
        related_name="offers",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=OfferStatus.choices, default=OfferStatus.PENDING
    )
    hours_per_week = models.DecimalField(_("uren per week"), max_digits=4, decimal_places=1)
    score = models.IntegerField(_("matchscore"), null=True, blank=True)
    # The explanation the coordinator saw: [{"code", "label", "points", "text"}], about the peer worker only.
    explanation = models.JSONField(_("uitleg"), default=list, blank=True)
    offered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    proposal = models.ForeignKey(
        "deployment.Proposal", on_delete=models.SET_NULL, null=True, blank=True, related_name="offers"
    )
    automatic = models.BooleanField(_("automatisch aan volgende kandidaat"), default=False)
    decline_reason = models.CharField(_("reden"), max_length=30, choices=DeclineReason.choices, blank=True)
    response_note = models.TextField(_("toelichting"), max_length=2000, blank=True)
    responded_at = models.DateTimeField(_("beantwoord op"), null=True, blank=True)

    class Meta:
        verbose_name = _("aanbod")
        verbose_name_plural = _("aanbiedingen")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["peer", "status"], name="offer_peer_status")]
        constraints = [
            models.UniqueConstraint(
                fields=["request"], condition=Q(status="pending"), name="one_pending_offer_per_request"
            ),
            models.CheckConstraint(condition=Q(hours_per_week__gt=0), name="offer_hours_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.request} → {self.peer}"


class AssignmentStatus(models.TextChoices):
    MATCHED = "matched", _("Gematcht")
    ACTIVE = "active", _("Actief")
    ENDED = "ended", _("Afgerond")
    CANCELLED = "cancelled", _("Geannuleerd")


# Assignments in these statuses take up a peer worker's hours (and, for individual support, a resident slot).
LOAD_STATUSES = (AssignmentStatus.MATCHED, AssignmentStatus.ACTIVE)


class Assignment(TenantModel):
    """A peer worker deployed on a request (inzet): created when the peer worker accepts an offer."""

    request = models.ForeignKey(
        DeploymentRequest, verbose_name=_("verzoek"), on_delete=models.PROTECT, related_name="assignments"
    )
    peer = models.ForeignKey(
        "pool.PeerWorker",
        verbose_name=_("ervaringsdeskundige"),
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    offer = models.OneToOneField(
        Offer, on_delete=models.SET_NULL, null=True, blank=True, related_name="assignment"
    )
    hours_per_week = models.DecimalField(_("uren per week"), max_digits=4, decimal_places=1)
    status = models.CharField(
        _("status"), max_length=20, choices=AssignmentStatus.choices, default=AssignmentStatus.MATCHED
    )
    # Pseudonymous code of the resident (individual support only); never a name or BSN.
    resident_code = models.CharField(
        _("bewonerscode"), max_length=20, blank=True, validators=[validate_resident_code]
    )
    start_date = models.DateField(_("startdatum"), null=True, blank=True)
    end_date = models.DateField(_("einddatum"), null=True, blank=True)
    end_reason = models.CharField(_("reden einde"), max_length=30, blank=True)
    programme = models.ForeignKey(
        "organisations.Programme",
        verbose_name=_("programma"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assignments",
        help_text=_("Het programma waarop de uren van deze inzet worden geboekt."),
    )
    # issue 14, S4: the professional supporting the resident together with the peer worker (from the request)
    supporting_professional = models.ForeignKey(
        "accounts.Membership",
        verbose_name=_("ondersteunende professional"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # issue 14, S2: by default the form of the contract (programme) the assignment is booked on
    deployment_form = models.CharField(
        _("vorm van inzet"),
        max_length=30,
        choices=DeploymentForm.choices,
        default=DeploymentForm.ON_REQUEST,
    )

    class Meta:
        verbose_name = _("inzet")
        verbose_name_plural = _("inzetten")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["municipality", "status"], name="assignment_muni_status"),
            models.Index(fields=["peer", "status"], name="assignment_peer_status"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(hours_per_week__gt=0), name="assignment_hours_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.peer} · {self.request}"


class Agreement(TenantModel):
    """What was agreed for one assignment: role, tasks, responsibilities, contact person, hours, review.

    The Amsterdam research's "clarity about roles and tasks". Visible to the peer worker and the team;
    every change keeps a version (AgreementVersion) so both sides can see what changed, when and by whom.
    """

    assignment = models.OneToOneField(Assignment, on_delete=models.CASCADE, related_name="agreement")
    role = models.CharField(_("rol"), max_length=30, choices=PeerRole.choices, default=PeerRole.SUPPORTER)
    tasks = models.TextField(_("taken"), max_length=5000, blank=True)
    responsibilities = models.TextField(_("verantwoordelijkheden"), max_length=5000, blank=True)
    contact_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("contactpersoon in het team"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    contact_details = models.CharField(_("bereikbaarheid contactpersoon"), max_length=150, blank=True)
    hours_per_week = models.DecimalField(_("uren per week"), max_digits=4, decimal_places=1)
    review_date = models.DateField(_("evaluatiedatum"), null=True, blank=True)
    version = models.PositiveIntegerField(_("versie"), default=1)

    class Meta:
        verbose_name = _("werkafspraak")
        verbose_name_plural = _("werkafspraken")
        constraints = [
            models.CheckConstraint(condition=Q(hours_per_week__gt=0), name="agreement_hours_positive"),
        ]

    def __str__(self) -> str:
        return str(self.assignment)


class AgreementVersion(TenantModel):
    """One saved version of an agreement, with who changed which fields."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField(_("versie"))
    changed_fields = models.JSONField(_("gewijzigde velden"), default=list, blank=True)
    snapshot = models.JSONField(_("inhoud"), default=dict)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    edited_by_name = models.CharField(_("gewijzigd door"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("versie werkafspraak")
        verbose_name_plural = _("versies werkafspraken")
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "version"], name="unique_agreement_version"),
        ]

    @property
    def changed_labels(self) -> list[str]:
        return [str(Agreement._meta.get_field(name).verbose_name) for name in self.changed_fields]


class ProposalStatus(models.TextChoices):
    DRAFT = "draft", _("Concept")
    SENT = "sent", _("Verstuurd")
    DISCARDED = "discarded", _("Verworpen")


class Proposal(TenantModel):
    """An optimal batch assignment for all open requests against one pool, for the coordinator to review."""

    pool = models.ForeignKey(
        "organisations.Organisation", verbose_name=_("pool"), on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ProposalStatus.choices, default=ProposalStatus.DRAFT
    )
    objective = models.BigIntegerField(_("totale matchkwaliteit"), default=0)
    greedy_objective = models.BigIntegerField(_("gulzige basislijn"), default=0)
    bound = models.BigIntegerField(_("bovengrens"), null=True, blank=True)
    gap = models.FloatField(_("afstand tot bovengrens"), null=True, blank=True)
    proven_optimal = models.BooleanField(_("bewezen optimaal"), default=False)
    solver = models.CharField(_("rekenmethode"), max_length=60, blank=True)
    open_requests = models.PositiveIntegerField(_("open verzoeken"), default=0)
    # Engine figures and per-request reasons why nothing fitted: {"unassigned": {request_id: [texts]}, ...}
    stats = models.JSONField(_("kengetallen"), default=dict, blank=True)
    sent_at = models.DateTimeField(_("verstuurd op"), null=True, blank=True)

    class Meta:
        verbose_name = _("matchvoorstel")
        verbose_name_plural = _("matchvoorstellen")
        ordering = ["-created_at"]

    @property
    def gap_percent(self) -> str | None:
        return None if self.gap is None else f"{self.gap * 100:.1f}".replace(".", ",")

    # What the page says in words: placed, the proven most that can be placed, and the share.
    @property
    def placed(self) -> int:
        return int(self.stats.get("placed") or 0)

    @property
    def placeable_at_most(self) -> int | None:
        bound = self.stats.get("bound_placed")
        return None if bound is None else int(bound)

    @property
    def placed_share_floor(self) -> float | None:
        """Placed as a percentage of the proven most, rounded DOWN to one decimal ("ten minste")."""
        at_most = self.placeable_at_most
        if at_most is None:
            return None
        if at_most == 0:
            return 100.0
        return math.floor(1000 * self.placed / at_most) / 10

    @property
    def greedy_placed(self) -> int | None:
        value = self.stats.get("greedy_placed")
        return None if value is None else int(value)


class ProposalPair(TenantModel):
    """One request-peer worker pair in a proposal; the coordinator may remove or replace it."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="pairs")
    request = models.ForeignKey(DeploymentRequest, on_delete=models.CASCADE, related_name="+")
    peer = models.ForeignKey("pool.PeerWorker", on_delete=models.CASCADE, related_name="+")
    score = models.IntegerField(_("matchscore"))
    explanation = models.JSONField(_("uitleg"), default=list, blank=True)
    edited = models.BooleanField(_("aangepast door coördinator"), default=False)

    class Meta:
        verbose_name = _("voorgestelde koppeling")
        verbose_name_plural = _("voorgestelde koppelingen")
        ordering = ["-score"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "request"], name="unique_proposal_request"),
        ]
