"""The request list and the queue are paginated, filtered, and their query count does not grow with rows."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ervaringswerk.core.tenancy import Role
from ervaringswerk.deployment.models import RequestStatus
from ervaringswerk.deployment.views import PAGE_SIZE

from .factories import make_request


def _queries(client, url) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_request_list_pages_and_its_queries_do_not_grow_with_the_rows(world, client_for):
    client = client_for(world.a.users[Role.COORDINATOR])
    for n in range(3):
        make_request(world.a, title=f"Klein {n}")
    small, _html = _queries(client, reverse("deployment:request_list"))
    for n in range(PAGE_SIZE + 7):
        make_request(world.a, title=f"Groot {n}", neighbourhood=world.a.neighbourhoods[n % 2])
    large, html = _queries(client, reverse("deployment:request_list"))
    assert large == small  # the same queries for 3 rows as for 57: nothing per row
    assert html.count('href="/verzoeken/') - html.count('href="/verzoeken/nieuw') >= PAGE_SIZE
    assert "Pagina 1 van 2" in html and "pagina=2" in html
    second = client.get(reverse("deployment:request_list"), {"pagina": 2}).content.decode()
    assert "Klein 0" in second  # the oldest are on the last page, nothing is lost


def test_request_list_filters_keep_what_one_looks_for_on_page_one(world, client_for):
    client = client_for(world.a.users[Role.COORDINATOR])
    for n in range(PAGE_SIZE + 5):
        make_request(world.a, title=f"Vulling {n}", neighbourhood=world.a.neighbourhoods[0])
    make_request(world.a, title="Het ene in Zuid", neighbourhood=world.a.neighbourhoods[1], status="matched")
    make_request(world.b, title="Het ene in Zuid van B", neighbourhood=world.b.neighbourhoods[1])
    south = str(world.a.neighbourhoods[1].pk)
    html = client.get(reverse("deployment:request_list"), {"wijk": south}).content.decode()
    assert "Het ene in Zuid" in html and "Vulling" not in html and "van B" not in html
    html = client.get(reverse("deployment:request_list"), {"q": "ene in zuid"}).content.decode()
    assert "Het ene in Zuid" in html and "Vulling" not in html and "van B" not in html
    html = client.get(reverse("deployment:request_list"), {"status": RequestStatus.MATCHED}).content.decode()
    assert "Het ene in Zuid" in html and "Vulling" not in html
    # another municipality's neighbourhood is ignored, not a way to see its requests
    html = client.get(reverse("deployment:request_list"), {"wijk": str(world.b.neighbourhoods[1].pk)}).content
    assert b"van B" not in html


def test_the_professional_sees_only_their_organisations_requests_paged(world, client_for):
    for n in range(PAGE_SIZE + 2):
        make_request(world.a, title=f"Team {n}")
    client = client_for(world.a.users[Role.PROFESSIONAL])
    html = client.get(reverse("deployment:request_list")).content.decode()
    assert "Pagina 1 van 2" in html


def test_queue_pages_most_urgent_first_and_queries_do_not_grow(world, client_for):
    client = client_for(world.a.users[Role.COORDINATOR])
    for n in range(3):
        make_request(world.a, title=f"Rustig {n}", urgency=1)
    small, _html = _queries(client, reverse("deployment:queue"))
    for n in range(PAGE_SIZE + 3):
        make_request(world.a, title=f"Rustig later {n}", urgency=1)
    make_request(world.a, title="Dringend verzoek", urgency=3)
    large, html = _queries(client, reverse("deployment:queue"))
    assert large == small
    assert "Dringend verzoek" in html and "Pagina 1 van 2" in html
    assert f"{PAGE_SIZE + 7} open verzoeken" in html  # the heading counts the whole queue
