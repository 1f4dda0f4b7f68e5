"""The tenant (municipality), the base class every domain table derives from, and per-municipality
reference data (neighbourhoods, experience domains)."""

import uuid

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Municipality(models.Model):
    """The tenant key. Every domain row points here; every selector filters on it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("naam"), max_length=100, unique=True)
    slug = models.SlugField(_("korte naam"), max_length=60, unique=True)
    cbs_code = models.CharField(
        _("CBS-code"),
        max_length=6,
        unique=True,
        validators=[RegexValidator(r"^GM\d{4}$", _("Een CBS-gemeentecode ziet eruit als GM0794."))],
    )
    # Settings the municipality's own administrator changes on /beheer/ (issue 13). Defaults are what a
    # new pool needs to find candidates at all: a peer worker with 0 residents or 0 hours is never proposed.
    default_max_residents = models.PositiveSmallIntegerField(
        _("standaard maximaal aantal bewoners per ervaringsdeskundige"),
        default=3,
        validators=[MaxValueValidator(50)],
        help_text=_(
            "Voor nieuwe ervaringsdeskundigen (ook bij import) zolang hun eigen maximum niet bekend is."
        ),
    )
    default_weekly_hours = models.DecimalField(
        _("standaard beschikbare uren per week"),
        max_digits=4,
        decimal_places=1,
        default=8,
        validators=[MinValueValidator(0), MaxValueValidator(60)],
        help_text=_("Voor nieuwe ervaringsdeskundigen zolang hun eigen uren niet bekend zijn."),
    )
    small_number_threshold = models.PositiveSmallIntegerField(
        _("drempel kleine aantallen"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
        help_text=_(
            "Cijfers over minder personen dan dit aantal worden afgeschermd. Leeg: de drempel van het "
            "platform. Een gemeente kan de drempel alleen verhogen, nooit onder die van het platform."
        ),
    )
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    require_2fa_for_peer_workers = models.BooleanField(
        _("tweestapsverificatie verplicht voor ervaringsdeskundigen"),
        default=False,
        help_text=_(
            "Voor alle andere rollen is tweestapsverificatie altijd verplicht (als het platform dat vraagt). "
            "Voor ervaringsdeskundigen is het vrijwillig, tenzij de gemeente het hier verplicht maakt."
        ),
    )

    class Meta:
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class TenantQuerySet(models.QuerySet):
    def for_municipality(self, municipality):
        return self.filter(municipality=municipality)


class TenantModel(models.Model):
    """Base for every domain table: a UUID id (ids reveal nothing) and the municipality key.

    The key is denormalised onto every row on purpose: scoping is one indexed filter, never a join,
    and a national deployment can shard on it (docs/architecture.md).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("gemeente"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd"), auto_now=True)

    objects = TenantQuerySet.as_manager()

    # Fields whose values the audit log never copies (names only), because they hold personal data.
    audit_exclude_values = True

    class Meta:
        abstract = True


class Neighbourhood(TenantModel):
    """A wijk: reference data per municipality, served by neighbourhood teams."""

    name = models.CharField(_("naam"), max_length=100)
    code = models.CharField(_("CBS-wijkcode"), max_length=10, blank=True)

    class Meta:
        verbose_name = _("wijk")
        verbose_name_plural = _("wijken")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="unique_neighbourhood_name"),
        ]

    def __str__(self) -> str:
        return self.name


class ExperienceDomain(TenantModel):
    """A domain of lived experience (DOMAIN.md starting list), editable per municipality."""

    name = models.CharField(_("naam"), max_length=100)
    slug = models.SlugField(_("korte naam"), max_length=60)
    description = models.TextField(_("omschrijving"), blank=True)
    is_active = models.BooleanField(_("actief"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("ervaringsdomein")
        verbose_name_plural = _("ervaringsdomeinen")
        ordering = ["sort_order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "slug"], name="unique_experience_domain_slug"),
        ]

    def __str__(self) -> str:
        return self.name
