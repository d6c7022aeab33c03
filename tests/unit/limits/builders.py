"""Frozen contexts for the limit stages: one tenant, one provider with a cheap and an expensive model."""

from __future__ import annotations

from types import MappingProxyType

from model_prism.gateway.context import RequestContext, Target
from model_prism.providers.base import ProviderConfig
from model_prism.snapshot.views import ConfigSnapshot, ModelView, ProviderView, TenantView


def model(mid: str, tier: str, price_in: float, price_out: float) -> ModelView:
    return ModelView(
        id=mid,
        provider_id="p1",
        provider_slug="fake",
        tier=tier,
        context_window=128_000,
        max_output=4096,
        input_per_1m=price_in,
        output_per_1m=price_out,
        cached_input_per_1m=None,
        visible=True,
        priority=0,
        capabilities=frozenset(),
    )


PROVIDER = ProviderView(
    ProviderConfig(id="p1", slug="fake", name="Fake", type="openai", base_url="http://127.0.0.1:1"),
    (model("small", "low", 1.0, 2.0), model("big", "high", 10.0, 30.0)),
)


def tenant(rate=None, limits=None, guard=None, tid="t1", slug="team-a") -> TenantView:
    return TenantView(
        id=tid,
        slug=slug,
        name=slug,
        active=True,
        is_default=False,
        key_enabled=True,
        key_expires_at=None,
        provider_ids=("p1",),
        model_config=MappingProxyType({}),
        routing=MappingProxyType({"enabled": True}),
        rate_limit=MappingProxyType(rate or {}),
        budget_limits=MappingProxyType(limits or {}),
        budget_guard=MappingProxyType(guard or {}),
        pricing=MappingProxyType({}),
        default_system_prompt="",
        prompt_logging=False,
        prompt_log_level="last_user",
        strip_thinking=True,
        print_routed_model=False,
    )


def context(t: TenantView | None, *, request_id="r1", ip="10.0.0.1", body=None, target=None, auto=False):
    snap = ConfigSnapshot(
        version=1,
        tenants_by_id={t.id: t} if t else {},
        tenants_by_slug={t.slug: t} if t else {},
        keys_by_hash={},
        providers_by_id={"p1": PROVIDER},
    )
    body = body or {
        "model": "auto" if auto else "small",
        "messages": [{"role": "user", "content": "hello " * 40}],
    }
    ctx = RequestContext(
        request_id=request_id,
        surface="openai",
        endpoint="/chat/completions",
        slug=t.slug if t else "team-a",
        shorthand=False,
        api_key="k",
        headers={},
        client_ip=ip,
        via_proxy=False,
        snapshot=snap,
        body=MappingProxyType(body),
        tenant=t,
        is_auto=auto,
        requested_model=body.get("model", "small"),
    )
    if target:
        m = PROVIDER.model(target)
        ctx = ctx.evolve("target", {}, target=Target(PROVIDER, m, m.id), model_id=m.id)
    return ctx
