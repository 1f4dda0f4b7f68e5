import uuid

from django.db.models import QuerySet

from ervaringswerk.core.tenancy import Viewer

from .models import Notification, NotificationKind, NotificationPreference


def notification_list(*, viewer: Viewer) -> QuerySet[Notification]:
    """The viewer's own notifications, in their current municipality."""
    return Notification.objects.filter(recipient=viewer.user, municipality_id=viewer.municipality_id)


def notification_get(*, viewer: Viewer, pk: uuid.UUID | str) -> Notification:
    return notification_list(viewer=viewer).get(pk=pk)


def unread_count(*, viewer: Viewer) -> int:
    return notification_list(viewer=viewer).filter(read_at__isnull=True).count()


def preferences_for(*, viewer: Viewer) -> dict:
    stored = dict(
        NotificationPreference.objects.filter(
            user=viewer.user, municipality_id=viewer.municipality_id
        ).values_list("kind", "email")
    )
    return {kind: stored.get(kind, True) for kind in NotificationKind.values}
