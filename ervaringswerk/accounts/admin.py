from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from ervaringswerk.core.admin import TenantScopedAdminMixin

from .models import Membership, User


class MembershipInline(admin.TabularInline):
    model = Membership
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
    list_display = ["user", "organisation", "role", "municipality", "is_active"]
    list_filter = ["municipality", "role"]
    exclude = ["municipality"]

    def save_model(self, request, obj, form, change):
        # The tenant key follows the organisation, as in accounts.services.membership_create.
        obj.municipality = obj.organisation.municipality
        super().save_model(request, obj, form, change)
