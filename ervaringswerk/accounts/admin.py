from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from ervaringswerk.core.admin import DutchLabelsMixin, TenantScopedAdminMixin

from .models import Membership, User

# Membership's foreign keys have no Dutch verbose name in the model: the admin names them.
MEMBERSHIP_LABELS = {"user": _("gebruiker"), "organisation": _("organisatie")}


class MembershipInline(DutchLabelsMixin, admin.TabularInline):
    model = Membership
    field_labels = MEMBERSHIP_LABELS
    extra = 0
    fields = ["organisation", "role", "is_active"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "organisation":
            # A login may have roles in several municipalities: name the municipality with each organisation.
            field.queryset = field.queryset.select_related("municipality")
            field.label_from_instance = lambda o: f"{o.name} ({o.municipality.name})"
        return field


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    inlines = [MembershipInline]
    list_display = ["username", "first_name", "last_name", "is_active", "is_superuser"]

    def save_formset(self, request, form, formset, change):
        memberships = formset.save(commit=False)
        for membership in memberships:
            membership.municipality = membership.organisation.municipality
            membership.save()
        for obj in formset.deleted_objects:
            obj.delete()


@admin.register(Membership)
class MembershipAdmin(TenantScopedAdminMixin, admin.ModelAdmin):
    list_display = ["member", "organisation_name", "role", "municipality", "is_active"]
    list_filter = ["municipality", "role"]
    exclude = ["municipality"]
    field_labels = MEMBERSHIP_LABELS

    @admin.display(description=MEMBERSHIP_LABELS["user"], ordering="user__username")
    def member(self, obj):
        return obj.user

    @admin.display(description=MEMBERSHIP_LABELS["organisation"], ordering="organisation__name")
    def organisation_name(self, obj):
        return obj.organisation

    def save_model(self, request, obj, form, change):
        # The tenant key follows the organisation, as in accounts.services.membership_create.
        obj.municipality = obj.organisation.municipality
        super().save_model(request, obj, form, change)
