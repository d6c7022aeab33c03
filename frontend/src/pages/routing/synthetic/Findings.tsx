import { Anchor, Badge, Group, List, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import type { Finding, SyntheticRun } from '../../../api/routing';
import { TierBadge } from '../../../components/Badges';
import { findingHref, findingLabel, scoreColor } from './logic';

const TYPE_LABEL: Record<Finding['type'], [string, string]> = {
  misrouted: ['Misrouted', 'red'],
  category_rules: ['Category rules', 'violet'],
  cost_saving: ['Cost saving', 'green'],
  quality_risk: ['Quality risk', 'orange'],
};

/** The evaluation of a run: score, analysis and structured findings, each linking to what it suggests changing. */
export function Findings({ evaluation }: { evaluation: NonNullable<SyntheticRun['evaluation']> }) {
  const findings = evaluation.findings ?? [];
  return (
    <Paper withBorder p="sm" data-testid="evaluation">
      <Group mb="xs">
        <Title order={5}>Evaluation</Title>
        {evaluation.score !== undefined && <Badge color={scoreColor(evaluation.score)} size="lg">{evaluation.score}</Badge>}
        <Text size="xs" c="dimmed">{evaluation.model}</Text>
      </Group>
      <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} mb="xs">{evaluation.analysis}</Text>
      {findings.length ? (
        <Stack gap={6}>
          {findings.map((f, i) => {
            const [label, color] = TYPE_LABEL[f.type];
            return (
              <Paper key={i} withBorder p="xs" data-testid="finding">
                <Group gap="xs" wrap="nowrap" align="flex-start">
                  <Badge color={color} variant="light" style={{ flexShrink: 0 }}>{label}</Badge>
                  <Stack gap={2} style={{ flex: 1 }}>
                    <Text size="sm">
                      {f.case ? <Text span fw={600}>#{f.case} </Text> : null}
                      {f.text}
                    </Text>
                    <Group gap="xs">
                      {f.suggestedCategory && <Text size="xs" c="dimmed">→ {f.suggestedCategory}</Text>}
                      {f.suggestedTier && <TierBadge tier={f.suggestedTier} size="xs" />}
                      <Anchor component={Link} to={findingHref(f.target)} size="xs">Open {findingLabel(f.target)} →</Anchor>
                    </Group>
                  </Stack>
                </Group>
              </Paper>
            );
          })}
        </Stack>
      ) : (
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          <div><Text fw={500} size="sm">For better quality:</Text><List size="sm">{(evaluation.qualitySuggestions ?? []).map((q, i) => <List.Item key={i}>{q}</List.Item>)}</List></div>
          <div><Text fw={500} size="sm">To save costs:</Text><List size="sm">{(evaluation.costSuggestions ?? []).map((q, i) => <List.Item key={i}>{q}</List.Item>)}</List></div>
        </SimpleGrid>
      )}
    </Paper>
  );
}
