"""Re-seals every secret at rest under a new ENCRYPTION_KEY: provider credentials, tenant keys, the LDAP bind
password, webhook secrets and request-log snapshots. Everything is checked with the old key first, so a wrong
old key stops the run before anything is written."""

from __future__ import annotations

from dataclasses import dataclass

from ..auth.secrets import SecretBox, is_sealed
from ..models import LdapConfig, Provider, RequestLog, Tenant, Webhook
from ..providers.secrets_rotation import RotationFailed, reseal_provider
from ..snapshot import propagation


@dataclass
class RotationReport:
    providers: int = 0
    tenant_keys: int = 0
    ldap: int = 0
    webhooks: int = 0
    request_logs: int = 0


def _reseal(value, old: SecretBox, new: SecretBox, where: str):
    if not is_sealed(value):
        return value
    opened = old.open_or_marker(value)
    if opened == "[decryption failed]":
        raise RotationFailed(f"the old key does not open {where}")
    return new.seal(opened)


def _snapshot(doc: dict | None, old, new, where) -> dict | None:
    if not doc:
        return doc
    out = {k: _reseal(v, old, new, where) if isinstance(v, str) else v for k, v in doc.items()}
    if isinstance(doc.get("messages"), list):
        out["messages"] = [
            {**m, "content": _reseal(m.get("content"), old, new, where)} for m in doc["messages"]
        ]
    return out


def rotate(old: SecretBox, new: SecretBox, *, dry_run: bool = False) -> RotationReport:
    """Re-seal everything; with dry_run only verify that the old key opens every secret."""
    report = RotationReport()
    providers = [(p, reseal_provider(p.to_mongo().to_dict(), old, new)) for p in Provider.objects]
    tenants = []
    for t in Tenant.objects:
        primary = _reseal(t.apiKeyEncrypted, old, new, f"tenant {t.slug}")
        extra = [_reseal(k.encrypted, old, new, f"tenant {t.slug} key {k.prefix}") for k in t.apiKeys]
        tenants.append((t, primary, extra))
    ldap = [
        (d, _reseal((d.settings or {}).get("bindPassword"), old, new, "LDAP bind password"))
        for d in LdapConfig.objects
    ]
    hooks = [(h, _reseal(h.secret, old, new, f"webhook {h.name}")) for h in Webhook.objects]
    if dry_run:
        return report
    for doc, (resealed, count) in providers:
        Provider.objects(id=doc.id).update_one(set__config=resealed["config"])
        report.providers += count
    for t, primary, extra in tenants:
        for k, sealed in zip(t.apiKeys, extra, strict=True):
            k.encrypted = sealed
        Tenant.objects(id=t.id).update_one(set__apiKeyEncrypted=primary, set__apiKeys=t.apiKeys)
        report.tenant_keys += (1 if primary else 0) + sum(1 for e in extra if e)
    for d, sealed in ldap:
        if sealed:
            LdapConfig.objects(id=d.id).update_one(
                set__settings={**(d.settings or {}), "bindPassword": sealed}
            )
            report.ldap += 1
    for h, sealed in hooks:
        if sealed:
            Webhook.objects(id=h.id).update_one(set__secret=sealed)
            report.webhooks += 1
    for log in RequestLog.objects(promptSnapshot__ne=None).only(
        "id", "promptSnapshot", "responseSnapshot", "capturedPaths"
    ):
        RequestLog.objects(id=log.id).update_one(
            set__promptSnapshot=_snapshot(log.promptSnapshot, old, new, "a prompt snapshot"),
            set__responseSnapshot=_snapshot(log.responseSnapshot, old, new, "a response snapshot"),
            set__capturedPaths=[_reseal(p, old, new, "a captured path") for p in log.capturedPaths or []],
        )
        report.request_logs += 1
    propagation.bump("providers")
    return report
