"""apply_rule_set: the exact pre-routing algorithm (routing.md §4.3)."""

from __future__ import annotations

from model_prism.routing import seeds
from model_prism.routing.prerouting import apply_rule_set
from model_prism.routing.rulesets import RuleSet
from model_prism.routing.signals import Signals

DEFAULT = RuleSet.from_dict(seeds.startup_rule_set())


def rs(**doc) -> RuleSet:
    return RuleSet.from_dict({"name": "t", **doc})


def test_images_alone_never_pre_route():
    res = apply_rule_set(Signals(has_images=True, total_tokens=900), rs(signalWeights={"tokenCount": 0}))
    assert res.confidence == 0.3 and res.tier is None and res.source is None and not res.pre_routed


def test_always_high_hint_and_token_thresholds():
    assert apply_rule_set(Signals(total_tokens=60000), DEFAULT).source == "token_threshold_high"
    assert apply_rule_set(Signals(total_tokens=60000), DEFAULT).tier == "high"
    for tokens, tier in (
        (100, "micro"),
        (400, "minimal"),
        (1500, "low"),
        (9000, "medium"),
        (20000, "advanced"),
    ):
        res = apply_rule_set(Signals(total_tokens=tokens), DEFAULT)
        assert (res.tier, res.source, res.confidence) == (tier, "token_threshold", 0.8 * 0.35)


def test_roles_are_capped_hints_and_first_match_wins():
    sig = Signals(system_prompt_text="You are a senior security engineer and red team lead", total_tokens=10)
    res = apply_rule_set(sig, DEFAULT)
    assert res.source == "system_prompt_role:Security Auditor" and res.confidence == 0.5
    assert res.tier == "high" and res.category == "code_security_review" and not res.pre_routed


def test_roles_match_case_insensitively_wherever_the_pattern_matches():
    roles = rs(systemPromptRoles=[
        {"name": "counsel", "pattern": r"legal.*(advisor|counsel)|\battorney\b", "effect": {"category": "legal"}},
        {"name": "starts", "pattern": r"^you are a (bot|robot)", "effect": {"category": "smalltalk"}},
    ])  # fmt: skip
    for text, role in (
        ("Act as LEGAL Counsel for a startup.", "counsel"),
        ("x" * 900 + " an Attorney.", "counsel"),  # the literal deep in the prompt
        ("We are attorneys.", None),  # \b: "attorneys" is not "attorney"
        ("You are a Robot that answers.", "starts"),
        ("Say: you are a bot", None),  # ^ anchors at the start of the prompt, not where "you" occurs
        ("Nothing relevant here.", None),
    ):
        res = apply_rule_set(Signals(system_prompt_text=text, total_tokens=10), roles)
        assert res.role_name == role, text


def test_invalid_role_regex_is_skipped():
    bad = rs(systemPromptRoles=[{"name": "broken", "pattern": "([", "effect": {"category": "x"}}])
    assert apply_rule_set(Signals(system_prompt_text="anything ([", total_tokens=10), bad).category is None


def test_keyword_rules_min_matches_all_and_search_in():
    sig = Signals(last_user_message="found an XSS and a CSRF issue", total_tokens=20)
    res = apply_rule_set(sig, DEFAULT)
    assert (
        res.source == "keyword_rule:Security Escalation" and res.tier == "high" and res.domain == "security"
    )
    one = Signals(last_user_message="an XSS only", total_tokens=20)
    assert apply_rule_set(one, DEFAULT).source == "token_threshold"
    all_rule = rs(keywordRules=[{"name": "both", "keywords": ["alpha", "beta"], "match": "all",
                                 "searchIn": "system", "effect": {"category": "translation"}}])  # fmt: skip
    assert apply_rule_set(Signals(system_prompt_text="alpha beta"), all_rule).category == "translation"
    assert apply_rule_set(Signals(last_user_message="alpha beta"), all_rule).category is None


def test_keyword_tier_max_caps_and_is_remembered():
    res = apply_rule_set(
        Signals(last_user_message="Generate a title for this chat", total_tokens=2000), DEFAULT
    )
    assert res.category == "chat_title_generation" and res.tier_max == "micro"


def test_domain_fallback_turn_upgrade_and_threshold():
    upgrade = rs(turnUpgrade={"enabled": True, "threshold": 3}, signalWeights={"contentKeywords": 0.9},
                 keywordRules=[{"name": "k", "keywords": ["deploy"], "effect": {"tierMin": "low"}}])  # fmt: skip
    sig = Signals(last_user_message="deploy", conversation_turns=3, detected_domains=("finance",))
    res = apply_rule_set(sig, upgrade)
    assert res.tier == "medium" and res.domain == "finance" and res.pre_routed


def test_scans_of_recurring_texts_are_remembered_and_give_the_same_result(monkeypatch):
    from model_prism.routing import prerouting

    cases = [
        Signals(system_prompt_text="You are a senior security engineer and red team lead", total_tokens=10),
        Signals(last_user_message="Please review this contract clause for GDPR liability", total_tokens=40),
        Signals(system_prompt_text="You are a helpful assistant", last_user_message="hi", total_tokens=5),
        Signals(system_prompt_text="You are a senior security engineer", has_images=True, total_tokens=60000),
    ]
    fresh = [apply_rule_set(sig, RuleSet.from_dict(seeds.startup_rule_set())) for sig in cases]
    ruleset = RuleSet.from_dict(seeds.startup_rule_set())
    first = [apply_rule_set(sig, ruleset) for sig in cases]
    kept = len(ruleset.memo)
    again = [apply_rule_set(sig, ruleset) for sig in cases]
    assert first == again == fresh and kept and len(ruleset.memo) == kept
    assert first[0].source == "system_prompt_role:Security Auditor" and first[3].tier == "high"

    monkeypatch.setattr(prerouting, "MEMO_TEXTS", 4)
    small = RuleSet.from_dict(seeds.startup_rule_set())
    for i in range(12):
        apply_rule_set(Signals(system_prompt_text=f"prompt {i}", last_user_message=f"ask {i}"), small)
        assert len(small.memo) <= 4
    assert small == ruleset  # the memo takes no part in a rule set's equality
