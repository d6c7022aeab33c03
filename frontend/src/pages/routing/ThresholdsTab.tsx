import { Alert, Group, NumberInput, Slider, Stack, Switch, Text, Title } from '@mantine/core';
import type { RuleSetTabProps } from './RoutingConfigPage';

const WEIGHTS: { key: string; label: string; help: string }[] = [
  { key: 'systemPromptRole', label: 'System Prompt Role', help: 'How much a matching system-prompt role counts (capped at 50 % — roles are hints).' },
  { key: 'contentKeywords', label: 'Keyword Rules', help: 'Confidence of a matching keyword rule; above the classifier threshold it bypasses the classifier.' },
  { key: 'codeLanguage', label: 'Code Language Detection', help: 'Weight of detected programming languages.' },
  { key: 'conversationTurns', label: 'Conversation Turns', help: 'Stored for compatibility; long conversations are handled by the turn upgrade below.' },
  { key: 'tokenCount', label: 'Token Count', help: 'Token-size hints (35 % of this weight) — never enough to bypass the classifier alone.' },
];
const THRESHOLDS = ['micro', 'minimal', 'low', 'medium', 'alwaysHigh'] as const;

/** Token thresholds, signal weights and turn upgrade. */
export function ThresholdsTab({ rs, set, readOnly }: RuleSetTabProps) {
  return (
    <Stack>
      <Alert color="blue">Thresholds and weights are hints: they set tier floors and confidence, but only rules above the classifier threshold skip the classifier.</Alert>
      <Title order={6}>Token thresholds (max tokens for each tier)</Title>
      <Group grow>
        {THRESHOLDS.map((k) => (
          <NumberInput key={k} label={k} min={0} disabled={readOnly} value={rs.tokenThresholds[k]} onChange={(v) => set({ tokenThresholds: { ...rs.tokenThresholds, [k]: Number(v) || 0 } })} />
        ))}
      </Group>
      <Title order={6}>Signal weights</Title>
      {WEIGHTS.map((w) => (
        <div key={w.key}>
          <Group justify="space-between">
            <Text size="sm">{w.label}</Text>
            <Text size="sm">{Math.round((rs.signalWeights[w.key] ?? 0) * 100)}%</Text>
          </Group>
          <Slider aria-label={w.label} disabled={readOnly} min={0} max={100} value={Math.round((rs.signalWeights[w.key] ?? 0) * 100)} onChange={(v) => set({ signalWeights: { ...rs.signalWeights, [w.key]: v / 100 } })} />
          <Text size="xs" c="dimmed">{w.help}</Text>
        </div>
      ))}
      <Group>
        <Switch label="Conversation Turn Upgrade" disabled={readOnly} checked={rs.turnUpgrade.enabled} onChange={(e) => set({ turnUpgrade: { ...rs.turnUpgrade, enabled: e.currentTarget.checked } })} />
        <NumberInput label="after N turns" min={2} max={20} w={120} disabled={readOnly || !rs.turnUpgrade.enabled} value={rs.turnUpgrade.threshold} onChange={(v) => set({ turnUpgrade: { ...rs.turnUpgrade, threshold: Number(v) || 4 } })} />
      </Group>
    </Stack>
  );
}
