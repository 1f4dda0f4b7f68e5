"""Import from CSV/XLSX: column mapping from Dutch/English headers, a dry run first, one bad row means
nothing is written, bad rows named; hostile files refused early; the upload waits on disk, not in the
session; parsing never holds a transaction (regressions of issues 12 and 13)."""

import io
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from openpyxl import Workbook

from ervaringswerk.accounts.services import membership_create, user_create
from ervaringswerk.core.tenancy import Role
from ervaringswerk.pool import importing, uploads
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
URL = "/pool/import/"


def _csv(*rows, header=HEADER, name="pool.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, "\n".join([header, *rows]).encode("utf-8"), content_type="text/csv")


def _xlsx_bytes(rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _xlsx(rows) -> SimpleUploadedFile:
    return SimpleUploadedFile("pool.xlsx", _xlsx_bytes(rows))


def _rewrite_sheet(content: bytes, change) -> bytes:
    """Edit the first sheet's XML of a workbook (for files Excel would never write)."""
    source, out = zipfile.ZipFile(io.BytesIO(content)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = change(data)
            target.writestr(info.filename, data)
    return out.getvalue()


@pytest.fixture(autouse=True)
def upload_dir(settings, tmp_path):
    settings.EW_UPLOAD_DIR = tmp_path / "uploads"
    return settings.EW_UPLOAD_DIR


@pytest.fixture
def coordinator(world, client_for):
    return client_for(world.a.users[Role.COORDINATOR])


def _pool_size(world) -> int:
    return PeerWorker.objects.filter(municipality=world.a.municipality).count()


def _upload(client, upload):
    response = client.post(reverse("pool:import"), {"bestand": upload})
    assert response.status_code == 200
    return response


def _confirm(client, response, **extra):
    return client.post(
        reverse("pool:import"), {"upload": response.context["token"], "actie": "importeren", **extra}
    )


def _remap(client, response, mapping: dict):
    data = {"upload": response.context["token"], "actie": "koppelen"}
    for column in response.context["check"].columns:
        data[f"kolom_{column.index}"] = mapping.get(column.header, column.target)
    return client.post(reverse("pool:import"), data)


# ----------------------------------------------------------------------------------------- the flow


def test_dry_run_writes_nothing_then_confirm_writes_every_row(world, coordinator):
    response = _upload(coordinator, _csv(*GOOD))
    check = response.context["check"]
    assert check.ok and len(check.rows) == 3
    assert _pool_size(world) == 0, "the preview must not write"
    assert "3 rijen zijn in orde" in response.content.decode()

    response = _confirm(coordinator, response)
    assert response.status_code == 302
    assert _pool_size(world) == 3
    omar = PeerWorker.objects.get(first_name="Omar")
    assert omar.languages == ["ar"] and str(omar.weekly_hours) == "12.5" and omar.status == "paused"
    assert omar.kinds == ["individual_support"] and omar.employment_form == "participation_job"
    assert {n.name for n in omar.neighbourhoods.all()} == {"Aastad-Noord", "Aastad-Zuid"}
    assert omar.organisation == world.a.organisations["pool"]
    lies = PeerWorker.objects.get(first_name="Lies")
    assert lies.languages == ["nl", "ar"] and lies.kinds == ["group_activity"]
    # issue 13: right after the import the pool page offers to invite them to log in (onboarding's service)
    overview = coordinator.get(response["Location"]).content.decode()
    assert "Uitnodigen om in te loggen" in overview


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
    response = _upload(coordinator, _csv(*rows))
    check = response.context["check"]
    assert [row.number for row in check.bad_rows] == [3, 4, 5, 7, 8]
    errors = {row.number: " ".join(row.errors) for row in check.bad_rows}
    assert "Voornaam is leeg" in errors[3]
    assert "Uren per week 'veel'" in errors[4]
    assert all(word in errors[5] for word in ("'xx'", "Atlantis", "Ruimtevaart", "Koning"))
    assert "staat al in de pool" in errors[7]
    assert "ook rij 2" in errors[8]
    page = response.content.decode()
    assert "Er is niets opgeslagen" in page and "Rij 5" in page
    assert 'value="importeren"' not in page, "no import button while rows have errors"
    assert _confirm(coordinator, response).status_code == 200
    assert _pool_size(world) == 1


def test_confirming_a_file_that_became_invalid_writes_nothing(world, coordinator):
    response = _upload(coordinator, _csv(*GOOD))
    make_peer(world.a, first_name="Lies", last_name="de Boer", email="lies@example.invalid")  # meanwhile
    response = _confirm(coordinator, response)
    assert response.status_code == 200
    assert [row.number for row in response.context["check"].bad_rows] == [2]
    assert _pool_size(world) == 1


def test_xlsx_import(world, coordinator):
    upload = _xlsx(
        [["Voornaam", "Achternaam", "uren_per_week", "talen"], ["Jan", "Xlsx", 6, "nl"], [None] * 4]
    )
    response = _upload(coordinator, upload)
    assert response.context["check"].ok
    _confirm(coordinator, response)
    assert PeerWorker.objects.get(last_name="Xlsx").weekly_hours == 6


# ----------------------------------------------------------------------------------------- mapping (13.4)


def test_dutch_headers_of_a_real_spreadsheet_are_mapped_and_unknown_columns_kept_aside(world, coordinator):
    """Regression (issue 13): headers like 'E-mailadres' and 'Startdatum' refused the whole file."""
    upload = _xlsx(
        [
            [
                "Voornaam",
                "Tussenvoegsel",
                "Achternaam",
                "E-mailadres",
                "Telefoon",
                "Startdatum",
                "Wijk",
                "Uren per week",
                "Leeftijd",
                "Opmerking",
            ],
            [
                "Anna",
                "van der",
                "Berg",
                "anna@example.invalid",
                "06-12345678",
                "01-03-2024",
                "Aastad-Noord",
                "12,5",
                41,
                "vrije tekst die niet mee mag",
            ],
        ]
    )
    response = _upload(coordinator, upload)
    check = response.context["check"]
    assert [c.target for c in check.columns] == [
        "voornaam",
        "tussenvoegsel",
        "achternaam",
        "email",
        "telefoon",
        "in_pool_sinds",
        "wijken",
        "uren_per_week",
        "",
        "",
    ]
    assert check.ok, check.file_errors
    page = response.content.decode()
    assert "Apart gehouden" in page and "Leeftijd" in page and "Opmerking" in page
    assert _confirm(coordinator, response).status_code == 302
    anna = PeerWorker.objects.get(first_name="Anna")
    assert anna.last_name == "van der Berg" and anna.email == "anna@example.invalid"
    assert anna.phone == "06-12345678" and str(anna.joined_on) == "2024-03-01"
    assert [n.name for n in anna.neighbourhoods.all()] == ["Aastad-Noord"]
    assert anna.weekly_hours == Decimal("12.5")
    assert "vrije tekst" not in str(PeerWorker.objects.filter(pk=anna.pk).values().first())


def test_english_headers_and_a_full_name_column(world, coordinator):
    upload = _csv(
        "Anna van der Berg;anna@example.invalid;2024-03-01;Aastad-Zuid;3",
        "Berg, Bram;;;;",
        header="Name;E-mail address;Start date;Neighbourhood;Capacity",
    )
    response = _upload(coordinator, upload)
    check = response.context["check"]
    assert [c.target for c in check.columns] == ["naam", "email", "in_pool_sinds", "wijken", "max_bewoners"]
    assert check.ok, [row.errors for row in check.rows]
    _confirm(coordinator, response)
    assert PeerWorker.objects.get(first_name="Anna").last_name == "van der Berg"
    assert PeerWorker.objects.get(first_name="Bram").last_name == "Berg"


def test_the_coordinator_changes_the_suggested_mapping(world, coordinator):
    upload = _csv("Lies;Boer;8", header="Roepnaam;Familie;Getal")
    response = _upload(coordinator, upload)
    check = response.context["check"]
    assert [c.target for c in check.columns] == ["voornaam", "", ""]
    assert not check.ok and "Koppel een kolom" in response.content.decode()
    response = _remap(coordinator, response, {"Familie": "achternaam", "Getal": "max_bewoners"})
    assert response.context["check"].ok
    assert _confirm(coordinator, response).status_code == 302, "the import uses the mapping that was checked"
    assert PeerWorker.objects.get(first_name="Lies").max_residents == 8


def test_a_target_chosen_twice_or_an_unknown_target_is_a_mapping_error(world, coordinator):
    response = _upload(coordinator, _csv("Lies;Boer", header="Voornaam;Achternaam"))
    response = _remap(coordinator, response, {"Achternaam": "voornaam"})
    assert "aan meer dan één kolom gekoppeld" in response.content.decode()
    response = _remap(coordinator, response, {"Voornaam": "password", "Achternaam": "achternaam"})
    assert [c.target for c in response.context["check"].columns] == ["", "achternaam"]
    assert _pool_size(world) == 0


def test_missing_capacity_comes_from_the_municipality_default_and_is_said(world, coordinator):
    """Regression (issue 13): every imported peer worker got a maximum of 0 residents."""
    municipality = world.a.municipality
    municipality.default_max_residents, municipality.default_weekly_hours = 2, Decimal(6)
    municipality.save()
    response = _upload(
        coordinator, _csv("Lies;Boer;", "Omar;Haddou;4", header="Voornaam;Achternaam;Bewoners")
    )
    page = response.content.decode()
    assert "1 rij(en) zonder maximaal aantal bewoners" in page and "(2)" in page
    assert "zonder uren per week" in page
    _confirm(coordinator, response)
    assert PeerWorker.objects.get(first_name="Lies").max_residents == 2
    assert PeerWorker.objects.get(first_name="Omar").max_residents == 4
    assert PeerWorker.objects.get(first_name="Lies").weekly_hours == 6


def test_a_default_of_zero_is_never_silent(world, coordinator):
    municipality = world.a.municipality
    municipality.default_max_residents = 0
    municipality.save()
    response = _upload(coordinator, _csv("Lies;Boer", header="Voornaam;Achternaam"))
    assert "Die standaard is 0" in response.content.decode()


# ----------------------------------------------------------------------------------------- bad content


@pytest.mark.parametrize("value", ["31-02-2024", "2023-13-45", "00-00-0000", "29-02-2023", "01-01-0001"])
def test_impossible_dates_are_row_errors_not_500(world, coordinator, value):
    """Regression (issue 12): impossible dates in the pool import gave 500."""
    response = _upload(coordinator, _csv(f"Lies;Boer;{value}", header="voornaam;achternaam;startdatum"))
    errors = " ".join(response.context["check"].rows[0].errors)
    assert value in errors
    assert _pool_size(world) == 0


def test_nul_bytes_are_row_errors_not_500(world, coordinator):
    """Regression (issue 12): a NUL byte gave 500 on PostgreSQL."""
    response = _upload(
        coordinator, _csv("Li\x00es;Boer;a\x00@example.invalid", header="voornaam;achternaam;email")
    )
    errors = " ".join(response.context["check"].rows[0].errors)
    assert "NUL" in errors and "Voornaam" in errors and "E-mailadres" in errors
    assert _confirm(coordinator, response).status_code == 200
    assert _pool_size(world) == 0


def test_an_xlsx_with_a_nul_character_or_broken_date_cell_is_refused_in_dutch(world, coordinator):
    base = _xlsx_bytes([["Voornaam", "Achternaam"], ["PLAATS", "Boer"]])
    nul = _rewrite_sheet(base, lambda xml: xml.replace(b"PLAATS", b"Li&#0;es"))
    response = _upload(coordinator, SimpleUploadedFile("pool.xlsx", nul))
    assert response.context["check"].file_errors or response.context["check"].bad_rows
    date = _xlsx_bytes([["Voornaam", "Achternaam", "Startdatum"], ["Lies", "Boer", 10**9]])
    date = _rewrite_sheet(date, lambda xml: xml.replace(b'<c r="C2"', b'<c r="C2" s="1"'))
    response = _upload(coordinator, SimpleUploadedFile("pool.xlsx", date))
    assert response.status_code == 200
    assert _pool_size(world) == 0


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (_csv(header="voornaam;email"), "Koppel een kolom aan Voornaam"),
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


def test_template_download(coordinator):
    response = coordinator.get(reverse("pool:import"), {"sjabloon": "csv"})
    assert response["Content-Disposition"].endswith('sjabloon.csv"')
    assert response.content.decode("utf-8-sig").startswith("voornaam;achternaam;")


# ----------------------------------------------------------------------------------------- caps


@pytest.fixture
def cells_read(monkeypatch):
    """How many cells the reader turned into text: proves it stopped instead of reading everything."""
    count = [0]
    real = importing._cell

    def counting(value):
        count[0] += 1
        return real(value)

    monkeypatch.setattr(importing, "_cell", counting)
    return count


def test_too_many_rows_is_refused_before_the_rest_is_read(world, coordinator, cells_read):
    rows = [["Voornaam", "Achternaam"]] + [[f"P{i}", "X"] for i in range(importing.MAX_ROWS + 500)]
    response = _upload(coordinator, _xlsx(rows))
    assert "Meer dan 2000 rijen" in response.content.decode()
    assert cells_read[0] <= (importing.MAX_ROWS + 2) * 2, "stopped at the row cap, the rest never read"


def test_too_many_columns_is_refused_at_the_first_row(world, coordinator, cells_read):
    wide = [[f"k{i}" for i in range(300)] for _row in range(50)]
    response = _upload(coordinator, _xlsx(wide))
    assert "meer dan 50 kolommen" in response.content.decode()
    assert cells_read[0] <= 300, "only the first row was read"


def test_too_many_cells_is_refused_before_the_rest_is_read(world, coordinator, cells_read, monkeypatch):
    monkeypatch.setattr(importing, "MAX_CELLS", 300)
    rows = [[f"k{i}" for i in range(30)] for _row in range(100)]
    response = _upload(coordinator, _xlsx(rows))
    assert "meer dan 300 gevulde cellen" in response.content.decode()
    assert cells_read[0] <= 330


def test_a_sheet_that_declares_a_million_rows_is_not_padded_out(world, coordinator, cells_read):
    content = _xlsx_bytes([["Voornaam", "Achternaam"], ["Lies", "Boer"]])
    content = _rewrite_sheet(
        content, lambda xml: xml.replace(b'<dimension ref="A1:B2"', b'<dimension ref="A1:XFD1048576"')
    )
    response = _upload(coordinator, SimpleUploadedFile("pool.xlsx", content))
    assert response.context["check"].ok
    assert cells_read[0] == 4, "only the stored cells, no padding to the declared size"


def test_a_zip_bomb_is_refused_by_its_unpacked_size(world, coordinator, cells_read):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb:
        bomb.writestr("xl/worksheets/sheet1.xml", b"<" + b" " * (importing.MAX_UNPACKED_BYTES + 1))
    response = _upload(coordinator, SimpleUploadedFile("pool.xlsx", out.getvalue()))
    assert "uitgepakt groter dan" in response.content.decode()
    assert cells_read[0] == 0


# ----------------------------------------------------------------------------------------- the upload


def test_the_upload_waits_on_disk_not_in_the_session_and_is_deleted_after_import(
    world, coordinator, upload_dir
):
    """Regression (issue 12): the file waited base64-encoded in the session table for up to 8 hours."""
    response = _upload(coordinator, _csv(*GOOD))
    token = response.context["token"]
    assert len(token) >= 40
    session = dict(coordinator.session.items())
    assert not any("Lies" in str(value) or len(str(value)) > 500 for value in session.values())
    stored = list(upload_dir.iterdir())
    assert len(stored) == 2 and all(token not in path.name for path in stored)
    assert all(path.stat().st_mode & 0o077 == 0 for path in stored), "readable by the service user only"
    _confirm(coordinator, response)
    assert list(upload_dir.iterdir()) == []


def test_cancel_deletes_the_upload(world, coordinator, upload_dir):
    response = _upload(coordinator, _csv(*GOOD))
    coordinator.post(URL, {"upload": response.context["token"], "actie": "annuleren"})
    assert list(upload_dir.iterdir()) == []
    assert _confirm(coordinator, response).status_code == 302  # back to a fresh form: "verlopen"
    assert _pool_size(world) == 0


def test_an_expired_upload_is_refused_and_deleted(world, coordinator, upload_dir, monkeypatch, settings):
    # The clock moves past the upload's 30 minutes; the session's idle limit (also 30) must not end first.
    settings.EW_SESSION_IDLE_MINUTES = 240
    response = _upload(coordinator, _csv(*GOOD))
    later = uploads.timezone.now() + uploads.UPLOAD_TTL + uploads.datetime.timedelta(seconds=1)
    monkeypatch.setattr(uploads.timezone, "now", lambda: later)
    followed = coordinator.post(
        URL, {"upload": response.context["token"], "actie": "importeren"}, follow=True
    )
    assert "verlopen" in followed.content.decode()
    assert list(upload_dir.iterdir()) == [] and _pool_size(world) == 0


def test_another_user_cannot_use_the_token(world, coordinator, client_for, upload_dir):
    response = _upload(coordinator, _csv(*GOOD))
    colleague = user_create(username="coordinator.twee", password="x" * 20)  # noqa: S106 - test fixture
    membership_create(user=colleague, organisation=world.a.organisations["pool"], role=Role.COORDINATOR)
    other = client_for(colleague)
    followed = other.post(URL, {"upload": response.context["token"], "actie": "importeren"}, follow=True)
    assert "verlopen" in followed.content.decode()
    assert _pool_size(world) == 0 and len(list(upload_dir.iterdir())) == 2


def test_a_forged_token_writes_nothing(world, coordinator):
    response = coordinator.post(URL, {"upload": "../../verzonnen", "actie": "importeren"}, follow=True)
    assert "verlopen" in response.content.decode()
    assert _pool_size(world) == 0


@pytest.mark.django_db(transaction=True)
def test_parsing_never_holds_a_transaction(world, coordinator, monkeypatch):
    """Regression (issue 12): on SQLite the whole request was one write transaction, so parsing a big file
    made 46 other requests fail with 'database is locked'. Now the import page runs without
    ATOMIC_REQUESTS and the service writes only after the file was read."""
    seen = []
    real = importing.read_table

    def watching(*args, **kwargs):
        seen.append(connection.in_atomic_block)
        return real(*args, **kwargs)

    monkeypatch.setattr(importing, "read_table", watching)
    response = _upload(coordinator, _csv(*GOOD))
    _confirm(coordinator, response)
    assert seen == [False, False], "every read of the file ran outside a transaction"
    assert _pool_size(world) == 3
