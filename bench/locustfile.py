"""The mix of bench.load (locust): what each role does, in the proportions of an ordinary working day.

Logins, ids and tokens come from the file bench.load writes (EW_BENCH_LOGINS). Every hour a peer worker
writes carries a fresh submission key (one in ten is sent twice, as a double click); the keys answered
with "saved" are appended to EW_BENCH_WRITTEN, which bench.load checks against the database.
"""

import datetime
import json
import os
import random
import re
import uuid

from locust import HttpUser, between, events, task

LOGINS = json.loads(open(os.environ["EW_BENCH_LOGINS"]).read())  # noqa: SIM115 - read once at start
WRITTEN_PATH = os.environ.get("EW_BENCH_WRITTEN", "")
ONLY_MINIMAL = os.environ.get("EW_BENCH_ONLY_MINIMAL") == "1"
WRITTEN: list[str] = []
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@events.test_stop.add_listener
def _save_written(**_kwargs):
    if WRITTEN_PATH:
        with open(WRITTEN_PATH, "a") as out:
            out.writelines(key + "\n" for key in WRITTEN)


class LoggedIn(HttpUser):
    abstract = True
    wait_time = between(0.5, 2.0)
    usernames: list[str] = []

    def on_start(self):
        self.username = random.choice(self.usernames)
        page = self.client.get("/inloggen/", name="GET /inloggen/")
        token = CSRF.search(page.text).group(1)
        self.client.post(
            "/inloggen/",
            {"username": self.username, "password": LOGINS["password"], "csrfmiddlewaretoken": token},
            name="POST /inloggen/",
        )


if ONLY_MINIMAL:

    class Minimal(HttpUser):
        """The baseline: the cheapest Django answer, as fast as the users can ask."""

        wait_time = between(0.5, 2.0)

        @task
        def minimal(self):
            self.client.get("/bench/minimal/", name="GET /bench/minimal/")

else:

    class PeerWorker(LoggedIn):
        weight = 6
        usernames = LOGINS["peers"]

        @task(3)
        def start_page(self):
            self.client.get("/mijn-werk/", name="GET /mijn-werk/")

        @task(3)
        def my_hours(self):
            self.client.get("/uren/", name="GET /uren/")

        @task(1)
        def my_profile(self):
            self.client.get("/pool/mijn-profiel/", name="GET /pool/mijn-profiel/")

        @task(2)
        def write_hours(self):
            page = self.client.get("/uren/", name="GET /uren/")
            match = CSRF.search(page.text)
            if not match:
                return
            key = str(uuid.uuid4())
            day = datetime.date.today() - datetime.timedelta(days=random.randrange(0, 20))
            data = {
                "csrfmiddlewaretoken": match.group(1),
                "submission_key": key,
                "date": day.isoformat(),
                "duration": "0:15",
                "work_kind": "other",
                "description": "belasting",
            }
            for _attempt in range(2 if random.random() < 0.1 else 1):
                response = self.client.post("/uren/", data, name="POST /uren/", allow_redirects=False)
                if response.status_code == 302:
                    WRITTEN.append(key)

    class Coordinator(LoggedIn):
        weight = 5
        usernames = LOGINS["coordinators"]

        @task(2)
        def pool(self):
            self.client.get("/pool/", name="GET /pool/")

        @task(2)
        def profile(self):
            peers = LOGINS["peers_of_coordinator"].get(self.username) or []
            if peers:
                self.client.get(f"/pool/{random.choice(peers)}/", name="GET /pool/{id}/")

        @task(2)
        def queue(self):
            self.client.get("/verzoeken/wachtrij/", name="GET /verzoeken/wachtrij/")

        @task(2)
        def request_with_candidates(self):
            if LOGINS["open_requests"]:
                pk = random.choice(LOGINS["open_requests"])
                self.client.get(f"/verzoeken/{pk}/", name="GET /verzoeken/{id}/")

        @task(2)
        def review(self):
            self.client.get("/uren/beoordelen/", name="GET /uren/beoordelen/")

        @task(1)
        def requests(self):
            self.client.get("/verzoeken/", name="GET /verzoeken/")

        @task(1)
        def programme(self):
            programmes = LOGINS["programmes_of_coordinator"].get(self.username) or []
            if programmes:
                self.client.get(
                    f"/uren/programmas/{random.choice(programmes)}/", name="GET /uren/programmas/{id}/"
                )

    class Professional(LoggedIn):
        weight = 3
        usernames = LOGINS["professionals"]

        @task(3)
        def requests(self):
            self.client.get("/verzoeken/", name="GET /verzoeken/")

        @task(1)
        def new_request_form(self):
            self.client.get("/verzoeken/nieuw/", name="GET /verzoeken/nieuw/")

    class PolicyAdvisor(LoggedIn):
        weight = 2
        usernames = LOGINS["policy"]

        @task(2)
        def dashboard(self):
            self.client.get("/monitoring/", name="GET /monitoring/")

        @task(1)
        def one_neighbourhood(self):
            wijk = random.choice(LOGINS["neighbourhoods"])
            self.client.get(f"/monitoring/?wijk={wijk}", name="GET /monitoring/?wijk=")

        @task(1)
        def period_cutting_months(self):
            today = datetime.date.today()
            start = today - datetime.timedelta(days=364)
            self.client.get(
                f"/monitoring/?van={start.isoformat()}&tot={today.isoformat()}",
                name="GET /monitoring/?van=&tot=(snijdt maanden)",
            )

        @task(1)
        def four_years(self):
            today = datetime.date.today()
            index = today.year * 12 + today.month - 1 - 47
            start = datetime.date(index // 12, index % 12 + 1, 1)
            self.client.get(
                f"/monitoring/?van={start.isoformat()}&tot={today.isoformat()}&p=48m",
                name="GET /monitoring/?van=&tot=(48 maanden)",
            )

    class ApiClient(HttpUser):
        weight = 2
        wait_time = between(0.5, 2.0)

        def on_start(self):
            username = random.choice(LOGINS["coordinators"])
            self.client.headers["Authorization"] = f"Token {LOGINS['tokens'][username]}"

        @task
        def peer_workers(self):
            self.client.get("/api/v1/peer-workers/", name="GET /api/v1/peer-workers/")

        @task
        def requests(self):
            self.client.get("/api/v1/deployment-requests/", name="GET /api/v1/deployment-requests/")

        @task
        def time_entries(self):
            self.client.get("/api/v1/time-entries/", name="GET /api/v1/time-entries/")
