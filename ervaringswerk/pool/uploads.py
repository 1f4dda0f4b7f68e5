"""Uploaded import files between the steps (mapping, dry run, import): on disk, never in the session.

A file lives in the private upload folder (`EW_UPLOAD_DIR`, default `var/uploads`, outside the media
folder and never served) for at most `UPLOAD_TTL`. It is referenced by an unguessable token
(`secrets.token_urlsafe`, 256 bits) that the page carries in a hidden field; on disk only a hash of the
token is used as the name, so a directory listing gives nobody a usable token. The token is tied to the
user and the organisation that uploaded it: anybody else gets "expired". The file is deleted after a
successful import, on "Annuleren", and once expired (every upload and every read sweeps the folder).
"""

import datetime
import hashlib
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone

UPLOAD_TTL = datetime.timedelta(minutes=30)


@dataclass
class StoredUpload:
    token: str
    filename: str
    content: bytes
    mapping: list[str] | None


def upload_dir() -> Path:
    folder = Path(getattr(settings, "EW_UPLOAD_DIR", settings.BASE_DIR / "var" / "uploads"))
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


def _paths(token: str) -> tuple[Path, Path]:
    digest = hashlib.sha256(token.encode("utf-8")).hexdigest()
    folder = upload_dir()
    return folder / f"{digest}.data", folder / f"{digest}.json"


def _write(path: Path, data: bytes) -> None:
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)


def uploads_sweep(*, now: datetime.datetime | None = None) -> int:
    """Delete every stored upload older than the expiry. Returns how many were removed."""
    limit = (now or timezone.now()).timestamp() - UPLOAD_TTL.total_seconds()
    removed = 0
    for meta in upload_dir().glob("*.json"):
        try:
            created = json.loads(meta.read_text("utf-8")).get("created", 0)
        except (OSError, ValueError):
            created = 0
        if created < limit:
            meta.with_suffix(".data").unlink(missing_ok=True)
            meta.unlink(missing_ok=True)
            removed += 1
    for data in upload_dir().glob("*.data"):  # a data file whose metadata never got written
        if not data.with_suffix(".json").exists() and data.stat().st_mtime < limit:
            data.unlink(missing_ok=True)
            removed += 1
    return removed


def upload_store(*, user, organisation_id, filename: str, content: bytes) -> str:
    uploads_sweep()
    token = secrets.token_urlsafe(32)
    data, meta = _paths(token)
    _write(data, content)
    _write(
        meta,
        json.dumps(
            {
                "user": str(user.pk),
                "organisation": str(organisation_id),
                "filename": filename[:200],
                "created": timezone.now().timestamp(),
                "mapping": None,
            }
        ).encode("utf-8"),
    )
    return token


def _meta(token: str, *, user, organisation_id) -> dict | None:
    if not token or len(token) > 100:
        return None
    data, meta_path = _paths(token)
    try:
        meta = json.loads(meta_path.read_text("utf-8"))
    except (OSError, ValueError):
        return None
    expired = meta.get("created", 0) < timezone.now().timestamp() - UPLOAD_TTL.total_seconds()
    if expired:
        upload_delete(token)
        return None
    if meta.get("user") != str(user.pk) or meta.get("organisation") != str(organisation_id):
        return None
    return meta if data.exists() else None


def upload_load(*, token: str, user, organisation_id) -> StoredUpload | None:
    """The stored upload, or None when it does not exist, expired, or belongs to somebody else."""
    uploads_sweep()
    meta = _meta(token, user=user, organisation_id=organisation_id)
    if meta is None:
        return None
    data, _meta_path = _paths(token)
    return StoredUpload(
        token=token, filename=meta["filename"], content=data.read_bytes(), mapping=meta.get("mapping")
    )


def upload_set_mapping(*, token: str, user, organisation_id, mapping: list[str]) -> None:
    meta = _meta(token, user=user, organisation_id=organisation_id)
    if meta is None:
        return
    meta["mapping"] = list(mapping)
    _write(_paths(token)[1], json.dumps(meta).encode("utf-8"))


def upload_delete(token: str) -> None:
    for path in _paths(token):
        path.unlink(missing_ok=True)
