"""Model Prism routing: turns an auto-routed request into a (model, provider, tier, category) decision.

Pure package: no web framework, database or HTTP imports (a unit test scans for them). I/O is
passed in behind Protocols (``ports.py``): the LLM classifier call and the local classifier.

How the gateway calls it
------------------------
1. Build a frozen :class:`RoutingEnvironment` from the worker's in-memory snapshot (refresh it when
   categories, rule sets, tenants or models change)::

       env = RoutingEnvironment.build(
           categories=CategoryCatalog.from_docs(category_docs),   # routingcategories documents
           rule_set=rule_set_doc,               # the tenant's rule set, else the global default, else None
           tenant_routing=tenant.routing,       # camelCase dict, tenants-and-admin.md §2.1
           models=candidates,                   # ModelCandidate per visible, tiered, policy-allowed model
           llm_classifier=port,                 # LlmClassifierPort (provider adapter call) or None
           local_classifier=local,              # eval_env.build_local_classifier("auto"), once per process
       )

2. Decide force-routing first when the caller named a concrete model::

       fr = decide_force_route(body, requested_model, env.settings.force_auto_route_mode,
                               env.settings.force_route_opt_out_token)
       # fr.body has the opt-out token stripped; fr.route says whether to run the router;
       # fr.strictness_mode / fr.user_selected_model go into RouteOptions; fr.labels for the log.

3. Route::

       result = route_request(fr.body, "/chat/completions", env, RouteOptions(
           budget_cost_mode=..., quota_economy=..., prev_session_fill_pct=...,
           user_selected_model=fr.user_selected_model, strictness_mode=fr.strictness_mode,
           session_tier_floor=..., session_sticky_model=..., force_route_mode=fr.mode,
           force_route_opted_out=fr.opted_out))

   ``RoutingUnavailable`` means no usable pre-routing result and no classifier: fall back
   (gateway.md §7). ``dry_run=True`` (+ ``use_classifier``) gives the Test Route / route-explain run.

4. Use the views of the one result: ``result.model_id`` / ``provider_id`` / ``cost_tier``;
   ``result.auto_routing(provider_slug)`` for the response body (add cost fields);
   ``result.receipt_headers()`` for response headers; ``result.to_debug_record()`` for the request
   log (``routingSignals`` §18); ``result.trace_dicts()`` for Test Route; and
   ``result.system_prompt_for_category`` to append to the forwarded system message (None = nothing).
   After the call apply the tier cap with ``tier_cap_exceeded(result.cost_tier, requested_tier)``.

Agent sessions: pass ``session_tier_floor`` (the tier this tool-using session already used) and,
while its prompt cache is warm, ``session_sticky_model``; a continuation never drops below the floor
(tenant ``routing.agentSessionTierFloor``, default true) and keeps the warm model when its tier is
at least the target (``selection_method == "session_cache_sticky"``).

Quality: ``model_prism.routing.evaluation.main(argv)`` backs ``model-prism routing-eval FILE.jsonl``;
the starter set ships as ``model_prism/data/routing/starter_eval.jsonl``.
"""

from model_prism.routing.categories import Category, CategoryCatalog
from model_prism.routing.environment import ModelCandidate, RouteOptions, RoutingEnvironment
from model_prism.routing.errors import RoutingUnavailable
from model_prism.routing.pipeline import STAGES, route_request
from model_prism.routing.ports import ClassifierReply, LlmClassifierPort, LocalClassifierPort, LocalVerdict
from model_prism.routing.result import RoutingResult
from model_prism.routing.rulesets import RuleSet
from model_prism.routing.settings import ClassifierRef, TenantRoutingSettings
from model_prism.routing.strictness import (
    ForceRouteDecision,
    decide_force_route,
    strip_opt_out,
    tier_cap_exceeded,
)

__all__ = [
    "STAGES",
    "Category",
    "CategoryCatalog",
    "ClassifierRef",
    "ClassifierReply",
    "ForceRouteDecision",
    "LlmClassifierPort",
    "LocalClassifierPort",
    "LocalVerdict",
    "ModelCandidate",
    "RouteOptions",
    "RoutingEnvironment",
    "RoutingResult",
    "RoutingUnavailable",
    "RuleSet",
    "TenantRoutingSettings",
    "decide_force_route",
    "route_request",
    "strip_opt_out",
    "tier_cap_exceeded",
]
