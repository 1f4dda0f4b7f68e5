from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import ExperienceDomain, Municipality, Neighbourhood

# The platform administrator's pages are Dutch like the rest (Django's admin follows the active language).
admin.site.site_header = _("Ervaringswerk: platformbeheer")
admin.site.site_title = _("Ervaringswerk platformbeheer")
admin.site.index_title = _("Gemeenten, organisaties, gebruikers en referentiegegevens")


class DutchLabelsMixin:
    """Labels for fields whose model gives no Dutch verbose name (a model of another app this admin may
    not migrate): `field_labels = {"user": _("gebruiker")}` names the form field and the list column."""

    field_labels: dict = {}

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in self.field_labels:
            kwargs.setdefault("label", self.field_labels[db_field.name])
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class TenantScopedAdminMixin(DutchLabelsMixin):
    """Pickers on a tenant row's change page offer only rows of that same municipality, and a save that
    mixes municipalities is refused (also on the add page, where the municipality is chosen in the form).
    Every admin of a tenant row that points at other tenant rows uses it (core/tests/test_admin_dutch.py)."""

    def _editing_municipality_id(self, request):
        match = getattr(request, "resolver_match", None)
        object_id = match.kwargs.get("object_id") if match else None
        if not object_id:
            return None
        obj = self.get_object(request, object_id)
        return getattr(obj, "municipality_id", None)

    def _scope(self, request, kwargs, model):
        municipality_id = self._editing_municipality_id(request)
        if municipality_id is not None and hasattr(model, "municipality_id"):
            kwargs["queryset"] = model._default_manager.filter(municipality_id=municipality_id)
        return kwargs

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name != "municipality":
            kwargs = self._scope(request, kwargs, db_field.related_model)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs = self._scope(request, kwargs, db_field.related_model)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


def check_same_municipality(cleaned: dict, municipality) -> None:
    """For admin forms: every chosen related row must belong to the row's municipality."""
    if municipality is None:
        return
    for name, value in cleaned.items():
        values = value if isinstance(value, list | tuple) or hasattr(value, "all") else [value]
        if hasattr(values, "all"):
            values = list(values)
        for item in values:
            other = getattr(item, "municipality_id", None)
            if other is not None and name != "municipality" and other != municipality.pk:
                raise ValidationError({name: _("Kies alleen gegevens van dezelfde gemeente.")})


class TenantScopedForm(forms.ModelForm):
    def clean(self):
        cleaned = super().clean()
        municipality = cleaned.get("municipality") or getattr(self.instance, "municipality", None)
        try:
            check_same_municipality(cleaned, municipality)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                self.add_error(field, errors)
        return cleaned


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "cbs_code", "slug", "default_max_residents", "default_weekly_hours"]
    search_fields = ["name", "cbs_code"]


@admin.register(Neighbourhood)
class NeighbourhoodAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "municipality"]
    list_filter = ["municipality"]


@admin.register(ExperienceDomain)
class ExperienceDomainAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "municipality", "is_active", "sort_order"]
    list_filter = ["municipality", "is_active"]
