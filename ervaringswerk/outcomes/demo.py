"""Demo: a year of the Helmond pilot "ervaringskennis bij geldzorgen" (invented residents, codes only),
with measurements that make a meaningful evaluation (money worries improve most; in every dimension some
residents stay the same and some get worse), and a few Utrecht trajectories. Idempotent: trajectories are
found by their code. The measurements are recorded in one go (`measurements_record_many`)."""

import datetime
import random

from django.utils import timezone

from ervaringswerk.core.tenancy import Viewer

from .constants import ITEMS, EndReason, Instrument, Moment
from .models import Trajectory
from .services import measurements_record_many, trajectory_create

HELMOND_HOODS = {
    # neighbourhood: team
    "Helmond-Noord": "helmond.team-noord",
    "Helmond-West": "helmond.team-noord",
    "Binnenstad": "helmond.team-noord",
    "Brouwhuis": "helmond.team-oost",
    "Rijpelberg": "helmond.team-oost",
    "Mierlo-Hout": "helmond.team-oost",
}
AGE_BANDS = ["18-26", "27-40", "27-40", "41-55", "41-55", "56-67", "68+"]
# How much each ZRM domain tends to improve in the pilot (money worries most, justice hardly).
ZRM_GAIN = {
    "financien": 1.6,
    "werk_opleiding": 0.5,
    "tijdsbesteding": 0.8,
    "huisvesting": 0.4,
    "huiselijke_relaties": 0.3,
    "geestelijke_gezondheid": 0.6,
    "lichamelijke_gezondheid": 0.2,
    "middelengebruik": 0.1,
    "basale_adl": 0.0,
    "instrumentele_adl": 0.7,
    "sociaal_netwerk": 0.9,
    "maatschappelijke_participatie": 1.0,
    "justitie": 0.0,
}


def _clip(value, low, high):
    return max(low, min(high, value))


def _peers(organisation):
    from ervaringswerk.pool.models import PeerStatus, PeerWorker

    return list(
        PeerWorker.objects.filter(organisation=organisation, status=PeerStatus.ACTIVE).order_by("last_name")
    )


# How much else happens per ZRM domain (standard deviation of the resident's own setback or windfall):
# justice and basic daily living rarely move, money, housing and relations do.
ZRM_NOISE = {"justitie": 0.3, "basale_adl": 0.3, "middelengebruik": 0.4, "lichamelijke_gezondheid": 0.5}
ZRM_NOISE_DEFAULT = 0.6
# How much each Positive Health dimension tends to move (0-10): mental well-being and taking part most,
# bodily functions hardly.
PH_GAIN = {
    "lichaamsfuncties": 0.5,
    "mentaal_welbevinden": 1.6,
    "zingeving": 1.2,
    "kwaliteit_van_leven": 1.3,
    "meedoen": 1.5,
    "dagelijks_functioneren": 0.8,
}


def _scores(rng, moment, base, progress):
    """progress 0 at intake, 1 at the end; base holds the resident's intake profile and how they respond.

    Credible, not rosy (issue 14.12): a resident's response varies (some hardly benefit, a few get worse),
    and life happens per dimension (a setback in health, housing or relations), so every dimension has
    residents who improved, stayed the same and got worse."""
    scores = {}
    response = base["response"]
    for item in ITEMS[Instrument.ZRM]:
        change = ZRM_GAIN[item] * response + base["zrm_noise"][item]
        scores[(Instrument.ZRM, item)] = _clip(round(base["zrm"][item] + change * progress), 1, 5)
    scores[(Instrument.LADDER, "ladder")] = _clip(
        round(base["ladder"] + base["ladder_gain"] * progress), 1, 6
    )
    for item in ITEMS[Instrument.POSITIVE_HEALTH]:
        change = PH_GAIN[item] * response + base["ph_noise"][item]
        scores[(Instrument.POSITIVE_HEALTH, item)] = _clip(round(base["ph"][item] + change * progress), 0, 10)
    if moment != Moment.INTAKE:
        for item in ITEMS[Instrument.EXPERIENCE]:
            scores[(Instrument.EXPERIENCE, item)] = rng.choices([2, 3, 4, 5], weights=[1, 2, 6, 5])[0]
    return {(str(i), str(k)): v for (i, k), v in scores.items()}


def _profile(rng):
    """A resident at intake, with how much they respond to the support (drawn once, so interim and end
    agree) and what else happens to them per dimension during the trajectory (a setback or a windfall)."""
    return {
        "zrm": {
            item: (rng.choice([1, 2, 2, 2]) if item == "financien" else rng.choice([2, 3, 3, 4, 4, 5]))
            for item in ITEMS[Instrument.ZRM]
        },
        "ladder": rng.choice([1, 2, 2, 3, 3, 4]),
        "ladder_gain": rng.choice([-1, 0, 0, 1, 1, 1, 2]),
        "ph": {item: rng.choice([3, 4, 4, 5, 5, 6]) for item in ITEMS[Instrument.POSITIVE_HEALTH]},
        "response": rng.choice([-0.2, 0.3, 0.6, 0.9, 1.0, 1.1, 1.3]),
        "zrm_noise": {
            item: rng.gauss(0, ZRM_NOISE.get(item, ZRM_NOISE_DEFAULT)) for item in ITEMS[Instrument.ZRM]
        },
        "ph_noise": {item: rng.gauss(0, 1.1) for item in ITEMS[Instrument.POSITIVE_HEALTH]},
    }


def _load_municipality(ctx, key, hoods, count, rng, prefix):
    today = timezone.localdate()
    municipality = ctx.municipalities[key]
    pool = _peers(ctx.organisations[f"{key}.welzijn"])
    from ervaringswerk.organisations.models import Programme

    # the hours demo (loaded before this one) made the municipality's programmes: a trajectory is
    # supported under the programme that ran when it started, so the programme filter finds it
    programmes = list(Programme.objects.filter(municipality=municipality).order_by("start_date"))
    professional = ctx.users.get(f"professional.{key}")
    viewer = Viewer(user=professional) if professional else None
    pending: list[dict] = []
    for index in range(count):
        code = f"{prefix}-{index + 1:04d}"
        if Trajectory.objects.filter(municipality=municipality, code=code).exists():
            continue
        hood = list(hoods)[index % len(hoods)]
        organisation = ctx.organisations[hoods[hood]]
        first_contact = today - datetime.timedelta(days=rng.randint(20, 360))
        age = (today - first_contact).days
        activation = None
        if rng.random() < 0.78 and age > 30:
            activation = first_contact + datetime.timedelta(days=rng.randint(10, min(75, age - 5)))
        trajectory = trajectory_create(
            viewer=viewer,
            organisation=organisation,
            neighbourhood=ctx.neighbourhoods[(key, hood)],
            age_band=rng.choice(AGE_BANDS),
            first_contact=first_contact,
            code=code,
            peer_worker=pool[index % len(pool)] if pool else None,
            professional=professional,
            organisations_before=rng.choice([2, 3, 3, 4, 4, 5, 6]),
            organisations_during=rng.choice([1, 1, 2, 2, 3]),
            activation_date=activation,
            programme=next((p for p in programmes if p.start_date <= first_contact <= p.end_date), None),
        )
        profile = _profile(rng)
        intake_on = first_contact + datetime.timedelta(days=rng.randint(0, 10))
        pending.append(
            {
                "trajectory": trajectory,
                "moment": Moment.INTAKE,
                "measured_on": intake_on,
                "scores": _scores(rng, Moment.INTAKE, profile, 0),
            }
        )
        if age > 100:
            pending.append(
                {
                    "trajectory": trajectory,
                    "moment": Moment.INTERIM,
                    "measured_on": first_contact + datetime.timedelta(days=90),
                    "scores": _scores(rng, Moment.INTERIM, profile, 0.5),
                }
            )
        if age > 160 and rng.random() < 0.85:
            end_on = first_contact + datetime.timedelta(days=rng.randint(150, min(age, 300)))
            pending.append(
                {
                    "trajectory": trajectory,
                    "moment": Moment.END,
                    "measured_on": end_on,
                    "scores": _scores(rng, Moment.END, profile, 1),
                }
            )
            Trajectory.objects.filter(pk=trajectory.pk).update(
                end_date=end_on,
                end_reason=rng.choices(
                    [EndReason.GOALS_REACHED, EndReason.REFERRED, EndReason.MOVED, EndReason.DROPPED_OUT],
                    weights=[6, 2, 1, 1],
                )[0],
            )
    # One refresh of the derived data per trajectory and one rollup at the end, not one per measurement.
    if pending:
        measurements_record_many(viewer=viewer, items=pending)


def load(ctx) -> None:
    rng = random.Random(794)  # noqa: S311 - demo data, reproducible
    _load_municipality(ctx, "helmond", HELMOND_HOODS, 84, rng, "HD")
    utrecht_hoods = {"Overvecht": "utrecht.team-overvecht", "Zuidwest": "utrecht.team-zuidwest"}
    _load_municipality(ctx, "utrecht", utrecht_hoods, 16, rng, "UT")
