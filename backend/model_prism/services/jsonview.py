"""Conversion of stored documents to the admin API's JSON: ids as strings, dates as ISO-8601."""

from __future__ import annotations

from datetime import datetime

from bson import ObjectId
from mongoengine import Document


def iso(value: datetime | None) -> str | None:
    """Give an ISO-8601 UTC string ('…Z') for a stored naive-UTC date."""
    if value is None:
        return None
    return value.replace(tzinfo=None).isoformat(timespec="milliseconds") + "Z"


def plain(value):
    """Give a JSON-ready copy: ObjectIds → str, datetimes → ISO-8601, nested dicts/lists converted."""
    if isinstance(value, ObjectId):
        return str(value)
    if isinstance(value, datetime):
        return iso(value)
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


def document(doc: Document, *, drop: tuple[str, ...] = ()) -> dict:
    """Give a document as JSON-ready dict without the named fields."""
    out = doc.to_mongo().to_dict()
    for field in drop:
        out.pop(field, None)
    return plain(out)
