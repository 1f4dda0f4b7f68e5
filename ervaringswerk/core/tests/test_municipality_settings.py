from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ervaringswerk.core.selectors import small_number_threshold_for
from ervaringswerk.core.services import municipality_create


@pytest.mark.django_db
def test_new_municipality_has_non_zero_default_capacity():
    """Issue 13: imported peer workers had a maximum of 0 residents, so nobody was ever proposed."""
    m = municipality_create(name="Zutphen", cbs_code="GM0301")
    assert m.default_max_residents > 0
    assert m.default_weekly_hours > Decimal("0")


@pytest.mark.django_db
def test_municipal_threshold_can_only_be_stricter(settings):
    settings.EW_SMALL_NUMBER_THRESHOLD = 5
    m = municipality_create(name="Zutphen", cbs_code="GM0301")
    assert small_number_threshold_for(municipality=m) == 5
    m.small_number_threshold = 3
    assert small_number_threshold_for(municipality=m) == 5
    m.small_number_threshold = 10
    assert small_number_threshold_for(municipality=m) == 10


@pytest.mark.django_db
def test_default_capacity_is_bounded():
    m = municipality_create(name="Zutphen", cbs_code="GM0301")
    m.default_max_residents = 51
    with pytest.raises(ValidationError):
        m.full_clean()
