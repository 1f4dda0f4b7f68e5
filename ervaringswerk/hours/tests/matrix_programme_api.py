"""Permission matrix rows for the programme writes of the API (issue 17.1). They take POST only: a GET is
405 for the roles that may read programmes, and denied before that for the rest."""

import uuid

from django.urls import reverse

from .matrix_api import PROGRAMME_READERS, _post_only, api_programme

ANY = uuid.UUID("00000000-0000-4000-8000-000000000000")  # never looked up: a GET stops at 405


def _path(name, extra):
    return lambda w: reverse(f"programme-{name}", args=[api_programme(w.a).pk, *extra])


ROWS = [
    _post_only(f"programme-{name}", _path(name, extra), PROGRAMME_READERS)
    for name, extra in (
        ("rates", ()),
        ("milestones", ()),
        ("milestone-done", (ANY,)),
        ("success-criteria", ()),
        ("success-criterion-value", (ANY,)),
        ("decision", (ANY,)),
        ("follow-up", (ANY,)),
    )
]
