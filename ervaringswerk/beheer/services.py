"""Writes of the municipality's own administration. Every function is one transaction, checks that
everything it touches belongs to the viewer's municipality, and is audited (TenantModel rows
automatically; logins and the tenant itself explicitly)."""

from dataclasses import dataclass, field

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ervaringswerk.accounts.models import Membership, User
from ervaringswerk.accounts.services import membership_create, user_create
from ervaringswerk.audit.models import AuditAction
from ervaringswerk.audit.services import audit_record
from ervaringswerk.core.services import municipality_create
from ervaringswerk.core.tenancy import Role, Viewer
from ervaringswerk.notifications.models import NotificationKind
from ervaringswerk.notifications.services import notification_send
from ervaringswerk.organisations.models import OrganisationKind
from ervaringswerk.organisations.services import organisation_create

from .invitations import VALID_FOR, invitation_check, new_nonce
from .models import Invitation


def _same_municipality(viewer: Viewer | None, *objects) -> None:
    """Never act on another municipality's rows: the views answer 404 before this, this is the backstop.
    `viewer=None` is the host's command line (manage.py), which acts for the platform."""
    if viewer is None or (viewer.is_platform_admin and viewer.membership is None):
        return
    if any(obj.municipality_id != viewer.municipality_id for obj in objects):
        raise ValidationError(_("Dit hoort niet bij uw gemeente."))


# --- invitations ---------------------------------------------------------------------------------


def _audit_user(viewer: Viewer, user, action, object_repr, municipality, changed=()):
    audit_record(
        action=action,
        viewer=viewer,
        municipality=municipality,
        object_type="accounts.user",
        object_repr=object_repr,
        changed_fields=list(changed),
    )


@transaction.atomic
def invitation_issue(*, viewer: Viewer | None, membership: Membership) -> Invitation:
    """A fresh one-time link for the membership's user; earlier open links of this user stop working."""
    user = membership.user
    if user.has_usable_password():
        raise ValidationError(
            _("%(name)s heeft al een wachtwoord en kan gewoon inloggen.")
            % {"name": user.get_full_name() or user}
        )
    if not user.email:
        raise ValidationError(_("Er is geen e-mailadres om de uitnodiging naar te sturen."))
    now = timezone.now()
    Invitation.objects.filter(user=user, used_at__isnull=True, revoked_at__isnull=True).update(revoked_at=now)
    invitation = Invitation.objects.create(
        municipality_id=membership.municipality_id,
        user=user,
        membership=membership,
        email=user.email,
        nonce=new_nonce(),
        expires_at=now + VALID_FOR,
        invited_by=viewer.user if viewer is not None and viewer.is_authenticated else None,
    )
    municipality = membership.municipality
    notification_send(
        recipient=user,
        municipality=municipality,
        kind=NotificationKind.INVITATION,
        key=f"invitation:{invitation.pk}",
        title=_("Uitnodiging voor Ervaringswerk, gemeente %(name)s") % {"name": municipality.name},
        body=_(
            "U bent uitgenodigd als %(role)s bij %(organisation)s. Kies via de link hieronder uw wachtwoord. "
            "De link is 72 uur geldig en werkt één keer. Uw gebruikersnaam is: %(username)s"
        )
        % {
            "role": membership.get_role_display().lower(),
            "organisation": membership.organisation.name,
            "username": user.get_username(),
        },
        link_builder="invitation",
        subject_id=str(invitation.pk),
    )
    return invitation


@transaction.atomic
def user_invite(
    *, viewer: Viewer, organisation, role: str, email: str, first_name: str = "", last_name: str = ""
) -> Invitation | None:
    """Give a person a role in an organisation of the viewer's municipality and invite them by e-mail.

    A new person gets a login named after their e-mail address, without a password until they choose one.
    Someone who can already log in just gets the extra role (no invitation: returns None)."""
    _same_municipality(viewer, organisation)
    if role not in Role.values:
        raise ValidationError({"role": _("Kies een rol.")})
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError as exc:
        raise ValidationError({"email": _("Vul een geldig e-mailadres in.")}) from exc
    user = (
        User.objects.filter(username__iexact=email).first()
        or User.objects.filter(email__iexact=email).first()
    )
    if user is None:
        user = user_create(
            username=email,
            password=None,
            email=email,
            first_name=first_name.strip(),
            last_name=last_name.strip(),
        )
        _audit_user(
            viewer, user, AuditAction.CREATE, f"inlog {email} (uitgenodigd)", organisation.municipality
        )
    elif Membership.objects.filter(user=user, organisation=organisation, role=role).exists():
        raise ValidationError(
            {"email": _("Deze persoon heeft deze rol al bij %(org)s.") % {"org": organisation.name}}
        )
    membership = membership_create(user=user, organisation=organisation, role=role)
    if user.has_usable_password():
        return None
    return invitation_issue(viewer=viewer, membership=membership)


@transaction.atomic
def invitation_resend(*, viewer: Viewer, membership: Membership) -> Invitation:
    _same_municipality(viewer, membership)
    return invitation_issue(viewer=viewer, membership=membership)


@transaction.atomic
def invitation_accept(*, gemeente: str, token: str, password1: str, password2: str, user=None) -> User:
    """The invited person chooses a password: the link is used up, the login and membership are active."""
    invitation = invitation_check(gemeente=gemeente, token=token, user=user)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.used_at:  # a second tab, at the same moment
        invitation_check(gemeente=gemeente, token=token, user=user)
    person = invitation.user
    if password1 != password2:
        raise ValidationError({"password2": _("De twee wachtwoorden zijn niet gelijk.")})
    try:
        validate_password(password1, person)
    except ValidationError as exc:
        raise ValidationError({"password1": exc.messages}) from exc
    person.set_password(password1)
    person.is_active = True
    person.save(update_fields=["password", "is_active"])
    invitation.used_at = timezone.now()
    invitation.save(update_fields=["used_at", "updated_at"])
    if invitation.membership_id and not invitation.membership.is_active:
        invitation.membership.is_active = True
        invitation.membership.save(update_fields=["is_active", "updated_at"])
    audit_record(
        action=AuditAction.UPDATE,
        municipality=invitation.municipality,
        object_type="accounts.user",
        object_repr=f"wachtwoord gekozen via uitnodiging door {person.get_username()}",
        changed_fields=["password"],
    )
    # The invitation itself is dealt with: it no longer counts as unread in the person's own list.
    from ervaringswerk.notifications.models import Notification

    for own in Notification.objects.filter(recipient=person, key=f"invitation:{invitation.pk}", read_at=None):
        own.read_at = timezone.now()
        own.save(update_fields=["read_at", "updated_at"])
    if invitation.invited_by_id:
        notification_send(
            recipient=invitation.invited_by,
            municipality=invitation.municipality,
            kind=NotificationKind.INVITATION,
            key=f"invitation:{invitation.pk}:accepted",
            title=_("Uitnodiging aangenomen"),
            body=_("%(name)s heeft een wachtwoord gekozen en kan nu inloggen.")
            % {"name": person.get_full_name() or person.get_username()},
        )
    return person


@dataclass
class BulkInvitationResult:
    invited: list = field(default_factory=list)  # peer workers who got an invitation
    skipped: list = field(default_factory=list)  # (peer worker, Dutch reason)


def invitation_send_bulk(*, viewer: Viewer, peers) -> BulkInvitationResult:
    """Invite imported peer workers to log in. Each one in its own transaction, so one bad address does
    not stop the rest; whoever was skipped is reported with the reason."""
    from ervaringswerk.pool.services import peer_admin_update

    result = BulkInvitationResult()
    for peer in peers:
        if peer.municipality_id != viewer.municipality_id:
            result.skipped.append((peer, _("hoort niet bij uw gemeente")))
            continue
        if peer.user_id and peer.user.has_usable_password():
            result.skipped.append((peer, _("heeft al een inlog")))
            continue
        if not peer.email and not peer.user_id:
            result.skipped.append((peer, _("geen e-mailadres")))
            continue
        try:
            with transaction.atomic():
                if peer.user_id:
                    membership = Membership.objects.filter(
                        user_id=peer.user_id, organisation_id=peer.organisation_id, role=Role.PEER_WORKER
                    ).first()
                    if membership is None:
                        membership = membership_create(
                            user=peer.user, organisation=peer.organisation, role=Role.PEER_WORKER
                        )
                    invitation_issue(viewer=viewer, membership=membership)
                else:
                    taken = User.objects.filter(username__iexact=peer.email.strip()).exists()
                    if taken:
                        raise ValidationError(_("dit e-mailadres hoort al bij een andere inlog"))
                    invitation = user_invite(
                        viewer=viewer,
                        organisation=peer.organisation,
                        role=Role.PEER_WORKER,
                        email=peer.email,
                        first_name=peer.first_name,
                        last_name=peer.last_name,
                    )
                    peer_admin_update(viewer=viewer, peer=peer, user=invitation.user)
            result.invited.append(peer)
        except ValidationError as exc:
            result.skipped.append((peer, " ".join(exc.messages)))
    return result


# --- memberships ---------------------------------------------------------------------------------


@transaction.atomic
def membership_role_change(*, viewer: Viewer, membership: Membership, role: str) -> Membership:
    _same_municipality(viewer, membership)
    if role not in Role.values:
        raise ValidationError({"role": _("Kies een rol.")})
    if membership.pk == getattr(viewer.membership, "pk", None) and role != Role.ADMINISTRATOR:
        raise ValidationError(_("U kunt uw eigen beheerdersrol niet weghalen; vraag een andere beheerder."))
    if (
        Membership.objects.filter(
            user_id=membership.user_id, organisation_id=membership.organisation_id, role=role
        )
        .exclude(pk=membership.pk)
        .exists()
    ):
        raise ValidationError({"role": _("Deze persoon heeft deze rol bij deze organisatie al.")})
    membership.role = role
    membership.full_clean()
    membership.save()
    return membership


@transaction.atomic
def membership_set_active(*, viewer: Viewer, membership: Membership, active: bool) -> Membership:
    """Deactivate (or reactivate) a role. The login itself stays: it may have roles elsewhere."""
    _same_municipality(viewer, membership)
    if not active and membership.pk == getattr(viewer.membership, "pk", None):
        raise ValidationError(_("U kunt uw eigen toegang niet uitzetten; vraag een andere beheerder."))
    if membership.is_active != active:
        membership.is_active = active
        membership.save(update_fields=["is_active", "updated_at"])
        if not active:
            Invitation.objects.filter(
                membership=membership, used_at__isnull=True, revoked_at__isnull=True
            ).update(revoked_at=timezone.now())
    return membership


# --- a new municipality --------------------------------------------------------------------------


@transaction.atomic
def municipality_setup(
    *,
    viewer: Viewer | None,
    name: str,
    cbs_code: str,
    neighbourhoods: list[tuple[str, str]] = (),
    admin_email: str,
    admin_first_name: str = "",
    admin_last_name: str = "",
):
    """The platform administrator starts a municipality: the tenant with its seeded reference data
    (municipality_create), the municipality's own organisation, and its first administrator invited.
    `viewer=None` is manage.py municipality_create, run by the host."""
    if viewer is not None and not viewer.is_platform_admin:
        raise ValidationError(_("Alleen de platformbeheerder kan een gemeente aanmaken."))
    name = (name or "").strip()
    if name.lower().startswith("gemeente "):
        name = name[len("gemeente ") :].strip()
    municipality = municipality_create(name=name, cbs_code=cbs_code, neighbourhoods=neighbourhoods)
    own = organisation_create(
        municipality=municipality, name=f"Gemeente {municipality.name}", kind=OrganisationKind.MUNICIPALITY
    )
    invitation = user_invite(
        viewer=viewer,
        organisation=own,
        role=Role.ADMINISTRATOR,
        email=admin_email,
        first_name=admin_first_name,
        last_name=admin_last_name,
    )
    return municipality, invitation
