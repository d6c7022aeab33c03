import { Badge, Group, Paper, Progress, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import type { RequestLogEntry } from '../api/types';
import { TierBadge } from './Badges';
import { usd } from '../lib/format';

const PROGRESSION: [string, string][] = [
  ['preRouting', 'Pre-routing'],
  ['classifier', 'Classifier'],
  ['afterRuleFloor', 'Rule floor'],
  ['afterOverrides', 'Overrides'],
  ['afterSessionFill', 'Session fill'],
  ['afterCostMode', 'Cost mode'],
  ['final', 'Final'],
];

/** Gives the colour of a confidence bar: green > 0.8, yellow > 0.5, else red. */
export function confidenceColor(c: number): string {
  if (c > 0.8) return 'green';
  if (c > 0.5) return 'yellow';
  return 'red';
}

/** Splits the `+`-joined override labels; a '+' inside a label (`tier_boost:+1`) is kept. */
export function overrideLabels(value?: string | null): string[] {
  if (!value) return [];
  return value.split(/\+(?=[a-z])/).map((s) => s.trim()).filter(Boolean);
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Paper withBorder p="sm" radius="sm">
      <Title order={6} mb={6} c="dimmed" tt="uppercase">
        {title}
      </Title>
      {children}
    </Paper>
  );
}

function Flag({ on, label }: { on?: boolean; label: string }) {
  return (
    <Badge variant={on ? 'filled' : 'outline'} color={on ? 'violet' : 'gray'} size="sm">
      {label}
    </Badge>
  );
}

/** The routing debug panel of an auto-routed request (routing.md §18). */
export function RoutingDebugPanel({ entry }: { entry: RequestLogEntry }) {
  const s = entry.routingSignals ?? {};
  const conf = Number(entry.confidence ?? 0);
  const overrides = overrideLabels(entry.overrideApplied);
  const progression = s.tierProgression ?? {};
  const progressionSteps = PROGRESSION.filter(([key]) => progression[key]);
  return (
    <Stack gap="xs" data-testid="routing-debug-panel" data-tour="debug-panel">
      <Text fw={600}>Routing Debug Panel</Text>
      <SimpleGrid cols={{ base: 1, md: 3 }} spacing="xs">
        <Section title="Signals">
          <Group gap={4}>
            <Badge variant="light">{(s.totalTokens ?? entry.inputTokens ?? 0).toLocaleString()} tokens</Badge>
            <Flag on={s.hasImages} label="Images" />
            <Flag on={s.hasToolCalls} label="Tool Calls" />
            <Flag on={s.isFimRequest} label="FIM" />
            <Flag on={s.isToolAgentRequest} label="Tool Agent" />
            {(s.conversationTurns ?? 0) > 1 && <Badge variant="light">{s.conversationTurns} turns</Badge>}
            {(s.detectedDomains ?? []).map((d) => (
              <Badge key={d} color="indigo" variant="light">
                {d}
              </Badge>
            ))}
            {(s.detectedLanguages ?? []).map((l) => (
              <Badge key={l} color="lime" variant="light">
                {l}
              </Badge>
            ))}
          </Group>
        </Section>
        <Section title="Pre-Routing">
          <Text size="sm">
            {s.preRouted ? 'Yes — rules decided without the classifier' : 'No — classifier decided'}
          </Text>
          {s.signalSource && (
            <Text size="xs" c="dimmed">
              Source: {s.signalSource}
            </Text>
          )}
          {s.prevSessionFillPct !== undefined && s.prevSessionFillPct !== null && (
            <Text size="xs" c="dimmed">
              Previous session fill: {Math.round(Number(s.prevSessionFillPct) * 100)}%
            </Text>
          )}
        </Section>
        <Section title="Classification">
          <Group gap={4} mb={6}>
            {entry.category && <Badge variant="light">{entry.category}</Badge>}
            <TierBadge tier={entry.costTier} />
            {entry.complexity && <Badge variant="outline">{entry.complexity}</Badge>}
          </Group>
          <Group gap={6} wrap="nowrap">
            <Progress value={conf * 100} color={confidenceColor(conf)} style={{ flex: 1 }} aria-label="Confidence" />
            <Text size="xs">{Math.round(conf * 100)}%</Text>
          </Group>
        </Section>
        <Section title="Overrides">
          <Group gap={4}>
            {overrides.length ? (
              overrides.map((o) => (
                <Badge key={o} color="orange" variant="light">
                  {o}
                </Badge>
              ))
            ) : (
              <Text size="sm">None</Text>
            )}
          </Group>
        </Section>
        <Section title="Result">
          <Text size="sm">
            Routed model: <b>{entry.routedModel}</b>
          </Text>
          <Text size="xs" c="dimmed">
            Routing {entry.routingMs ?? 0} ms · classifier cost {usd(entry.routingCostUsd ?? 0, 6)}
            {s.selectionMethod ? ` · ${s.selectionMethod}` : ''}
          </Text>
        </Section>
        {(s.forceRouteMode || s.forceRouteOptOut) && (
          <Section title="Strictness">
            <Text size="sm">Mode: {s.forceRouteMode ?? 'off'}</Text>
            {s.userSelectedModel && <Text size="xs">Caller asked for {s.userSelectedModel}</Text>}
            {s.forceRouteOptOut && <Badge color="grape">opt-out token used</Badge>}
          </Section>
        )}
      </SimpleGrid>
      {progressionSteps.length > 0 && (
        <Section title="Tier progression">
          <Group gap={4}>
            {progressionSteps.map(([key, label], i) => (
              <Group key={key} gap={4}>
                {i > 0 && <Text c="dimmed">→</Text>}
                <Text size="xs">{label}</Text>
                <TierBadge tier={progression[key]} size="sm" />
              </Group>
            ))}
          </Group>
        </Section>
      )}
    </Stack>
  );
}
