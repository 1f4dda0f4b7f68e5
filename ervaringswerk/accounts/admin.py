from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from ervaringswerk.core.admin import DutchLabelsMixin, TenantScopedAdminMixin

from .models import Membership, User
from .permissions import second_factor_satisfied
from .services import second_factor_remove
from .viewer import viewer_for

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
    list_display = [
        "username",
        "first_name",
        "last_name",
        "is_active",
        "is_superuser",
        "second_factor_enabled",
    ]
    readonly_fields = ["second_factor_enabled"]
    actions = ["reset_second_factor"]

    @admin.action(
        description="Tweestapsverificatie herstellen (telefoon kwijt): app en herstelcodes verwijderen"
    )
    def reset_second_factor(self, request, queryset):
        for user in queryset.filter(second_factor_enabled=True):
            second_factor_remove(user=user, viewer=viewer_for(request.user))
        self.message_user(request, "De tweestapsverificatie van de gekozen gebruikers is verwijderd.")

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


# django-otp's own admin pages show each app's secret key (and QR code) and the recovery codes: the platform
# administrator must not be able to read them. Resetting goes through the user list's action above.
for _model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)


# The Django admin needs a session that passed the second factor (where EW_REQUIRE_2FA asks for one), and
# its own password-only login page is replaced by ours, which has the code step.
_admin_has_permission = admin.site.has_permission


def _has_permission(request) -> bool:
    return _admin_has_permission(request) and second_factor_satisfied(request)


def _login(request, extra_context=None):
    if request.user.is_authenticated:
        if request.user.is_staff and not second_factor_satisfied(request):
            return redirect("accounts:two_factor")
        raise PermissionDenied  # signed in without the right: the Dutch 403 page, not a login loop
    return redirect_to_login(request.GET.get("next") or "/admin/")


admin.site.has_permission = _has_permission  # type: ignore[method-assign]
admin.site.login = _login  # type: ignore[method-assign]
