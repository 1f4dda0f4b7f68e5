"""Wording found in review (issue 14.11): a one-off activity is not "doorlopend", month abbreviations are
lower case in Dutch ("31 dec", not "31 Dec"), and one session is "1 bijeenkomst"."""

from datetime import date, timedelta

import pytest
from django.contrib.messages import get_messages
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation

from ervaringswerk.activities.models import Activity
from ervaringswerk.core.tenancy import Role

from .test_pages import _form

pytestmark = pytest.mark.django_db


def test_a_one_off_activity_shows_its_date_not_doorlopend_and_one_session_in_the_singular(world, client_for):
    client = client_for(world.a.users[Role.COORDINATOR])
    day = timezone.localdate() + timedelta(days=3)
    response = client.post(
        reverse("activities:create"),
        _form(
            world, title="Themamiddag geldzorgen", frequency="once", start_date=day.isoformat(), end_date=""
        ),
    )
    activity = Activity.objects.get(title="Themamiddag geldzorgen")
    assert activity.sessions.count() == 1
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Activiteit 'Themamiddag geldzorgen' aangemaakt met 1 bijeenkomst."
    ]
    page = client.get(reverse("activities:detail", args=[activity.pk])).content.decode()
    assert "doorlopend" not in page
    months = [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ]
    assert f"{day.day} {months[day.month - 1]} {day.year}" in page


def test_month_abbreviations_are_lower_case_in_dutch():
    with translation.override("nl"):
        rendered = Template('{{ d|date:"j b Y" }}').render(Context({"d": date(2026, 12, 31)}))
    assert rendered == "31 dec 2026"


def test_no_template_capitalises_a_month_abbreviation():
    """Django's "M" format is title case ("Dec"); Dutch writes month abbreviations in lower case ("b")."""
    import re
    from pathlib import Path

    from django.conf import settings

    offenders = []
    for path in Path(settings.BASE_DIR, "ervaringswerk").rglob("*.html"):
        for match in re.finditer(r"""\|date:["']([^"']*)["']""", path.read_text()):
            if "M" in match.group(1):
                offenders.append(f"{path.name}: {match.group(0)}")
    for path in Path(settings.BASE_DIR, "templates").rglob("*.html"):
        for match in re.finditer(r"""\|date:["']([^"']*)["']""", path.read_text()):
            if "M" in match.group(1):
                offenders.append(f"{path.name}: {match.group(0)}")
    assert offenders == []
