"""Demo: three Helmond organisations assess themselves three times in the pilot year, with actions."""

import datetime

from django.utils import timezone

from ervaringswerk.accounts.viewer import viewer_for
from ervaringswerk.core.reference import Precondition
from ervaringswerk.core.tenancy import Viewer
from ervaringswerk.pool.selectors import peer_workers_of_organisation

from .models import Action, Assessment, AssessmentRound, RoundOrganisation
from .services import (
    action_complete,
    action_create,
    assessment_create,
    peer_response_submit,
    round_assessment_save,
    round_close,
    round_open,
)

# organisation key: (login who assesses, scores at the three moments per precondition: start, middle, now)
ASSESSMENTS = {
    "helmond.welzijn": (
        "coordinator.helmond",
        [2, 3, 4],
        [3, 3, 4],
        [1, 3, 4],
        [2, 3, 3],
        [2, 4, 4],
        [2, 2, 3],
        [3, 4, 4],
        [2, 3, 4],
        [1, 2, 3],
    ),
    "helmond.team-noord": (
        "teamlead.helmond",
        [3, 3, 4],
        [2, 3, 3],
        [1, 2, 3],
        [2, 2, 3],
        [1, 3, 3],
        [3, 3, 3],
        [2, 2, 3],
        [2, 2, 2],
        [1, 1, 2],
    ),
    "helmond.schuldhulp": (
        None,
        [2, 2, 3],
        [1, 2, 2],
        [1, 1, 2],
        [2, 3, 3],
        [1, 2, 3],
        [2, 2, 2],
        [1, 2, 2],
        [1, 1, 2],
        [1, 1, 1],
    ),
}
EXPLANATIONS = {
    1: "Nog niet geregeld; wel besproken in het overleg.",
    2: "Eerste afspraken gemaakt, nog niet vastgelegd.",
    3: "Deels geregeld: afspraken op papier, nog niet overal in de praktijk.",
    4: "Grotendeels geregeld en in de werkwijze opgenomen.",
    5: "Volledig geregeld en geborgd in procedures en begroting.",
}
ACTIONS = {
    "helmond.welzijn": [
        (
            "continuity",
            "Functieplaats ervaringsdeskundige geldzorgen opnemen in de begroting 2027",
            "Directeur",
            60,
            False,
        ),
        (
            "supervision",
            "Maandelijkse intervisie met ervaringsdeskundigen uit de regio",
            "Coördinator",
            -90,
            True,
        ),
    ],
    "helmond.team-noord": [
        (
            "team_support",
            "Ervaringsdeskundige schuift elke twee weken aan bij het casusoverleg",
            "Teamleider",
            -120,
            True,
        ),
        (
            "clear_roles",
            "Rolbeschrijving ervaringsdeskundige in het team vastleggen",
            "Teamleider",
            30,
            False,
        ),
    ],
    "helmond.schuldhulp": [
        (
            "room_facilities",
            "Vaste werkplek en spreekkamer op dinsdag en donderdag",
            "Afdelingshoofd",
            45,
            False,
        ),
    ],
}


def load(ctx) -> None:
    load_assessments(ctx)
    load_round(ctx)


def load_assessments(ctx) -> None:
    today = timezone.localdate()
    moments = [today - datetime.timedelta(days=d) for d in (300, 170, 40)]
    for org_key, (login, *scores) in ASSESSMENTS.items():
        organisation = ctx.organisations[org_key]
        viewer = Viewer(user=ctx.users[login]) if login else None
        if Assessment.objects.filter(organisation=organisation).exists():
            continue
        for index, on in enumerate(moments):
            assessment_create(
                viewer=viewer,
                organisation=organisation,
                assessed_on=on,
                items={
                    key: {
                        "score": row[index],
                        "explanation": EXPLANATIONS[row[index]],
                        "evidence": "Verslag zelfevaluatie met team en ervaringsdeskundigen" if index else "",
                    }
                    for key, row in zip(Precondition.values, scores, strict=True)
                },
            )
        for precondition, description, owner, due_in, done in ACTIONS.get(org_key, []):
            if Action.objects.filter(organisation=organisation, description=description).exists():
                continue
            action = action_create(
                viewer=viewer,
                organisation=organisation,
                precondition=precondition,
                description=description,
                owner=owner,
                due_date=today + datetime.timedelta(days=due_in),
            )
            if done:
                action_complete(
                    viewer=viewer, action=action, completed_on=today + datetime.timedelta(days=due_in - 5)
                )


# Preconditions round in Utrecht (issue 14.9): asked are the city-wide welfare organisation, the peer-run
# walk-in and both neighbourhood teams. Six of the welfare organisation's nine peer workers answer (above
# the threshold of 5), three of the walk-in's five (below it: not shown). The welfare organisation
# submitted, Overvecht has a draft, the walk-in and Zuidwest have not started. The round was closed early
# by the policy advisor, so the comparison shows.
ROUND_TITLE = "Randvoorwaarden najaar"
ROUND_ORGS = ["utrecht.welzijn", "utrecht.inloop", "utrecht.team-overvecht", "utrecht.team-zuidwest"]
# organisation key: (login who assesses, own scores per criterion in checklist order, submit?)
ROUND_OWN: dict[str, tuple[str, list[int | None], bool]] = {
    "utrecht.welzijn": ("coordinator.utrecht", [4, 4, 3, 4, 3, 4, 3, 3, 3], True),
    "utrecht.team-overvecht": ("teamlead.utrecht", [3, 3, 2, None, None, None, None, None, None], False),
}
# per organisation: how many peer workers answer, and their scores (cycled) per criterion
ROUND_PEERS = {
    "utrecht.welzijn": (
        6,
        [[3, 4, 3], [3, 3, 2], [2, 3, 3], [3, 4], [2, 3, 2], [4, 4, 3], [2, 2, 3], [3, 2], [2, 2, 1]],
    ),
    "utrecht.inloop": (3, [[4], [3], [4], [3], [4], [3], [4], [3], [3]]),
}


def load_round(ctx) -> None:
    if "policy.utrecht" not in ctx.users or AssessmentRound.objects.filter(title=ROUND_TITLE).exists():
        return
    policy = viewer_for(ctx.users["policy.utrecht"])
    round_ = round_open(
        viewer=policy,
        title=ROUND_TITLE,
        deadline=timezone.localdate() + datetime.timedelta(days=10),
        organisations=[ctx.organisations[k] for k in ROUND_ORGS],
        note="Graag met het team en de ervaringsdeskundigen bespreken voordat u indient.",
    )
    for org_key, (login, scores, submit) in ROUND_OWN.items():
        entry = RoundOrganisation.objects.get(round=round_, organisation=ctx.organisations[org_key])
        items = {
            key: {"score": s, "explanation": EXPLANATIONS[s]}
            for key, s in zip(Precondition.values, scores, strict=True)
            if s is not None
        }
        round_assessment_save(viewer=viewer_for(ctx.users[login]), entry=entry, items=items, submit=submit)
    for org_key, (n, answers) in ROUND_PEERS.items():
        peers = list(peer_workers_of_organisation(organisation_id=ctx.organisations[org_key].pk)[:n])
        for index, peer in enumerate(peers):
            answer: dict[str, int | None] = {
                key: row[index % len(row)] for key, row in zip(Precondition.values, answers, strict=True)
            }
            peer_response_submit(viewer=None, round_=round_, peer=peer, scores=answer)
    round_close(viewer=policy, round_=round_)
