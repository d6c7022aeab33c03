"""Shared marshmallow bases: request bodies ignore unknown fields so the SPA may send extra ones."""

from __future__ import annotations

from marshmallow import EXCLUDE, Schema


class Body(Schema):
    class Meta:
        unknown = EXCLUDE
