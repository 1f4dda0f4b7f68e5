from django.contrib import admin

from .models import Erasure, RetentionPolicy


@admin.register(RetentionPolicy)
class RetentionPolicyAdmin(admin.ModelAdmin):
    list_display = [
        "municipality",
        "check_ins_months",
        "closed_trajectories_months",
        "departed_peer_workers_months",
        "audit_events_months",
        "hours_months",
    ]


@admin.register(Erasure)
class ErasureAdmin(admin.ModelAdmin):
    """Read-only register: what was erased, when, by request or by retention (no personal data)."""

    list_display = ["created_at", "municipality", "kind", "pseudonym", "by_retention"]
    list_filter = ["kind", "by_retention", "municipality"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
