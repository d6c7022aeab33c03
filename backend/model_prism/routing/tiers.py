"""The one tier order used everywhere (routing.md §1): index 0 is the cheapest tier."""

from __future__ import annotations

TIERS: tuple[str, ...] = ("micro", "minimal", "low", "medium", "advanced", "high", "ultra", "critical")

#: Relative cost multipliers (routing.md §1), used only for cost-delta estimates.
COST_MULTIPLIER: dict[str, float] = {
    "micro": 0.01,
    "minimal": 0.05,
    "low": 0.3,
    "medium": 1.0,
    "advanced": 2.5,
    "high": 6.0,
    "ultra": 15.0,
    "critical": 18.0,
}

_INDEX = {name: i for i, name in enumerate(TIERS)}


def idx(tier: str | None) -> int:
    """Give the tier's position in the order, or -1 for an unknown or missing tier."""
    return _INDEX.get(tier, -1) if tier else -1


def is_tier(value: object) -> bool:
    """Give True when value names one of the eight tiers."""
    return isinstance(value, str) and value in _INDEX


def tier_min(current: str | None, minimum: str | None) -> str | None:
    """Give the higher of current and minimum, ignoring an unknown side."""
    if idx(minimum) < 0:
        return current
    if idx(current) < 0:
        return minimum
    return current if idx(current) >= idx(minimum) else minimum


def tier_max(current: str | None, maximum: str | None) -> str | None:
    """Give the lower of current and maximum, ignoring an unknown side."""
    if idx(maximum) < 0:
        return current
    if idx(current) < 0:
        return maximum
    return current if idx(current) <= idx(maximum) else maximum


def upgrade(tier: str | None) -> str | None:
    """Give the next tier up; unchanged when unknown or already critical."""
    i = idx(tier)
    return tier if i < 0 or i == len(TIERS) - 1 else TIERS[i + 1]


def downgrade(tier: str | None) -> str | None:
    """Give the next tier down; unchanged when unknown or already micro."""
    i = idx(tier)
    return tier if i <= 0 else TIERS[i - 1]


def shift(tier: str | None, n: int) -> str | None:
    """Give the tier n steps away, clamped to [micro, critical]; unknown stays unknown."""
    i = idx(tier)
    if i < 0:
        return tier
    return TIERS[max(0, min(len(TIERS) - 1, i + n))]


def in_range(tier: str | None, low: str | None, high: str | None) -> bool:
    """Give True when low <= tier <= high (a missing low counts as -1, a missing high as critical)."""
    lo = idx(low) if low else -1
    hi = idx(high) if high else len(TIERS) - 1
    return lo <= idx(tier) <= hi
