"""Demo: three Helmond organisations assess themselves three times in the pilot year, with actions."""

import datetime

from django.utils import timezone

from ervaringswerk.core.reference import Precondition
from ervaringswerk.core.tenancy import Viewer

from .models import Action, Assessment
from .services import action_complete, action_create, assessment_create

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
