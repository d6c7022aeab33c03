import { ActionIcon, Alert, Badge, Button, Card, Group, Modal, Select, SimpleGrid, Stack, Switch, Text, TextInput } from '@mantine/core';
import IconEdit from '@tabler/icons-react/icons/IconEdit';
import IconTrash from '@tabler/icons-react/icons/IconTrash';
import { useState } from 'react';
import { categoriesApi } from '../../api/categories';
import { TIERS, type PromptRole } from '../../api/types';
import { TierBadge } from '../../components/Badges';
import { Empty } from '../../components/DataState';
import { useApi } from '../../hooks/useApi';
import type { RuleSetTabProps } from './RoutingConfigPage';

/** Gives an error text when a pattern is not a valid regular expression. */
export function regexError(pattern: string): string | null {
  try {
    new RegExp(pattern, 'i');
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}

/** System-prompt roles (regex → category / tier floor / domain). */
export function PromptRolesTab({ rs, set, readOnly }: RuleSetTabProps) {
  const categories = useApi(() => categoriesApi.list(), []);
  const [edit, setEdit] = useState<{ index: number; role: PromptRole } | null>(null);
  const roles = rs.systemPromptRoles ?? [];
  const r = edit?.role;
  const setR = (patch: Partial<PromptRole>) => setEdit((e) => (e ? { ...e, role: { ...e.role, ...patch } } : e));
  const bad = r ? regexError(r.pattern) : null;
  const save = () => {
    if (!edit) return;
    const next = [...roles];
    if (edit.index < 0) next.push(edit.role);
    else next[edit.index] = edit.role;
    set({ systemPromptRoles: next });
    setEdit(null);
  };
  return (
    <Stack>
      {!readOnly && (
        <Button w="fit-content" onClick={() => setEdit({ index: -1, role: { name: '', enabled: true, pattern: '', effect: { category: '', tierMin: '', domain: '' } } })}>
          Add Role
        </Button>
      )}
      {roles.length === 0 && <Empty>No system-prompt roles.</Empty>}
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        {roles.map((role, i) => (
          <Card key={role._id ?? i} withBorder padding="sm">
            <Group justify="space-between">
              <Group gap={4}>
                <Text fw={600}>{role.name}</Text>
                {!role.enabled && <Badge color="gray">disabled</Badge>}
              </Group>
              {!readOnly && (
                <Group gap={2}>
                  <ActionIcon variant="subtle" aria-label={`Edit role ${role.name}`} onClick={() => setEdit({ index: i, role: structuredClone(role) })}>
                    <IconEdit size={16} />
                  </ActionIcon>
                  <ActionIcon variant="subtle" color="red" aria-label={`Delete role ${role.name}`} onClick={() => set({ systemPromptRoles: roles.filter((_, j) => j !== i) })}>
                    <IconTrash size={16} />
                  </ActionIcon>
                </Group>
              )}
            </Group>
            <Group gap={4} my={4}>
              {role.effect.tierMin && <TierBadge tier={role.effect.tierMin} />}
              {role.effect.category && <Badge variant="light">{role.effect.category}</Badge>}
            </Group>
            <Text size="xs" ff="monospace" c="dimmed">/{role.pattern}/i</Text>
          </Card>
        ))}
      </SimpleGrid>
      <Modal opened={edit !== null} onClose={() => setEdit(null)} title="System prompt role">
        {r && (
          <Stack gap="sm">
            <TextInput label="Name" value={r.name} onChange={(e) => setR({ name: e.currentTarget.value })} />
            <Switch label="Enabled" checked={r.enabled} onChange={(e) => setR({ enabled: e.currentTarget.checked })} />
            <TextInput label="Pattern" description="Regular expression, case-insensitive, e.g. you are a (senior )?software engineer" value={r.pattern} error={r.pattern && bad ? bad : undefined} onChange={(e) => setR({ pattern: e.currentTarget.value })} />
            <Select label="Category" data={(categories.data ?? []).map((c) => c.key)} value={r.effect.category || null} onChange={(v) => setR({ effect: { ...r.effect, category: v ?? '' } })} searchable clearable />
            <Select label="Minimum tier" data={[...TIERS]} value={r.effect.tierMin || null} onChange={(v) => setR({ effect: { ...r.effect, tierMin: v ?? '' } })} clearable />
            <TextInput label="Domain" value={r.effect.domain ?? ''} onChange={(e) => setR({ effect: { ...r.effect, domain: e.currentTarget.value } })} />
            {bad && r.pattern && <Alert color="red">The pattern is not a valid regular expression.</Alert>}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setEdit(null)}>Cancel</Button>
              <Button onClick={save} disabled={!r.name.trim() || !r.pattern || Boolean(bad)}>Apply</Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </Stack>
  );
}
