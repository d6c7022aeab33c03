import { Alert, Group, NumberInput, Select, Slider, Stack, Text } from '@mantine/core';
import type { RuleSet } from '../../api/types';
import type { RuleSetTabProps } from './RoutingConfigPage';

/** Confidence threshold, context strategy, cost mode and tier boost. */
export function ClassifierTab({ rs, set, readOnly }: RuleSetTabProps) {
  const c = rs.classifier;
  return (
    <Stack>
      <Alert color="blue">The classifier model, its fallbacks and the baseline model are configured per tenant (Tenants → Edit → Routing).</Alert>
      <div>
        <Text size="sm" fw={500}>
          Confidence threshold: {Math.round(c.confidenceThreshold * 100)}%
        </Text>
        <Slider
          aria-label="Confidence threshold"
          disabled={readOnly}
          min={30}
          max={95}
          value={Math.round(c.confidenceThreshold * 100)}
          marks={[{ value: 50, label: '50%' }, { value: 65, label: '65%' }, { value: 80, label: '80%' }]}
          onChange={(v) => set({ classifier: { ...c, confidenceThreshold: v / 100 } })}
          mb="lg"
        />
        <Text size="xs" c="dimmed">Pre-routing results at or above this confidence skip the LLM classifier (faster, free); lower values skip it more often.</Text>
      </div>
      <Group grow>
        <Select label="Context strategy" disabled={readOnly} data={[{ value: 'truncate', label: 'Truncate' }, { value: 'metadata_only', label: 'Metadata only' }, { value: 'summary', label: 'Summary' }]} value={c.contextStrategy} onChange={(v) => set({ classifier: { ...c, contextStrategy: v ?? 'truncate' } })} allowDeselect={false} />
        <NumberInput label="Context limit (tokens)" disabled={readOnly} min={500} value={c.contextLimitTokens} onChange={(v) => set({ classifier: { ...c, contextLimitTokens: Number(v) || 4000 } })} />
      </Group>
      <Group grow>
        <Select
          label="Cost Optimization Mode"
          disabled={readOnly}
          data={[{ value: 'economy', label: 'Economy (−1 tier)' }, { value: 'balanced', label: 'Balanced' }, { value: 'quality', label: 'Quality (+1 tier)' }]}
          value={rs.costMode}
          onChange={(v) => set({ costMode: (v ?? 'balanced') as RuleSet['costMode'] })}
          allowDeselect={false}
        />
        <NumberInput label="Tier boost" description="−2…+2, stacks with cost mode" disabled={readOnly} min={-2} max={2} value={rs.tierBoost} onChange={(v) => set({ tierBoost: Math.max(-2, Math.min(2, Number(v) || 0)) })} />
      </Group>
    </Stack>
  );
}
