"""One link, one answer, also when a resident taps "Versturen" twice or two phones use the same code.

Two real PostgreSQL transactions (ervaringswerk.core.races): the first pauses right after it marked the
link used, while it holds the row lock; the second must wait for that lock and then find the link used.
Without the `used=False` condition in `voice.services._use_up` the second also stores an answer: this fails.
"""

import pytest

from ervaringswerk.core.races import race
from ervaringswerk.voice import services
from ervaringswerk.voice.models import SurveyResponse
from ervaringswerk.voice.services import LinkUnusable, survey_answer

from .test_voice import hand_out

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_submissions_of_one_link_at_once_store_one_answer(world, monkeypatch):
    _trajectory, link = hand_out(world)

    def submit():
        return survey_answer(code=link.code, answers={"hope": 4})

    outcome = race(monkeypatch, module=services, pause_at="_use_up", first=submit, second=submit)
    assert outcome.second_waited, "the second submission did not wait for the link's row lock"
    assert isinstance(outcome.results["first"], SurveyResponse)
    assert isinstance(outcome.results["second"], LinkUnusable)
    assert SurveyResponse.objects.count() == 1
