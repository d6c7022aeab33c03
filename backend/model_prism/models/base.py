"""Shared document behaviour: createdAt/updatedAt maintained on save."""

from __future__ import annotations

from datetime import UTC, datetime

from mongoengine import DateTimeField, Document, DynamicDocument


def utcnow() -> datetime:
    """Give the current UTC time, naive (as MongoDB stores it) and truncated to milliseconds."""
    now = datetime.now(UTC).replace(tzinfo=None)
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


class TimestampedDocument(Document):
    meta = {"abstract": True}

    createdAt = DateTimeField(default=utcnow)
    updatedAt = DateTimeField(default=utcnow)

    def save(self, *args, **kwargs):
        self.updatedAt = utcnow()
        return super().save(*args, **kwargs)


class TimestampedDynamicDocument(DynamicDocument):
    """For documents with open-ended settings (rule sets, categories) whose seeds carry extra fields."""

    meta = {"abstract": True}

    createdAt = DateTimeField(default=utcnow)
    updatedAt = DateTimeField(default=utcnow)

    def save(self, *args, **kwargs):
        self.updatedAt = utcnow()
        return super().save(*args, **kwargs)
