import { ActionIcon, Alert, Badge, Button, Card, Group, Modal, SegmentedControl, Select, SimpleGrid, Stack, Switch, Table, Text, TextInput, Textarea, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import IconEdit from '@tabler/icons-react/icons/IconEdit';
import IconEye from '@tabler/icons-react/icons/IconEye';
import IconLock from '@tabler/icons-react/icons/IconLock';
import IconTrash from '@tabler/icons-react/icons/IconTrash';
import { useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { categoriesApi } from '../api/categories';
import { errorMessage } from '../api/client';
import { TIERS, type Category } from '../api/types';
import { TierBadge } from '../components/Badges';
import { confirmAction } from '../components/confirm';
import { DataState } from '../components/DataState';
import { PageHeader } from '../components/PageHeader';
import { notifyError } from '../hooks/useAction';
import { useApi } from '../hooks/useApi';
import { useAuth } from '../hooks/useAuth';
import { can } from '../lib/roles';

const blank = (): Partial<Category> => ({ key: '', name: '', costTier: 'medium', description: '', examples: [], defaultModel: '', fallbackModel: '', requiresVision: false, targetSystemPrompt: '' });

function CategoryEditor({ value, onClose, onSaved }: { value: Partial<Category> | null; onClose: () => void; onSaved: () => void }) {
  const [c, setC] = useState<Partial<Category>>(blank());
  const [examples, setExamples] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [loadedFor, setLoadedFor] = useState<Partial<Category> | null>(null);
  if (value !== loadedFor) {
    setLoadedFor(value);
    setC(value ?? blank());
    setExamples((value?.examples ?? []).join('\n'));
    setError(null);
  }
  const isNew = !c._id;
  const save = async () => {
    if (!c.name?.trim() || !c.key?.trim()) {
      setError('Key and name are required.');
      return;
    }
    setBusy(true);
    try {
      const body = { ...c, examples: examples.split('\n').map((e) => e.trim()).filter(Boolean) };
      if (isNew) await categoriesApi.create(body);
      else await categoriesApi.update(c._id!, c.isBuiltIn ? { ...body, key: undefined } : body);
      onSaved();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened={value !== null} onClose={onClose} title={isNew ? 'Add Category' : `Edit ${c.name}`} size="lg">
      <Stack gap="sm">
        <Group grow>
          <TextInput label="Key" value={c.key ?? ''} disabled={Boolean(c.isBuiltIn)} onChange={(e) => setC({ ...c, key: e.currentTarget.value })} required />
          <Select label="Cost Tier" data={[...TIERS]} value={c.costTier ?? 'medium'} onChange={(v) => setC({ ...c, costTier: (v ?? 'medium') as Category['costTier'] })} allowDeselect={false} />
        </Group>
        <TextInput label="Name" value={c.name ?? ''} onChange={(e) => setC({ ...c, name: e.currentTarget.value })} required />
        <Textarea label="Description" autosize minRows={2} value={c.description ?? ''} onChange={(e) => setC({ ...c, description: e.currentTarget.value })} />
        <Textarea label="Examples" description="One example prompt per line — the local classifier and the LLM classifier learn from them" autosize minRows={3} value={examples} onChange={(e) => setExamples(e.currentTarget.value)} />
        <Group grow>
          <TextInput label="Default Model" value={c.defaultModel ?? ''} onChange={(e) => setC({ ...c, defaultModel: e.currentTarget.value })} />
          <TextInput label="Fallback Model" value={c.fallbackModel ?? ''} onChange={(e) => setC({ ...c, fallbackModel: e.currentTarget.value })} />
        </Group>
        <Textarea
          label="Target System Prompt"
          description="Appended to the forwarded system message for requests routed to this category; empty = none"
          autosize
          minRows={4}
          ff="monospace"
          value={c.targetSystemPrompt ?? ''}
          onChange={(e) => setC({ ...c, targetSystemPrompt: e.currentTarget.value })}
        />
        <Text size="xs" c="dimmed">{(c.targetSystemPrompt ?? '').length} characters</Text>
        <Switch label="Requires vision capability" checked={Boolean(c.requiresVision)} onChange={(e) => setC({ ...c, requiresVision: e.currentTarget.checked })} />
        {error && <Alert color="red">{error}</Alert>}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>Cancel</Button>
          <Button onClick={() => void save()} loading={busy}>Save</Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** Gives the category a link names: by `id` when it is listed, else by `key`; undefined when neither matches. */
export function linkedCategory(list: Category[], key: string | null, id: string | null): Category | undefined {
  return (id ? list.find((c) => c._id === id) : undefined) ?? (key ? list.find((c) => c.key === key) : undefined);
}

/** Routing categories with target system prompts and classifier examples (frontend.md §9). `?category=<key>[&id=<id>]` highlights one and opens its editor. */
export function CategoriesPage() {
  const { user } = useAuth();
  const writable = user ? can.writeConfig(user.role) : false;
  const cats = useApi(() => categoriesApi.list(), []);
  const [view, setView] = useState('list');
  const [editing, setEditing] = useState<Partial<Category> | null>(null);
  const list = cats.data ?? [];
  const builtIn = list.filter((c) => c.isBuiltIn).length;
  const [params] = useSearchParams();
  const linkKey = params.get('category');
  const linkId = params.get('id');
  const linked = linkedCategory(list, linkKey, linkId);
  /** the link already honoured, so a reload after Save does not reopen the editor */
  const openedFor = useRef<string | null>(null);
  useEffect(() => {
    const link = `${linkKey ?? ''}|${linkId ?? ''}`;
    if (!linked || !user || openedFor.current === link) return;
    openedFor.current = link;
    [...document.querySelectorAll('[data-category-key]')].find((el) => el.getAttribute('data-category-key') === linked.key)?.scrollIntoView({ block: 'center' });
    if (writable) setEditing(linked);
  }, [linked, linkKey, linkId, user, writable]);
  const mark = (c: Category) => ({
    'data-category-key': c.key,
    'aria-current': c === linked ? ('true' as const) : undefined,
    bg: c === linked ? 'var(--mantine-primary-color-light)' : undefined,
  });

  const reset = async () => {
    if (!(await confirmAction({ title: 'Reset defaults?', message: 'Re-creates deleted built-in categories and restores their tiers and names. Your examples and models are kept.', confirmLabel: 'Reset', danger: false }))) return;
    try {
      const r = await categoriesApi.resetDefaults();
      notifications.show({ color: 'green', message: `${r.created} created, ${r.updated} updated` });
      void cats.reload();
    } catch (err) {
      notifyError(err);
    }
  };
  const remove = async (c: Category) => {
    if (!(await confirmAction({ title: `Delete ${c.name}?`, message: 'Requests can no longer be classified into this category.' }))) return;
    try {
      await categoriesApi.remove(c._id);
      void cats.reload();
    } catch (err) {
      notifyError(err);
    }
  };
  const actions = (c: Category) =>
    writable && (
      <Group gap={2} wrap="nowrap">
        <ActionIcon variant="subtle" aria-label={`Edit ${c.key}`} onClick={() => setEditing(c)}><IconEdit size={16} /></ActionIcon>
        <ActionIcon variant="subtle" color="red" aria-label={`Delete ${c.key}`} onClick={() => void remove(c)}><IconTrash size={16} /></ActionIcon>
      </Group>
    );
  const icons = (c: Category) => (
    <Group gap={2}>
      {c.requiresVision && <Tooltip label="Requires vision"><IconEye size={14} /></Tooltip>}
      {c.isBuiltIn && <Tooltip label="Built-in"><IconLock size={14} /></Tooltip>}
      {c.targetSystemPrompt && <Tooltip label="Has a target system prompt"><Badge size="xs" variant="outline">prompt</Badge></Tooltip>}
    </Group>
  );

  return (
    <>
      <PageHeader title="Routing Categories" subtitle={`${list.length} total · ${builtIn} built-in · ${list.length - builtIn} custom`}>
        <SegmentedControl size="xs" value={view} onChange={setView} data={[{ value: 'list', label: 'List' }, { value: 'cards', label: 'Cards' }]} />
        {writable && <Button variant="default" onClick={() => void reset()}>Reset Defaults</Button>}
        {writable && <Button onClick={() => setEditing(blank())}>Add Category</Button>}
      </PageHeader>
      {linkKey && !cats.loading && list.length > 0 && !linked && (
        <Alert color="yellow" mb="sm" data-testid="linked-category-missing">Category {linkKey} not found — it may have been deleted.</Alert>
      )}
      <DataState loading={cats.loading} error={cats.error} onRetry={cats.reload} empty={!list.length} emptyText="No categories — use Reset Defaults to create the built-ins.">
        {view === 'list' ? (
          <Table.ScrollContainer minWidth={900}>
            <Table striped fz="sm">
              <Table.Thead>
                <Table.Tr><Table.Th>Key</Table.Th><Table.Th>Name</Table.Th><Table.Th>Tier</Table.Th><Table.Th>Examples</Table.Th><Table.Th /><Table.Th /></Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.map((c) => (
                  <Table.Tr key={c._id} {...mark(c)}>
                    <Table.Td ff="monospace">{c.key}</Table.Td>
                    <Table.Td>{c.name}</Table.Td>
                    <Table.Td><TierBadge tier={c.costTier} /></Table.Td>
                    <Table.Td maw={360}><Text size="xs" c="dimmed" lineClamp={1}>{(c.examples ?? []).join(' · ')}</Text></Table.Td>
                    <Table.Td>{icons(c)}</Table.Td>
                    <Table.Td>{actions(c)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        ) : (
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
            {list.map((c) => (
              <Card key={c._id} withBorder padding="sm" {...mark(c)}>
                <Group justify="space-between" wrap="nowrap">
                  <Text fw={600}>{c.name}</Text>
                  {actions(c)}
                </Group>
                <Group gap={4} my={4}><TierBadge tier={c.costTier} />{icons(c)}</Group>
                <Text size="xs" ff="monospace">{c.key}</Text>
                <Text size="xs" c="dimmed" lineClamp={2}>{c.description}</Text>
              </Card>
            ))}
          </SimpleGrid>
        )}
      </DataState>
      <CategoryEditor value={editing} onClose={() => setEditing(null)} onSaved={() => { setEditing(null); void cats.reload(); }} />
    </>
  );
}
