"""Import from CSV/XLSX: a dry-run preview first; one bad row means nothing is written; bad rows named."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from ervaringswerk.accounts.models import Role
from ervaringswerk.pool.models import PeerWorker

from .factories import make_peer

HEADER = (
    "voornaam;achternaam;email;status;uren_per_week;max_bewoners;talen;wijken;soorten_inzet;dienstverband"
)
GOOD = [
    "Lies;de Boer;lies@example.invalid;actief;8;2;nl, ar;Aastad-Noord;Groepsactiviteit;Vrijwilliger",
    "Omar;Haddou;;gepauzeerd;12,5;3;Arabisch;Aastad-Noord, Aastad-Zuid;individual_support;participation_job",
    "Gerda;Smit;;;;;;;;",
]


def _csv(*rows, header=HEADER) -> SimpleUploadedFile:
    return SimpleUploadedFile("pool.csv", "\n".join([header, *rows]).encode("utf-8"), content_type="text/csv")


def _xlsx(rows) -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return SimpleUploadedFile("pool.xlsx", out.getvalue())


@pytest.fixture
def coordinator(world, client_for):
    return client_for(world.a.users[Role.COORDINATOR])


def _pool_size(world) -> int:
    return PeerWorker.objects.filter(municipality=world.a.municipality).count()


def test_dry_run_writes_nothing_then_confirm_writes_every_row(world, coordinator):
    response = coordinator.post(reverse("pool:import"), {"bestand": _csv(*GOOD)})
    assert response.status_code == 200
    check = response.context["check"]
    assert check.ok and len(check.rows) == 3
    assert _pool_size(world) == 0, "the preview must not write"
    assert "3 rijen zijn in orde" in response.content.decode()

    response = coordinator.post(reverse("pool:import"), {"bevestig": response.context["token"]})
    assert response.status_code == 302
    assert _pool_size(world) == 3
    omar = PeerWorker.objects.get(first_name="Omar")
    assert omar.languages == ["ar"] and str(omar.weekly_hours) == "12.5" and omar.status == "paused"
    assert omar.kinds == ["individual_support"] and omar.employment_form == "participation_job"
    assert {n.name for n in omar.neighbourhoods.all()} == {"Aastad-Noord", "Aastad-Zuid"}
    assert omar.organisation == world.a.organisations["pool"]
    lies = PeerWorker.objects.get(first_name="Lies")
    assert lies.languages == ["nl", "ar"] and lies.kinds == ["group_activity"]


def test_a_bad_file_writes_nothing_and_names_every_bad_row(world, coordinator):
    make_peer(world.a, first_name="Bestaat", last_name="Al", email="al@example.invalid")
    rows = [
        GOOD[0],
        ";Zonder voornaam;;;;;;;;",  # row 3
        "Piet;Uren;;actief;veel;2;;;;",  # row 4
        "Kim;Wijk;;actief;8;2;xx;Atlantis;Ruimtevaart;Koning",  # row 5: four problems
        GOOD[2],
        "Bestaat;Al;al@example.invalid;;;;;;;",  # row 7: already in the pool
        GOOD[0],  # row 8: twice in this file
    ]
    response = coordinator.post(reverse("pool:import"), {"bestand": _csv(*rows)})
    check = response.context["check"]
    assert [row.number for row in check.bad_rows] == [3, 4, 5, 7, 8]
    errors = {row.number: " ".join(row.errors) for row in check.bad_rows}
    assert "voornaam is leeg" in errors[3]
    assert "uren_per_week 'veel'" in errors[4]
    assert all(word in errors[5] for word in ("'xx'", "Atlantis", "Ruimtevaart", "Koning"))
    assert "staat al in de pool" in errors[7]
    assert "ook rij 2" in errors[8]
    page = response.content.decode()
    assert "Er is niets opgeslagen" in page and "Rij 5" in page
    assert response.context["token"] is None
    assert _pool_size(world) == 1


def test_confirming_a_file_that_became_invalid_writes_nothing(world, coordinator):
    response = coordinator.post(reverse("pool:import"), {"bestand": _csv(*GOOD)})
    token = response.context["token"]
    make_peer(world.a, first_name="Lies", last_name="de Boer", email="lies@example.invalid")  # meanwhile
    response = coordinator.post(reverse("pool:import"), {"bevestig": token})
    assert response.status_code == 200
    assert [row.number for row in response.context["check"].bad_rows] == [2]
    assert _pool_size(world) == 1


def test_xlsx_import(world, coordinator):
    upload = _xlsx(
        [["Voornaam", "Achternaam", "uren_per_week", "talen"], ["Jan", "Xlsx", 6, "nl"], [None] * 4]
    )
    response = coordinator.post(reverse("pool:import"), {"bestand": upload})
    assert response.context["check"].ok
    coordinator.post(reverse("pool:import"), {"bevestig": response.context["token"]})
    assert PeerWorker.objects.get(last_name="Xlsx").weekly_hours == 6


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (_csv(header="naam;leeftijd"), "Onbekende kolommen: naam, leeftijd"),
        (_csv(header="voornaam;email"), "Verplichte kolommen ontbreken: achternaam"),
        (_csv(header=HEADER), "geen rijen"),
        (SimpleUploadedFile("pool.xlsx", b"geen zip"), "kan niet worden gelezen"),
    ],
)
def test_file_level_problems_are_explained(world, coordinator, upload, message):
    response = coordinator.post(reverse("pool:import"), {"bestand": upload})
    assert message in response.content.decode()
    assert _pool_size(world) == 0


def test_wrong_file_type_keeps_the_form_with_a_dutch_message(coordinator):
    upload = SimpleUploadedFile("pool.pdf", b"%PDF")
    response = coordinator.post(reverse("pool:import"), {"bestand": upload})
    assert response.status_code == 200 and "Kies een .csv- of .xlsx-bestand" in response.content.decode()


def test_a_forged_or_expired_confirmation_writes_nothing(world, coordinator):
    response = coordinator.post(reverse("pool:import"), {"bevestig": "verzonnen"}, follow=True)
    assert "verlopen" in response.content.decode()
    assert _pool_size(world) == 0


def test_template_download(coordinator):
    response = coordinator.get(reverse("pool:import"), {"sjabloon": "csv"})
    assert response["Content-Disposition"].endswith('sjabloon.csv"')
    assert response.content.decode("utf-8-sig").startswith("voornaam;achternaam;")
