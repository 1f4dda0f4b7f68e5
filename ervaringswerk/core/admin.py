from django.contrib import admin

from .models import ExperienceDomain, Municipality, Neighbourhood


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "cbs_code", "slug"]
    search_fields = ["name", "cbs_code"]


@admin.register(Neighbourhood)
class NeighbourhoodAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "municipality"]
    list_filter = ["municipality"]


@admin.register(ExperienceDomain)
class ExperienceDomainAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "municipality", "is_active", "sort_order"]
    list_filter = ["municipality", "is_active"]
