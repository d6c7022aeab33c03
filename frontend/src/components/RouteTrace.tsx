import { Badge, Button, Card, CopyButton, Group, Paper, Stack, Text } from '@mantine/core';
import type { TestRouteResult } from '../api/types';
import { TierBadge } from './Badges';
import { JsonBlock } from './JsonBlock';
import { usd } from '../lib/format';

/** Summary strip and step-by-step trace of a Test Route answer (routing.md §15). */
export function RouteTrace({ result }: { result: TestRouteResult }) {
  const s = result.summary ?? {};
  return (
    <Stack gap="sm" data-testid="route-trace">
      <Paper withBorder p="sm">
        <Group gap="lg">
          <div>
            <Text size="xs" c="dimmed">
              Model
            </Text>
            <Text fw={600} data-testid="route-model">
              {s.finalModel ?? '—'}
            </Text>
          </div>
          <div>
            <Text size="xs" c="dimmed">
              Tier
            </Text>
            <TierBadge tier={s.finalTier} />
          </div>
          <div>
            <Text size="xs" c="dimmed">
              Category
            </Text>
            <Badge variant="light">{s.category ?? '—'}</Badge>
          </div>
          <div>
            <Text size="xs" c="dimmed">
              Confidence
            </Text>
            <Text>{Math.round(Number(s.confidence ?? 0) * 100)}%</Text>
          </div>
          <div>
            <Text size="xs" c="dimmed">
              Time
            </Text>
            <Text>{s.routingMs ?? 0} ms</Text>
          </div>
          {Number(s.routingCostUsd ?? 0) > 0 && (
            <div>
              <Text size="xs" c="dimmed">
                Cost
              </Text>
              <Text>{usd(s.routingCostUsd, 6)}</Text>
            </div>
          )}
          <CopyButton value={JSON.stringify(result, null, 2)}>
            {({ copied, copy }) => (
              <Button size="xs" variant="light" onClick={copy} ml="auto">
                {copied ? 'Copied' : 'Copy JSON'}
              </Button>
            )}
          </CopyButton>
        </Group>
      </Paper>
      <Text fw={600}>Routing Trace</Text>
      {(result.trace ?? []).map((step) => (
        <Card
          key={`${step.step}-${step.name}`}
          withBorder
          padding="sm"
          data-testid="trace-step"
          style={step.changed ? { borderLeft: '4px solid var(--mantine-color-green-6)' } : undefined}
        >
          <Group gap="xs" mb={4}>
            <Badge variant="filled" color="gray" circle>
              {step.step}
            </Badge>
            <Text fw={500}>{step.name}</Text>
            <Badge color={step.changed ? 'green' : 'gray'} variant="light">
              {step.changed ? 'Changed' : 'No change'}
            </Badge>
          </Group>
          {step.data !== undefined && <JsonBlock value={step.data} maxHeight={200} />}
          {step.detail && (
            <Text size="sm" c="dimmed">
              {step.detail}
            </Text>
          )}
        </Card>
      ))}
    </Stack>
  );
}
