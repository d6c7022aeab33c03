import { ActionIcon, Autocomplete, Button, Divider, Group, NumberInput, SegmentedControl, Select, Stack, Switch, Text, Textarea, Tooltip } from '@mantine/core';
import IconInfoCircle from '@tabler/icons-react/icons/IconInfoCircle';
import IconTrash from '@tabler/icons-react/icons/IconTrash';
import { useEffect, useRef } from 'react';
import type { RoutingOverrides, TenantRouting } from '../../api/types';
import type { TabProps } from './TenantEditor';
import { FORCE_MODES, OVERRIDE_HELP } from './tenantDefaults';

/** Auto-routing: classifier, targets, force-route mode, system prompt and override rules; `override` marks (and scrolls to) one of them. */
export function RoutingTab({ t, set, providers, override }: TabProps & { override?: string | null }) {
  const marked = useRef<HTMLDivElement>(null);
  useEffect(() => {
    marked.current?.scrollIntoView({ block: 'center' });
  }, [override]);
  const r = t.routing;
  const setR = (patch: Partial<TenantRouting>) => set({ routing: { ...r, ...patch } });
  const setO = (patch: Partial<RoutingOverrides>) => setR({ overrides: { ...r.overrides, ...patch } });
  const assigned = providers.filter((p) => t.providerIds.includes(p._id));
  const pool = assigned.length ? assigned : providers;
  const modelsOf = (providerId?: string | null) =>
    (pool.find((p) => p._id === providerId)?.discoveredModels ?? pool.flatMap((p) => p.discoveredModels ?? [])).map((m) => ({
      value: m.id,
      label: m.contextWindow ? `${m.id} (${Math.round(m.contextWindow / 1000)}K)` : m.id,
    }));
  const allModels = [...new Set(pool.flatMap((p) => (p.discoveredModels ?? []).map((m) => m.id)))];
  const providerOptions = pool.map((p) => ({ value: p._id, label: p.name }));
  const fallbacks = r.classifierFallbacks ?? [];
  const mode = r.forceAutoRouteMode ?? 'off';

  return (
    <Stack gap="sm">
      <Switch label="Enable Auto-Routing" description="Clients can send model “auto-prism” (or “model-prism”) and the router picks" checked={r.enabled} onChange={(e) => setR({ enabled: e.currentTarget.checked })} />
      <Divider label="Classifier" labelPosition="left" />
      <Group grow>
        <Select label="Classifier provider" data={providerOptions} value={r.classifierProvider ?? null} onChange={(v) => setR({ classifierProvider: v })} clearable />
        <Autocomplete label="Classifier model" data={modelsOf(r.classifierProvider).map((m) => m.value)} value={r.classifierModel ?? ''} onChange={(v) => setR({ classifierModel: v })} placeholder="pick or type a model id" />
      </Group>
      {fallbacks.map((f, i) => (
        <Group key={i} grow align="flex-end">
          <Select label={`Fallback ${i + 1} provider`} data={providerOptions} value={f.provider} onChange={(v) => setR({ classifierFallbacks: fallbacks.map((x, j) => (j === i ? { ...x, provider: v } : x)) })} />
          <Autocomplete label="Model" data={modelsOf(f.provider).map((m) => m.value)} value={f.model} onChange={(v) => setR({ classifierFallbacks: fallbacks.map((x, j) => (j === i ? { ...x, model: v } : x)) })} />
          <ActionIcon variant="subtle" color="red" maw={40} aria-label="Remove fallback" onClick={() => setR({ classifierFallbacks: fallbacks.filter((_, j) => j !== i) })}>
            <IconTrash size={16} />
          </ActionIcon>
        </Group>
      ))}
      {fallbacks.length < 2 && (
        <Button variant="subtle" size="xs" w="fit-content" onClick={() => setR({ classifierFallbacks: [...fallbacks, { model: '', provider: null }] })}>
          Add classifier fallback
        </Button>
      )}
      <Divider label="Routing targets" labelPosition="left" />
      <Group grow>
        <Autocomplete label="Default / Fallback Model" data={allModels} value={r.defaultModel ?? ''} onChange={(v) => setR({ defaultModel: v })} />
        <Autocomplete label="Baseline Model" description="Savings are measured against this model" data={allModels} value={r.baselineModel ?? ''} onChange={(v) => setR({ baselineModel: v })} />
      </Group>
      <Text size="sm" fw={500}>
        Force Auto-Route Mode
      </Text>
      <SegmentedControl value={mode} onChange={(v) => setR({ forceAutoRouteMode: v as TenantRouting['forceAutoRouteMode'] })} data={FORCE_MODES.map(({ value, label }) => ({ value, label }))} />
      <Text size="xs" c="dimmed">
        {FORCE_MODES.find((m) => m.value === mode)?.help}
      </Text>
      <Textarea label="Default System Prompt" description="Added to every request; empty disables" autosize minRows={2} value={r ? t.defaultSystemPrompt ?? '' : ''} onChange={(e) => set({ defaultSystemPrompt: e.currentTarget.value })} />
      <Switch label="Print routed model in response" checked={Boolean(t.printRoutedModel)} onChange={(e) => set({ printRoutedModel: e.currentTarget.checked })} />
      <NumberInput label="Session fill upgrade threshold" description="Move a tier up when the previous turn filled this share of the context window" min={0.1} max={1} step={0.05} decimalScale={2} value={r.sessionFillUpgradeThreshold ?? 0.75} onChange={(v) => setR({ sessionFillUpgradeThreshold: Number(v) })} w={260} />
      <Divider label="Routing Overrides" labelPosition="left" />
      {OVERRIDE_HELP.map(({ key, label, help }) => (
        <Group
          key={key}
          gap="xs"
          wrap="nowrap"
          align="center"
          data-override={key}
          {...(key === override ? { ref: marked, 'aria-current': 'true' as const, bg: 'var(--mantine-primary-color-light)', p: 4, style: { borderRadius: 4 } } : {})}
        >
          <Switch checked={Boolean(r.overrides[key])} onChange={(e) => setO({ [key]: e.currentTarget.checked } as Partial<RoutingOverrides>)} label={label} aria-label={label} />
          <Tooltip label={help} multiline w={300} withArrow>
            <IconInfoCircle size={16} style={{ opacity: 0.6 }} aria-label={help} />
          </Tooltip>
          {key === 'toolCallUpgrade' && r.overrides.toolCallUpgrade && (
            <Select size="xs" w={120} aria-label="Tool call minimum tier" data={['low', 'medium', 'advanced', 'high', 'ultra']} value={r.overrides.toolCallMinTier} onChange={(v) => setO({ toolCallMinTier: (v ?? 'medium') as RoutingOverrides['toolCallMinTier'] })} allowDeselect={false} />
          )}
          {key === 'confidenceFallback' && r.overrides.confidenceFallback && (
            <NumberInput size="xs" w={100} aria-label="Confidence threshold" min={0} max={1} step={0.05} decimalScale={2} value={r.overrides.confidenceThreshold} onChange={(v) => setO({ confidenceThreshold: Number(v) })} />
          )}
          {key === 'conversationTurnUpgrade' && r.overrides.conversationTurnUpgrade && (
            <NumberInput size="xs" w={100} aria-label="After N turns" min={2} max={20} value={r.overrides.conversationTurnThreshold ?? 4} onChange={(v) => setO({ conversationTurnThreshold: Number(v) })} />
          )}
        </Group>
      ))}
    </Stack>
  );
}
