"""Demo: Helmond's residents answered the experience survey themselves, over the pilot's last months.

Links are handed out by the neighbourhood team's professional for their own trajectories and answered a
day later (invented answers, leaning positive as in the pilot's findings). Utrecht has none yet, so the
browser test can show its first answers appear only once there are enough. Idempotent: skipped when the
municipality has answers."""

import datetime
import random

from django.utils import timezone

from ervaringswerk.accounts.viewer import viewer_for
from ervaringswerk.outcomes.selectors import trajectory_list

from .models import ITEM_FIELDS, SurveyResponse
from .services import survey_answer, survey_links_for_trajectory

ANSWERS = 30
# Recognition and equality score highest in the pilot; structure in one's day lags behind.
LEANING = {"recognition": 4.4, "acceptance": 4.2, "equality": 4.3, "hope": 3.8, "structure": 3.3}


def load(ctx) -> None:
    municipality = ctx.municipalities["helmond"]
    if SurveyResponse.objects.filter(municipality=municipality).exists():
        return
    professional = viewer_for(ctx.users["professional.helmond"])
    rng = random.Random(4718)  # noqa: S311 - demo data, reproducible
    trajectories = trajectory_list(viewer=professional).order_by("code")[:ANSWERS]
    now = timezone.now()
    for index, trajectory in enumerate(trajectories):
        handed_out = now - datetime.timedelta(days=5 + (index * 7) % 150)
        link = survey_links_for_trajectory(viewer=professional, trajectory=trajectory, now=handed_out)[0]
        answers = {}
        for name in ITEM_FIELDS:
            if rng.random() < 0.06:
                continue  # a skipped question
            centre = LEANING.get(name, 3.9)
            answers[name] = max(1, min(5, round(rng.gauss(centre, 0.9))))
        survey_answer(code=link.code, answers=answers, now=handed_out + datetime.timedelta(days=1))
