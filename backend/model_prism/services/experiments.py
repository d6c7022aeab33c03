"""A/B experiments (tenants-and-admin §15): CRUD with status transitions, audit and propagation, and the
`experiment_completed` webhook when an experiment ends (manually, at its end date or at its sample size)."""

from __future__ import annotations

import logging
import math
from datetime import datetime

from bson import ObjectId

from ..errors import NotFound, ValidationFailed
from ..models import Experiment, Tenant
from ..models.base import utcnow
from ..snapshot import propagation
from . import audit
from .jsonview import plain

log = logging.getLogger(__name__)
STATUSES = ("draft", "active", "paused", "completed")
PATCHABLE = ("name", "description", "targetCategories", "startDate", "endDate", "minSampleSize", "status")
COUNTERS = ("requests", "totalInputTokens", "totalOutputTokens", "totalCostUsd", "errorCount",
            "totalQualityScore", "qualityCount", "totalLatencyMs", "sumSqCostUsd", "sumSqQuality")  # fmt: skip


def zeroed(name: str) -> dict:
    return {"variantName": name, **{k: 0 for k in COUNTERS}}


def view(e: Experiment) -> dict:
    return plain({
        "_id": e.id, "name": e.name, "tenantId": e.tenantId, "description": e.description, "status": e.status,
        "variants": e.variants, "targetCategories": e.targetCategories, "startDate": e.startDate,
        "endDate": e.endDate, "minSampleSize": e.minSampleSize, "metrics": e.metrics,
        "createdAt": e.createdAt, "updatedAt": e.updatedAt,
    })  # fmt: skip


def get(experiment_id: str) -> Experiment:
    if not ObjectId.is_valid(str(experiment_id)):
        raise ValidationFailed("Invalid id")
    e = Experiment.objects(id=experiment_id).first()
    if e is None:
        raise NotFound("Experiment not found")
    return e


def list_experiments(tenant_ids: list[ObjectId] | None, status: str | None) -> list[dict]:
    """Give experiments newest first, limited to the tenant ids (None = all) and the status."""
    query: dict = {}
    if tenant_ids is not None:
        query["tenantId__in"] = tenant_ids
    if status:
        query["status"] = status
    return [view(e) for e in Experiment.objects(**query).order_by("-createdAt")]


def _variants(raw) -> list[dict]:
    if not isinstance(raw, list) or len(raw) < 2:
        raise ValidationFailed("At least 2 variants are required")
    out, names = [], set()
    for v in raw:
        name, model = str((v or {}).get("name") or "").strip(), str((v or {}).get("model") or "").strip()
        if not name or not model:
            raise ValidationFailed("Every variant needs a name and a model")
        if name in names:
            raise ValidationFailed(f"Duplicate variant name '{name}'")
        weight = v.get("weight", 50)
        if not isinstance(weight, (int, float)) or not 0 <= weight <= 1_000_000:
            raise ValidationFailed("Variant weight must be a number from 0 to 1000000")
        provider = v.get("providerId") or None
        if provider is not None and not ObjectId.is_valid(str(provider)):
            raise ValidationFailed("Invalid providerId")
        names.add(name)
        out.append({"name": name, "model": model, "providerId": str(provider) if provider else None,
                    "weight": int(weight)})  # fmt: skip
    if sum(v["weight"] for v in out) <= 0:
        raise ValidationFailed("Variant weights must not all be 0")
    return out


def _check_sample(size) -> None:
    if size is not None and not 1 <= size <= 1_000_000_000:
        raise ValidationFailed("minSampleSize must be from 1 to 1000000000")


def _check_dates(start: datetime | None, end: datetime | None) -> None:
    if start is not None and end is not None and end <= start:
        raise ValidationFailed("endDate must be after startDate")


def create(values: dict, *, actor: str) -> Experiment:
    name = (values.get("name") or "").strip()
    tenant_id = values.get("tenantId") or ""
    if not name or not tenant_id:
        raise ValidationFailed("name and tenantId are required")
    if not ObjectId.is_valid(str(tenant_id)):
        raise ValidationFailed("Invalid id")
    if Tenant.objects(id=tenant_id).first() is None:
        raise NotFound("Tenant not found")
    variants = _variants(values.get("variants"))
    _check_sample(values.get("minSampleSize"))
    _check_dates(values.get("startDate"), values.get("endDate"))
    e = Experiment(
        name=name, tenantId=tenant_id, description=values.get("description") or "", status="draft",
        variants=variants, targetCategories=list(values.get("targetCategories") or []),
        startDate=values.get("startDate"), endDate=values.get("endDate"),
        minSampleSize=int(values.get("minSampleSize") or 100), metrics=[zeroed(v["name"]) for v in variants],
    ).save()  # fmt: skip
    propagation.bump("experiments")
    audit.record_create(actor, "experiment", str(e.id), e.name)
    return e


def update(experiment_id: str, values: dict, *, actor: str) -> Experiment:
    """Apply the allowed fields; variants only while draft; status moves set the start/end dates."""
    e = get(experiment_id)
    before = view(e)
    was = e.status
    for key in PATCHABLE:
        if key in values and values[key] is not None:
            setattr(e, key, values[key])
    if not (e.name or "").strip():
        raise ValidationFailed("name must not be empty")
    if e.status not in STATUSES:
        raise ValidationFailed("status must be draft, active, paused or completed")
    _check_sample(e.minSampleSize)
    if values.get("variants") is not None:
        if was != "draft":
            raise ValidationFailed("Variants can only be changed while the experiment is a draft")
        e.variants = _variants(values["variants"])
        e.metrics = [zeroed(v["name"]) for v in e.variants]
    if e.status == "active" and e.startDate is None:
        e.startDate = utcnow()
    if e.status == "completed" and e.endDate is None:
        e.endDate = utcnow()
    _check_dates(e.startDate, e.endDate)
    e.save()
    propagation.bump("experiments")
    audit.record_update(actor, "experiment", str(e.id), e.name, before, view(e))
    if e.status == "completed" and was != "completed":
        notify_completed(e)
    return e


def start(experiment_id: str, *, actor: str) -> Experiment:
    e = get(experiment_id)
    if e.status == "completed":
        raise ValidationFailed("A completed experiment cannot be restarted")
    return update(experiment_id, {"status": "active"}, actor=actor)


def stop(experiment_id: str, *, actor: str) -> Experiment:
    e = get(experiment_id)
    if e.status == "completed":
        return e
    return update(experiment_id, {"status": "completed", "endDate": utcnow()}, actor=actor)


def delete(experiment_id: str, *, actor: str) -> dict:
    e = get(experiment_id)
    if e.status not in ("draft", "completed"):
        raise ValidationFailed("Only draft or completed experiments can be deleted; stop it first")
    e.delete()
    propagation.bump("experiments")
    audit.record_delete(actor, "experiment", experiment_id, e.name)
    return {"deleted": True}


def results(experiment_id: str) -> dict:
    return analyse(get(experiment_id))


def notify_completed(e: Experiment) -> bool:
    """Emit `experiment_completed` once per experiment; give whether this call emitted it."""
    from .webhook_delivery import emit

    if not Experiment.objects(id=e.id, completedNotified__ne=True).update_one(set__completedNotified=True):
        return False
    tenant = Tenant.objects(id=e.tenantId).only("slug", "name").first()
    payload = {"experimentId": str(e.id), "name": e.name, "tenant": tenant.slug if tenant else str(e.tenantId),
               "results": analyse(e)}  # fmt: skip
    try:
        emit("experiment_completed", payload, str(e.tenantId))
    except Exception:  # noqa: BLE001 - a webhook problem never fails the status change
        log.exception("experiment_completed webhook failed")
    return True


def complete(e: Experiment, reason: str) -> None:
    """Mark an active experiment completed by the system (end date or sample size) and notify once."""
    changed = Experiment.objects(id=e.id, status="active").update_one(
        set__status="completed", set__endDate=e.endDate or utcnow(), set__updatedAt=utcnow()
    )
    if changed:
        e.reload()
        propagation.bump("experiments")
        audit.record_event(
            "system", "experiment", str(e.id), e.name, f"Completed experiment {e.name}: {reason}"
        )
        notify_completed(e)


def complete_due(now: datetime | None = None) -> int:
    """Complete active experiments whose end date passed (run by the quota job); give how many."""
    now = now or utcnow()
    due = list(Experiment.objects(status="active", endDate__lte=now))
    for e in due:
        complete(e, "end date reached")
    return len(due)


# -- results (§15): per-variant stats, best variant, control-vs-challenger z-tests --------------------------------
Z_CRITICAL = 1.96


def _stats(m: dict) -> dict:
    n, errors = int(m.get("requests") or 0), int(m.get("errorCount") or 0)
    q_n = int(m.get("qualityCount") or 0)
    total = n + errors
    return {
        "avgCostUsd": round(m.get("totalCostUsd", 0) / n, 8) if n else 0.0,
        "avgLatencyMs": round(m.get("totalLatencyMs", 0) / n, 1) if n else 0.0,
        "errorRate": round(errors / total, 4) if total else 0.0,
        "avgQuality": round(m.get("totalQualityScore", 0) / q_n, 3) if q_n else None,
        "totalRequests": total, "totalErrors": errors,
    }  # fmt: skip


def _z_proportion(e1: int, n1: int, e2: int, n2: int) -> float:
    if not n1 or not n2:
        return 0.0
    pooled = (e1 + e2) / (n1 + n2)
    se = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    return (e1 / n1 - e2 / n2) / se if se else 0.0


def _z_mean(m1: dict, m2: dict, total: str, count: str, sumsq: str) -> float | None:
    n1, n2 = int(m1.get(count) or 0), int(m2.get(count) or 0)
    if not n1 or not n2:
        return None
    mean1, mean2 = m1.get(total, 0) / n1, m2.get(total, 0) / n2

    def var(m: dict, n: int, mean: float) -> float:
        if m.get(sumsq):
            return max(0.0, m[sumsq] / n - mean * mean)
        return (0.5 * mean) ** 2  # v1.0.0's approximation when no sums of squares were kept

    se = math.sqrt(var(m1, n1, mean1) / n1 + var(m2, n2, mean2) / n2)
    return (mean1 - mean2) / se if se else None


def analyse(e: Experiment) -> dict:
    """Give `{variants:[{name, sampleSize, stats}], significant, recommendation, bestVariant, tests}`."""
    by_name = {m.get("variantName"): m for m in e.metrics or []}
    names = [v.get("name") for v in e.variants or []]
    metrics = [by_name.get(n) or zeroed(n) for n in names]
    variants = [{"name": n, "sampleSize": int(m.get("requests") or 0), "stats": _stats(m)}
                for n, m in zip(names, metrics, strict=True)]  # fmt: skip
    out = {"variants": variants, "significant": False, "bestVariant": None, "tests": [],
           "minSampleSize": e.minSampleSize}  # fmt: skip
    if not variants or any(v["sampleSize"] < e.minSampleSize for v in variants):
        out["recommendation"] = f"Waiting for minimum sample size ({e.minSampleSize}) across all variants."
        return out

    def score(v: dict) -> float:
        s = v["stats"]
        return (s["avgQuality"] or 0) - s["errorRate"] * 100 - s["avgCostUsd"] * 10

    best = max(variants, key=score)
    control, cm = variants[0], metrics[0]
    significant_for: set[str] = set()
    for v, m in zip(variants[1:], metrics[1:], strict=True):
        z = {
            "errorRate": _z_proportion(int(cm.get("errorCount") or 0), control["stats"]["totalRequests"],
                                       int(m.get("errorCount") or 0), v["stats"]["totalRequests"]),
            "avgCostUsd": _z_mean(cm, m, "totalCostUsd", "requests", "sumSqCostUsd"),
            "avgQuality": _z_mean(cm, m, "totalQualityScore", "qualityCount", "sumSqQuality"),
        }  # fmt: skip
        sig = [k for k, val in z.items() if val is not None and abs(val) > Z_CRITICAL]
        if sig:
            significant_for.add(v["name"])
        out["tests"].append({"control": control["name"], "challenger": v["name"],
                             "z": {k: (round(val, 3) if val is not None else None) for k, val in z.items()},
                             "significantOn": sig})  # fmt: skip
    out["bestVariant"] = best["name"]
    out["significant"] = bool(significant_for)
    if best is not control and best["name"] in significant_for:
        out["recommendation"] = f"{best['name']} outperforms control, consider promoting it."
    elif best is control and significant_for:
        out["recommendation"] = f"Control ({control['name']}) performs best; keep it."
    else:
        out["recommendation"] = "No statistically significant difference between variants."
    return out
