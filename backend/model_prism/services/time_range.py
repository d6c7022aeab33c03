"""The dashboard's time range: `days` (rollups) or `hours` / `from`–`to` (request logs)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from ..errors import ValidationFailed
from ..models.base import utcnow


@dataclass(frozen=True)
class TimeRange:
    start: datetime
    end: datetime
    days: int | None  # set in day mode (daily rollups), None for hour/custom ranges
    hours: float | None = None

    @property
    def day_mode(self) -> bool:
        return self.days is not None

    @property
    def start_date(self) -> str:
        return self.start.strftime("%Y-%m-%d")

    def key(self) -> str:
        if self.day_mode:
            return f"d{self.days}"
        return f"h{self.start.isoformat()}-{self.end.isoformat()}" if self.hours is None else f"h{self.hours}"


def _parse_date(value: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise ValidationFailed(f"Invalid date: {value}") from None
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(UTC).replace(tzinfo=None)
    return parsed


def _number(args, name: str, default: float | None) -> float | None:
    raw = args.get(name)
    if raw in (None, ""):
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ValidationFailed(f"{name} must be a number") from None
    if value <= 0:
        raise ValidationFailed(f"{name} must be positive")
    return value


def from_args(args, default_days: int = 30) -> TimeRange:
    """Give the range from query parameters: from/to, else hours, else days (default 30)."""
    now = utcnow()
    if args.get("from"):
        end = _parse_date(args["to"]) if args.get("to") else now
        return TimeRange(start=_parse_date(args["from"]), end=end, days=None)
    hours = _number(args, "hours", None)
    if hours is not None:
        return TimeRange(start=now - timedelta(hours=hours), end=now, days=None, hours=hours)
    days = int(_number(args, "days", default_days) or default_days)
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    return TimeRange(start=midnight - timedelta(days=days), end=now, days=days)
