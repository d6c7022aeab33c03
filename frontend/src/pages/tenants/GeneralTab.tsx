import { Alert, MultiSelect, Select, Stack, Switch, Text, TextInput } from '@mantine/core';
import { modals } from '@mantine/modals';
import { useMemo } from 'react';
import type { TabProps } from './TenantEditor';
import { LIFETIMES } from './tenantDefaults';

/** Gives the model ids offered by more than one of the given providers. */
export function duplicateModels(providers: { discoveredModels?: { id: string }[] }[]): string[] {
  const seen = new Map<string, number>();
  providers.forEach((p) => new Set((p.discoveredModels ?? []).map((m) => m.id)).forEach((id) => seen.set(id, (seen.get(id) ?? 0) + 1)));
  return [...seen].filter(([, n]) => n > 1).map(([id]) => id);
}

/** General: name, slug, providers, key lifetime, switches. */
export function GeneralTab({ t, set, providers, isNew }: TabProps) {
  const dupes = useMemo(() => duplicateModels(providers.filter((p) => t.providerIds.includes(p._id))), [providers, t.providerIds]);
  const toggleKey = (on: boolean) => {
    if (on) return set({ keyEnabled: true });
    modals.openConfirmModal({
      title: 'Disable the primary key?',
      children: <Text size="sm">Clients using it get 401 immediately.</Text>,
      labels: { confirm: 'Disable', cancel: 'Cancel' },
      confirmProps: { color: 'red' },
      onConfirm: () => set({ keyEnabled: false }),
    });
  };
  return (
    <Stack gap="sm">
      <TextInput label="Name" value={t.name} onChange={(e) => set({ name: e.currentTarget.value, ...(isNew && !t.slug ? {} : {}) })} required />
      <TextInput
        label="Slug"
        description={isNew ? 'URL segment: /api/<slug>/v1 — cannot be changed later' : 'Cannot be changed'}
        value={t.slug}
        disabled={!isNew}
        onChange={(e) => set({ slug: e.currentTarget.value.toLowerCase() })}
        required
      />
      <MultiSelect
        label="Providers"
        description="Order matters: the first provider wins when several offer a model"
        data={providers.map((p) => ({ value: p._id, label: p.name }))}
        value={t.providerIds}
        onChange={(v) => set({ providerIds: v })}
        searchable
      />
      {dupes.length > 0 && (
        <Alert color="blue" title="Same model on several providers">
          {dupes.slice(0, 8).join(', ')}
          {dupes.length > 8 ? ` +${dupes.length - 8} more` : ''} — the first provider wins; clients can pick one with
          <code> provider-slug/model-id</code>.
        </Alert>
      )}
      <Select label="API Key Lifetime" data={LIFETIMES} value={String(t.keyLifetimeDays ?? 0)} onChange={(v) => set({ keyLifetimeDays: Number(v ?? 0) })} allowDeselect={false} />
      <Switch label="Active" checked={t.active} onChange={(e) => set({ active: e.currentTarget.checked })} />
      {!isNew && <Switch label="Primary key enabled" checked={t.keyEnabled !== false} onChange={(e) => toggleKey(e.currentTarget.checked)} />}
      <Switch label="Strip thinking / reasoning output" checked={t.stripThinking !== false} onChange={(e) => set({ stripThinking: e.currentTarget.checked })} />
      <TextInput
        label="Force-route opt-out token"
        description="A user message containing this token keeps the requested model; empty disables"
        value={t.routing.forceRouteOptOutToken ?? ''}
        onChange={(e) => set({ routing: { ...t.routing, forceRouteOptOutToken: e.currentTarget.value } })}
      />
    </Stack>
  );
}
