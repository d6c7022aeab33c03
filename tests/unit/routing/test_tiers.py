"""The one tier order and its helpers (routing.md §1)."""

from model_prism.routing import tiers


def test_order_and_index():
    assert tiers.TIERS == ("micro", "minimal", "low", "medium", "advanced", "high", "ultra", "critical")
    assert tiers.idx("micro") == 0 and tiers.idx("critical") == 7
    assert tiers.idx(None) == -1 and tiers.idx("bogus") == -1


def test_min_max_ignore_unknown_side():
    assert tiers.tier_min("low", "high") == "high"
    assert tiers.tier_min("ultra", "high") == "ultra"
    assert tiers.tier_min(None, "low") == "low"
    assert tiers.tier_min("low", None) == "low"
    assert tiers.tier_max("high", "micro") == "micro"
    assert tiers.tier_max(None, "micro") == "micro"
    assert tiers.tier_max("low", "") == "low"


def test_upgrade_downgrade_shift_clamp():
    assert tiers.upgrade("medium") == "advanced"
    assert tiers.upgrade("critical") == "critical"
    assert tiers.upgrade(None) is None
    assert tiers.downgrade("micro") == "micro"
    assert tiers.downgrade("low") == "minimal"
    assert tiers.shift("low", 2) == "advanced"
    assert tiers.shift("minimal", -5) == "micro"
    assert tiers.shift("ultra", 2) == "critical"


def test_in_range():
    assert tiers.in_range("low", "minimal", "medium")
    assert not tiers.in_range("high", "minimal", "medium")
    assert tiers.in_range("critical", None, None)
