"""Assertions API tests share: an error answer is problem+json with the expected status."""


def problem(response, status: int) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/problem+json")
    return response.json()


def invalid_names(body: dict) -> list[str]:
    """The field names a 400 problem+json points at (`invalid_params`), in order."""
    return [p["name"] for p in body.get("invalid_params", [])]
