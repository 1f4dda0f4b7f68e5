from django.contrib import admin

from ervaringswerk.core.admin import TenantScopedAdminMixin, TenantScopedForm

from .models import Organisation


@admin.register(Organisation)
class OrganisationAdmin(TenantScopedAdminMixin, admin.ModelAdmin):
    form = TenantScopedForm
    list_display = ["name", "kind", "municipality", "is_active"]
    list_filter = ["municipality", "kind"]
    search_fields = ["name"]
    filter_horizontal = ["neighbourhoods"]
