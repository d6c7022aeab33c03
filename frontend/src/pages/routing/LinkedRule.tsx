import { Alert, Badge, Group, Text } from '@mantine/core';
import type { RuleSet } from '../../api/types';
import { TierBadge } from '../../components/Badges';

/** Gives the position (0-based) of the keyword rule named `name` in a rule set, or -1 when it has none by that name. */
export function ruleIndex(rs: Pick<RuleSet, 'keywordRules'>, name: string): number {
  return (rs.keywordRules ?? []).findIndex((r) => r.name === name);
}

/** The keyword rule a link (e.g. a synthetic-test finding) points at, shown above the rule cards; closable. */
export function LinkedRule({ rs, name, readOnly, onClose }: { rs: RuleSet; name: string; readOnly: boolean; onClose: () => void }) {
  const index = ruleIndex(rs, name);
  const rule = index >= 0 ? rs.keywordRules[index] : null;
  if (!rule) {
    return (
      <Alert color="yellow" mb="sm" withCloseButton onClose={onClose} data-testid="linked-rule" title={`Rule “${name}” not found`}>
        {rs.name} has no keyword rule of that name (any more).
      </Alert>
    );
  }
  const { effect } = rule;
  return (
    <Alert color="blue" mb="sm" withCloseButton onClose={onClose} data-testid="linked-rule" title={`Linked rule: “${rule.name}” (#${index + 1} of ${rs.keywordRules.length} in ${rs.name})`}>
      <Group gap={4} mb={4}>
        {!rule.enabled && <Badge color="gray">disabled</Badge>}
        {effect.tierMin && <>min <TierBadge tier={effect.tierMin} /></>}
        {effect.tierMax && <>max <TierBadge tier={effect.tierMax} /></>}
        {effect.category && <Badge variant="light">{effect.category}</Badge>}
        {effect.domain && <Badge variant="light" color="indigo">{effect.domain}</Badge>}
      </Group>
      <Text size="xs">
        {rule.match === 'all' ? 'All of' : `At least ${rule.minMatches} of`} ({rule.searchIn === 'all' ? 'all messages' : `${rule.searchIn} messages`}): {rule.keywords.join(', ')}
      </Text>
      {!readOnly && (
        <Text size="xs" c="dimmed" mt={4}>
          Edit it with its pencil button below, then press Save.
        </Text>
      )}
    </Alert>
  );
}
