from django.db.models import Count

from ervaringswerk.core.tenancy import Viewer

from .models import Membership


def user_count_by_municipality(*, viewer: Viewer) -> dict:
    qs = Membership.objects.filter(is_active=True)
    if not viewer.is_platform_admin:
        qs = qs.filter(municipality_id=viewer.municipality_id)
    return {
        row["municipality"]: row["n"]
        for row in qs.values("municipality").annotate(n=Count("user", distinct=True)).order_by()
    }
