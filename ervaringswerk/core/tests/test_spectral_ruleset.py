"""The Spectral ruleset (.spectral.yaml, NL API Design Rules) can fail: a small document that breaks each
rule gets exactly those rules' errors, and a document that keeps them gets none. `make lint` runs the
same ruleset on the real OpenAPI document (manage.py spectacular)."""

import copy
import json
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
SPECTRAL = REPO / "node_modules" / ".bin" / "spectral"

OK_HEADERS = {"API-Version": {"schema": {"type": "string"}}}
PROBLEM = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}

GOOD = {
    "openapi": "3.0.3",
    "info": {"title": "Proef", "version": "1.0.0"},
    "paths": {
        "/api/v1/peer-workers/": {
            "get": {
                "operationId": "peer_workers_list",
                "parameters": [{"name": "page", "in": "query", "schema": {"type": "integer"}}],
                "responses": {
                    "200": {
                        "description": "ok",
                        "headers": OK_HEADERS,
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/PeerWorker"}}
                        },
                    },
                    "400": {"description": "bad", "content": PROBLEM},
                },
            }
        },
        "/api/v1/me/": {
            "get": {"operationId": "me", "responses": {"200": {"description": "ok", "headers": OK_HEADERS}}}
        },
    },
    "components": {
        "schemas": {
            "PeerWorker": {
                "type": "object",
                "properties": {
                    "start_date": {"type": "string", "format": "date"},
                    "updated_at": {"type": "string", "format": "date-time"},
                },
            },
            "Problem": {
                "type": "object",
                "properties": {
                    "status": {"type": "integer"},
                    "title": {"type": "string"},
                    "detail": {"type": "string"},
                },
            },
        }
    },
}


def _lint(document: dict, tmp_path) -> set[str]:
    path = tmp_path / "openapi.json"
    path.write_text(json.dumps(document))
    done = subprocess.run(  # noqa: S603 - our own ruleset on a file we wrote
        [
            str(SPECTRAL),
            "lint",
            "--ruleset",
            str(REPO / ".spectral.yaml"),
            "--format",
            "json",
            "--quiet",
            str(path),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    results = json.loads(done.stdout or "[]")
    return {r["code"] for r in results if r["severity"] == 0}


def test_a_document_that_keeps_the_rules_passes(tmp_path):
    assert _lint(GOOD, tmp_path) == set()


def test_each_broken_rule_is_an_error(tmp_path):
    bad = copy.deepcopy(GOOD)
    bad["info"]["version"] = "1.0"
    listing = bad["paths"].pop("/api/v1/peer-workers/")
    listing["get"]["responses"]["200"].pop("headers")  # API-57
    listing["get"]["responses"].pop("400")  # invalid input undocumented
    listing["get"]["responses"]["404"] = {"description": "x", "content": {"application/json": {}}}
    bad["paths"]["/api/v1/peerWorkers/"] = listing  # not kebab-case
    bad["paths"]["/api/v1.2/offer/"] = copy.deepcopy(GOOD["paths"]["/api/v1/me/"])  # minor version
    bad["paths"]["/api/v1.2/offer/"]["get"]["operationId"] = "offer"
    bad["paths"]["/api/v1/offer/"] = copy.deepcopy(GOOD["paths"]["/api/v1/me/"])  # singular collection
    bad["paths"]["/api/v1/offer/"]["get"]["operationId"] = "offer2"
    bad["paths"]["/api/v1/offers"] = copy.deepcopy(GOOD["paths"]["/api/v1/me/"])  # no slash: a mix
    bad["paths"]["/api/v1/offers"]["get"]["operationId"] = "offer3"
    schemas = bad["components"]["schemas"]
    schemas["PeerWorker"]["properties"]["start_date"]["format"] = "date-time"
    schemas["PeerWorker"]["properties"]["updated_at"]["format"] = "date-time-local"
    schemas["Problem"]["properties"].pop("detail")
    schemas["peer_worker"] = {"type": "object"}
    assert _lint(bad, tmp_path) >= {
        "ew-api-56-semver",
        "ew-api-57-version-header",
        "ew-invalid-input-is-400",
        "ew-problem-json-errors",
        "ew-problem-json-members",
        "ew-api-54-kebab-case-segments",
        "ew-api-20-no-minor-version-in-uri",
        "ew-api-20-major-version-in-uri",
        "ew-api-54-plural-collections",
        "ew-api-48-deviation-one-slash-rule",
        "ew-dates-are-dates",
        "ew-date-time-with-zone",
        "ew-schema-names-pascal-case",
    }
