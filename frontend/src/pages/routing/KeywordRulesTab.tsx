import { ActionIcon, Badge, Button, Card, Group, Modal, NumberInput, SegmentedControl, Select, SimpleGrid, Stack, Switch, TagsInput, Text, TextInput } from '@mantine/core';
import IconEdit from '@tabler/icons-react/icons/IconEdit';
import IconTrash from '@tabler/icons-react/icons/IconTrash';
import { useEffect, useRef, useState } from 'react';
import { categoriesApi } from '../../api/categories';
import { TIERS, type KeywordRule } from '../../api/types';
import { TierBadge } from '../../components/Badges';
import { Empty } from '../../components/DataState';
import { useApi } from '../../hooks/useApi';
import type { RuleSetTabProps } from './RoutingConfigPage';

const emptyRule = (): KeywordRule => ({ name: '', enabled: true, keywords: [], match: 'any', minMatches: 1, searchIn: 'all', effect: { category: '', tierMin: '', tierMax: '', domain: '' } });

/** Keyword rules as cards with an add/edit modal; `highlight` names a rule to mark and scroll to (a finding's link). */
export function KeywordRulesTab({ rs, set, readOnly, highlight }: RuleSetTabProps & { highlight?: string }) {
  const categories = useApi(() => categoriesApi.list(), []);
  const marked = useRef<HTMLDivElement>(null);
  useEffect(() => {
    marked.current?.scrollIntoView?.({ block: 'center', behavior: 'smooth' });
  }, [highlight, rs._id]);
  const [edit, setEdit] = useState<{ index: number; rule: KeywordRule } | null>(null);
  const rules = rs.keywordRules ?? [];
  const save = () => {
    if (!edit) return;
    const next = [...rules];
    if (edit.index < 0) next.push(edit.rule);
    else next[edit.index] = edit.rule;
    set({ keywordRules: next });
    setEdit(null);
  };
  const r = edit?.rule;
  const setR = (patch: Partial<KeywordRule>) => setEdit((e) => (e ? { ...e, rule: { ...e.rule, ...patch } } : e));
  const setEffect = (patch: Partial<KeywordRule['effect']>) => r && setR({ effect: { ...r.effect, ...patch } });
  return (
    <Stack>
      {!readOnly && (
        <Button w="fit-content" onClick={() => setEdit({ index: -1, rule: emptyRule() })}>
          Add Rule
        </Button>
      )}
      {rules.length === 0 && <Empty>No keyword rules.</Empty>}
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        {rules.map((rule, i) => {
          const isMarked = !!highlight && rule.name === highlight;
          return (
          <Card
            key={rule._id ?? i}
            withBorder
            padding="sm"
            ref={isMarked ? marked : undefined}
            aria-current={isMarked ? 'true' : undefined}
            data-testid={isMarked ? 'marked-rule' : undefined}
            style={isMarked ? { borderColor: 'var(--mantine-color-blue-5)', borderWidth: 2 } : undefined}
          >
            <Group justify="space-between" mb={4}>
              <Group gap={4}>
                <Text fw={600}>{rule.name}</Text>
                {!rule.enabled && <Badge color="gray">disabled</Badge>}
              </Group>
              {!readOnly && (
                <Group gap={2}>
                  <ActionIcon variant="subtle" aria-label={`Edit rule ${rule.name}`} onClick={() => setEdit({ index: i, rule: structuredClone(rule) })}>
                    <IconEdit size={16} />
                  </ActionIcon>
                  <ActionIcon variant="subtle" color="red" aria-label={`Delete rule ${rule.name}`} onClick={() => set({ keywordRules: rules.filter((_, j) => j !== i) })}>
                    <IconTrash size={16} />
                  </ActionIcon>
                </Group>
              )}
            </Group>
            <Group gap={4} mb={4}>
              {rule.effect.tierMin && <>min <TierBadge tier={rule.effect.tierMin} /></>}
              {rule.effect.tierMax && <>max <TierBadge tier={rule.effect.tierMax} /></>}
              {rule.effect.category && <Badge variant="light">{rule.effect.category}</Badge>}
              {rule.effect.domain && <Badge variant="light" color="indigo">{rule.effect.domain}</Badge>}
            </Group>
            <Text size="xs" c="dimmed">
              {rule.keywords.slice(0, 6).join(', ')}
              {rule.keywords.length > 6 ? ` +${rule.keywords.length - 6} more` : ''}
            </Text>
          </Card>
          );
        })}
      </SimpleGrid>
      <Modal opened={edit !== null} onClose={() => setEdit(null)} title={edit && edit.index >= 0 ? 'Edit Rule' : 'Add Rule'} size="lg">
        {r && (
          <Stack gap="sm">
            <TextInput label="Name" value={r.name} onChange={(e) => setR({ name: e.currentTarget.value })} required />
            <Switch label="Enabled" checked={r.enabled} onChange={(e) => setR({ enabled: e.currentTarget.checked })} />
            <TagsInput label="Keywords" description="Press Enter after each keyword" value={r.keywords} onChange={(v) => setR({ keywords: v })} />
            <Group>
              <SegmentedControl value={r.match} onChange={(v) => setR({ match: v as KeywordRule['match'] })} data={[{ value: 'any', label: 'Any keyword' }, { value: 'all', label: 'All keywords' }]} />
              <NumberInput label="Min matches" min={1} w={120} value={r.minMatches} disabled={r.match === 'all'} onChange={(v) => setR({ minMatches: Number(v) || 1 })} />
            </Group>
            <Select label="Search in" data={[{ value: 'all', label: 'All messages' }, { value: 'user', label: 'User messages' }, { value: 'system', label: 'System prompt' }]} value={r.searchIn} onChange={(v) => setR({ searchIn: (v ?? 'all') as KeywordRule['searchIn'] })} allowDeselect={false} />
            <Text fw={500} size="sm">Effect</Text>
            <Group grow>
              <Select label="Override category" data={(categories.data ?? []).map((c) => c.key)} value={r.effect.category || null} onChange={(v) => setEffect({ category: v ?? '' })} searchable clearable />
              <TextInput label="Set domain" value={r.effect.domain ?? ''} onChange={(e) => setEffect({ domain: e.currentTarget.value })} />
            </Group>
            <Group grow>
              <Select label="Minimum tier" data={[...TIERS]} value={r.effect.tierMin || null} onChange={(v) => setEffect({ tierMin: v ?? '' })} clearable />
              <Select label="Maximum tier" data={[...TIERS]} value={r.effect.tierMax || null} onChange={(v) => setEffect({ tierMax: v ?? '' })} clearable />
            </Group>
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setEdit(null)}>Cancel</Button>
              <Button onClick={save} disabled={!r.name.trim() || !r.keywords.length}>Apply</Button>
            </Group>
            <Text size="xs" c="dimmed">Changes are kept in the editor — press Save above to store the rule set.</Text>
          </Stack>
        )}
      </Modal>
    </Stack>
  );
}
