"""Link builders for notifications whose link must never be stored (see Notification.link_builder).

An app registers a builder by name in its AppConfig.ready(); delivery calls it with the subject id.
Only registered names can be called, so a stored row can never name arbitrary code.
"""

from collections.abc import Callable

LINK_BUILDERS: dict[str, Callable[[str], str]] = {}


def register_link_builder(name: str, builder: Callable[[str], str]) -> None:
    LINK_BUILDERS[name] = builder


def build_link(name: str, subject_id: str) -> str:
    return LINK_BUILDERS[name](subject_id)
