"""Free text in deployment (request title and context, withdraw/decline/accept/end notes, agreements):
personal data is refused on the page with a de-identified version to take over in one click, and by the
API with a 400 naming the field and the spans; one length limit per field, the same on page and API."""

import pytest
from django.urls import reverse

from ervaringswerk.core.freetext import limit
from ervaringswerk.core.tenancy import Role
from ervaringswerk.deployment import services
from ervaringswerk.deployment.models import (
    Agreement,
    AssignmentStatus,
    DeploymentRequest,
    Offer,
    OfferStatus,
    RequestEvent,
    RequestStatus,
)

from .factories import make_assignment, make_peer, make_request, viewer
from .test_pages import _form

FINDING = "Steun voor Anna de Vries (BSN 111222333)"
NAME_AND_PHONE = "Bel mevrouw Jansen op 06-12345678 voor de eerste afspraak."
VALID_API = {"title": "Consult over schulden", "kind": "consultation", "hours_per_week": "2.0"}


def _api(api_client, user):
    api_client.force_authenticate(user)
    return api_client


def _problem_params(response) -> dict:
    assert response.status_code == 400, response.content
    assert response["Content-Type"].startswith("application/problem+json")
    return {p["name"]: p for p in response.json()["invalid_params"]}


# ------------------------------------------------------------------------------------- the page


def test_the_page_refuses_the_finding_and_shows_the_de_identified_version(world, client_for):
    client = client_for(world.a.users[Role.PROFESSIONAL])
    response = client.post(reverse("deployment:request_create"), {**_form(world), "title": FINDING})
    assert response.status_code == 200
    assert not DeploymentRequest.objects.exists()
    html = response.content.decode()
    assert "Een BSN hoort hier nooit" in html
    assert "Steun voor [naam] (BSN [bsn])" in html  # the de-identified version, shown back
    assert 'name="ew_deidentify" value="title"' in html  # one button takes it over
    assert f'value="{FINDING}"' in html  # what the user typed is kept in the field


def test_one_click_takes_over_the_de_identified_version_and_saves(world, client_for):
    client = client_for(world.a.users[Role.PROFESSIONAL])
    data = {**_form(world), "title": FINDING, "context": NAME_AND_PHONE}
    first = client.post(reverse("deployment:request_create"), {**data, "ew_deidentify": "title"})
    # The title is taken over; the context still holds a name and a phone number, so nothing is saved yet
    # and the context now offers its own version.
    assert first.status_code == 200 and not DeploymentRequest.objects.exists()
    html = first.content.decode()
    assert 'value="Steun voor [naam] (BSN [bsn])"' in html
    assert "Bel [naam] op [telefoonnummer] voor de eerste afspraak." in html
    assert 'name="ew_deidentify" value="context"' in html
    second = client.post(
        reverse("deployment:request_create"),
        {**data, "title": "Steun voor [naam] (BSN [bsn])", "ew_deidentify": "context"},
    )
    assert second.status_code == 302
    saved = DeploymentRequest.objects.get()
    assert saved.title == "Steun voor [naam] (BSN [bsn])"
    assert saved.context == "Bel [naam] op [telefoonnummer] voor de eerste afspraak."


def test_a_clean_request_shows_no_suggestion(world, client_for):
    client = client_for(world.a.users[Role.PROFESSIONAL])
    response = client.post(reverse("deployment:request_create"), {**_form(world), "hours_per_week": "veel"})
    assert response.status_code == 200
    assert "ew_deidentify" not in response.content.decode()


# -------------------------------------------------------------------------------------- the API


def test_the_api_answers_400_naming_the_field_and_the_spans(world, api_client):
    client = _api(api_client, world.a.users[Role.PROFESSIONAL])
    response = client.post(reverse("deployment-request-list"), {**VALID_API, "title": FINDING}, format="json")
    params = _problem_params(response)
    assert params["title"]["code"] == "bsn"
    assert params["title"]["spans"] == [
        {"start": 11, "end": 24, "kind": "name", "text": "Anna de Vries"},
        {"start": 30, "end": 39, "kind": "bsn", "text": "111222333"},
    ]
    assert not DeploymentRequest.objects.exists()


def test_the_api_refuses_names_and_phone_numbers_in_the_context(world, api_client):
    client = _api(api_client, world.a.users[Role.PROFESSIONAL])
    response = client.post(
        reverse("deployment-request-list"), {**VALID_API, "context": NAME_AND_PHONE}, format="json"
    )
    params = _problem_params(response)
    assert params["context"]["code"] == "personal_data"
    assert [s["kind"] for s in params["context"]["spans"]] == ["name", "phone"]


def test_patching_a_request_is_checked_too(world, api_client):
    request = make_request(world.a, status=RequestStatus.DRAFT)
    client = _api(api_client, world.a.users[Role.PROFESSIONAL])
    url = reverse("deployment-request-detail", args=[request.pk])
    params = _problem_params(client.patch(url, {"context": "Mail anna@example.nl"}, format="json"))
    assert params["context"]["spans"][0]["kind"] == "email"
    request.refresh_from_db()
    assert request.context == ""


# ----------------------------------------------------------------------- notes and agreements


@pytest.fixture
def offered(world):
    coordinator = viewer(world.a.users[Role.COORDINATOR])
    me = make_peer(world.a, user=world.a.users[Role.PEER_WORKER], first_name="Eigen", last_name="Profiel")
    request = make_request(world.a)
    return services.offer_create(request=request, peer=me, viewer=coordinator)


def test_a_decline_note_with_a_bsn_is_refused_on_the_page_with_a_version(world, client_for, offered):
    client = client_for(world.a.users[Role.PEER_WORKER])
    url = reverse("deployment:offer_decline", args=[offered.pk])
    response = client.post(url, {"reason": "knows_resident", "note": "Ik ken Anna, BSN 111222333."})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Een BSN hoort hier nooit" in html and 'name="ew_deidentify" value="note"' in html
    offered.refresh_from_db()
    assert offered.status == OfferStatus.PENDING
    taken = client.post(
        url, {"reason": "knows_resident", "note": "Ik ken Anna, BSN 111222333.", "ew_deidentify": "note"}
    )
    assert taken.status_code == 302
    offered.refresh_from_db()
    assert offered.status == OfferStatus.DECLINED and offered.response_note == "Ik ken [naam], BSN [bsn]."


def test_decline_and_accept_notes_are_refused_by_the_api(world, api_client, offered):
    client = _api(api_client, world.a.users[Role.PEER_WORKER])
    decline = client.post(
        reverse("offer-decline", args=[offered.pk]), {"reason": "other", "note": FINDING}, format="json"
    )
    assert _problem_params(decline)["note"]["code"] == "bsn"
    accept = client.post(reverse("offer-accept", args=[offered.pk]), {"note": NAME_AND_PHONE}, format="json")
    assert _problem_params(accept)["note"]["code"] == "personal_data"
    offered.refresh_from_db()
    assert offered.status == OfferStatus.PENDING and offered.response_note == ""


def test_withdraw_and_end_notes_are_refused(world, api_client):
    request = make_request(world.a)
    team = _api(api_client, world.a.users[Role.PROFESSIONAL])
    withdraw = team.post(
        reverse("deployment-request-withdraw", args=[request.pk]),
        {"reason": "other", "note": "Mevrouw Jansen is verhuisd naar Kerkstraat 12."},
        format="json",
    )
    assert [s["kind"] for s in _problem_params(withdraw)["note"]["spans"]] == ["name", "address"]
    request.refresh_from_db()
    assert request.status == RequestStatus.OPEN
    assignment = make_assignment(request, make_peer(world.a), status=AssignmentStatus.ACTIVE)
    coordinator = _api(api_client, world.a.users[Role.COORDINATOR])
    end = coordinator.post(
        reverse("assignment-end", args=[assignment.pk]), {"reason": "other", "note": FINDING}, format="json"
    )
    assert _problem_params(end)["note"]["code"] == "bsn"
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.ACTIVE


def test_agreement_tasks_with_personal_data_are_refused(world, api_client, offered):
    assignment = services.offer_accept(offer=offered, viewer=viewer(world.a.users[Role.PEER_WORKER]))
    client = _api(api_client, world.a.users[Role.COORDINATOR])
    url = reverse("assignment-agreement", args=[assignment.pk])
    params = _problem_params(
        client.patch(url, {"tasks": "Samen met Anna de Vries naar de bank."}, format="json")
    )
    assert params["tasks"]["spans"][0] == {"start": 10, "end": 23, "kind": "name", "text": "Anna de Vries"}
    assert Agreement.objects.get(assignment=assignment).version == 1


# -------------------------------------------------------------- one length limit, page and API alike


def test_the_context_has_one_limit_on_page_and_api(world, client_for, api_client):
    """The finding: the page took 300,000 characters where the API capped 5,000."""
    maximum = limit(DeploymentRequest, "context")
    assert maximum == 5000
    page = client_for(world.a.users[Role.PROFESSIONAL])
    too_long = "woord " * (maximum // 6) + "x" * (maximum % 6 + 1)
    assert len(too_long) == maximum + 1
    response = page.post(reverse("deployment:request_create"), {**_form(world), "context": too_long})
    assert response.status_code == 200 and not DeploymentRequest.objects.exists()
    assert "5000" in response.content.decode()
    huge = page.post(reverse("deployment:request_create"), {**_form(world), "context": "a" * 300_000})
    assert huge.status_code == 200 and not DeploymentRequest.objects.exists()
    api = _api(api_client, world.a.users[Role.PROFESSIONAL])
    refused = api.post(reverse("deployment-request-list"), {**VALID_API, "context": too_long}, format="json")
    assert "context" in _problem_params(refused)
    exact = too_long[:maximum]
    assert (
        page.post(reverse("deployment:request_create"), {**_form(world), "context": exact}).status_code == 302
    )
    accepted = api.post(reverse("deployment-request-list"), {**VALID_API, "context": exact}, format="json")
    assert accepted.status_code == 201, accepted.content
    assert DeploymentRequest.objects.filter(context=exact).count() == 2


@pytest.mark.parametrize(
    ("model", "field", "form_limit", "api_limit"),
    [
        (DeploymentRequest, "title", "request_title", "request_title"),
        (DeploymentRequest, "context", "request_context", "request_context"),
        (RequestEvent, "note", "reason_note", "withdraw_note"),
        (Offer, "response_note", "accept_note", "accept_note"),
        (Offer, "response_note", "reason_note", "decline_note"),
        (Agreement, "tasks", "agreement_tasks", "agreement_tasks"),
        (Agreement, "responsibilities", "agreement_responsibilities", "agreement_responsibilities"),
    ],
)
def test_forms_and_serializers_read_the_limit_from_the_model(model, field, form_limit, api_limit):
    from ervaringswerk.deployment import forms
    from ervaringswerk.deployment.api import serializers as api

    form_fields = {
        "request_title": forms.RequestForm.base_fields["title"],
        "request_context": forms.RequestForm.base_fields["context"],
        "reason_note": forms.ReasonForm.base_fields["note"],
        "accept_note": forms.AcceptForm.base_fields["note"],
        "agreement_tasks": forms.AgreementForm.base_fields["tasks"],
        "agreement_responsibilities": forms.AgreementForm.base_fields["responsibilities"],
    }
    api_fields = {
        "request_title": api.DeploymentRequestWriteSerializer().fields["title"],
        "request_context": api.DeploymentRequestWriteSerializer().fields["context"],
        "withdraw_note": api.WithdrawSerializer().fields["note"],
        "accept_note": api.AcceptSerializer().fields["note"],
        "decline_note": api.DeclineSerializer().fields["note"],
        "agreement_tasks": api.AgreementWriteSerializer().fields["tasks"],
        "agreement_responsibilities": api.AgreementWriteSerializer().fields["responsibilities"],
    }
    expected = limit(model, field)
    assert expected is not None
    assert form_fields[form_limit].max_length == expected
    assert api_fields[api_limit].max_length == expected
