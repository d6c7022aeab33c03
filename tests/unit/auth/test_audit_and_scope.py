"""Pure parts of the control plane: audit diffs and redaction, tenant scoping, LDAP group → role."""

from __future__ import annotations

from bson import ObjectId

from model_prism.auth.ldap_client import LdapSettings, role_for
from model_prism.auth.scope import IMPOSSIBLE, Caller, tenant_filter
from model_prism.services.audit import diff, redact, summarize


def test_diff_recurses_and_collapses_long_lists():
    before = {
        "name": "a",
        "routing": {"enabled": False, "overrides": {"x": 1}},
        "list": list(range(6)),
        "_id": 1,
    }
    after = {
        "name": "b",
        "routing": {"enabled": True, "overrides": {"x": 1}},
        "list": list(range(7)),
        "_id": 2,
    }
    changes = diff(before, after)
    assert changes == [
        {"field": "list", "before": "[6 items]", "after": "[7 items]"},
        {"field": "name", "before": "a", "after": "b"},
        {"field": "routing.enabled", "before": False, "after": True},
    ]
    assert (
        summarize(changes + changes)
        == "list: [6 items] → [7 items], name: a → b, enabled: False → True +3 more"
    )
    assert diff({"a": None}, {"a": None}) == [] and diff({"n": 1}, {"n": "1"}) == []


def test_redact_hides_secret_fields_at_any_depth():
    doc = {
        "config": {"auth": {"apiKey": "sk-1", "type": "api_key"}},
        "apiKeys": [{"hash": "h", "label": "l"}],
    }
    assert redact(doc) == {"config": {"auth": {"apiKey": "[redacted]", "type": "api_key"}},
                           "apiKeys": [{"hash": "[redacted]", "label": "l"}]}  # fmt: skip


def test_tenant_filter_limits_tenant_roles():
    own, foreign = str(ObjectId()), str(ObjectId())
    viewer = Caller("u", "v", "tenant-viewer", (own,))
    assert tenant_filter(viewer, None) == [ObjectId(own)]
    assert tenant_filter(viewer, own) == [ObjectId(own)]
    assert tenant_filter(viewer, foreign) == [IMPOSSIBLE]
    assert tenant_filter(Caller("u", "t", "tenant-admin", ()), None) == [IMPOSSIBLE]
    finops = Caller("u", "f", "finops", ())
    assert tenant_filter(finops, None) is None and tenant_filter(finops, foreign) == [ObjectId(foreign)]
    assert tenant_filter(finops, "bad") == [IMPOSSIBLE]


def test_role_for_uses_the_first_matching_group_case_insensitively():
    settings = LdapSettings(url="ldap://x", default_role="chat-user",
                            group_mapping=(("CN=Ops,DC=x", "maintainer"), ("cn=all,dc=x", "tenant-viewer")))  # fmt: skip
    assert role_for(["cn=all,dc=x", "cn=ops,dc=x"], settings) == "maintainer"
    assert role_for(["cn=all,dc=x"], settings) == "tenant-viewer"
    assert role_for([], settings) == "chat-user"
