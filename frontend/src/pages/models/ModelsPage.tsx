import { Button, Group, SegmentedControl, Select, Stack, Text, TextInput, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMemo, useState } from 'react';
import { categoriesApi } from '../../api/categories';
import { providersApi } from '../../api/providers';
import type { FlatModel } from '../../api/types';
import { TIERS } from '../../api/types';
import { DataState } from '../../components/DataState';
import { PageHeader } from '../../components/PageHeader';
import { notifyError } from '../../hooks/useAction';
import { useApi } from '../../hooks/useApi';
import { tierIndex } from '../../lib/tiers';
import { ModelTable } from './ModelTable';

export type Grouping = 'provider' | 'tier' | 'category' | 'flat';

/** Gives the models grouped for display; a model appears in each of its categories in category grouping. */
export function groupModels(models: FlatModel[], by: Grouping): { key: string; label: string; rows: FlatModel[] }[] {
  if (by === 'flat') return [{ key: 'all', label: 'All models', rows: models }];
  const groups = new Map<string, FlatModel[]>();
  const add = (k: string, m: FlatModel) => groups.set(k, [...(groups.get(k) ?? []), m]);
  for (const m of models) {
    if (by === 'provider') add(m.providerName, m);
    else if (by === 'tier') add(m.tier ?? 'unset', m);
    else if (m.categories?.length) m.categories.forEach((c) => add(c, m));
    else add('uncategorised', m);
  }
  const keys = [...groups.keys()];
  if (by === 'tier') keys.sort((a, b) => (tierIndex(a) === -1 ? 99 : tierIndex(a)) - (tierIndex(b) === -1 ? 99 : tierIndex(b)));
  else keys.sort();
  return keys.map((k) => ({
    key: k,
    label: k,
    rows: by === 'tier' ? [...groups.get(k)!].sort((a, b) => (b.priority ?? 50) - (a.priority ?? 50)) : groups.get(k)!,
  }));
}

/** Model Registry: tiers, categories, prices and visibility of discovered models (frontend.md §7). */
export function ModelsPage() {
  const models = useApi(() => providersApi.allModels(), []);
  const categories = useApi(() => categoriesApi.list(), []);
  const [grouping, setGrouping] = useState<Grouping>('provider');
  const [provider, setProvider] = useState<string | null>(null);
  const [tier, setTier] = useState<string | null>(null);
  const [category, setCategory] = useState<string | null>(null);
  const [text, setText] = useState('');
  const [selected, setSelected] = useState<string[]>([]);
  const [resetting, setResetting] = useState(false);

  const rows = useMemo(() => {
    const t = text.toLowerCase();
    return (models.data ?? []).filter(
      (m) =>
        (!provider || m.providerId === provider) &&
        (!tier || (tier === 'unset' ? !m.tier : m.tier === tier)) &&
        (!category || m.categories?.includes(category)) &&
        (!t || m.id.toLowerCase().includes(t) || (m.notes ?? '').toLowerCase().includes(t)),
    );
  }, [models.data, provider, tier, category, text]);

  const providers = useMemo(() => {
    const seen = new Map<string, string>();
    (models.data ?? []).forEach((m) => seen.set(m.providerId, m.providerName));
    return [...seen].map(([value, label]) => ({ value, label }));
  }, [models.data]);

  const resetSelected = async () => {
    setResetting(true);
    let done = 0;
    const id = notifications.show({ loading: true, message: `Resetting ${selected.length} models…`, autoClose: false });
    for (const key of selected) {
      const m = (models.data ?? []).find((x) => `${x.providerId}|${x.id}` === key);
      if (!m) continue;
      try {
        const s = await providersApi.suggest(m.id);
        await providersApi.patchModel(m.providerId, m.id, {
          tier: s.tier ?? null,
          categories: s.categories ?? [],
          inputPer1M: s.inputPer1M ?? null,
          outputPer1M: s.outputPer1M ?? null,
        } as never);
        done += 1;
      } catch (err) {
        notifyError(err, `No registry defaults for ${m.id}`);
      }
    }
    notifications.update({ id, loading: false, color: 'green', message: `${done} of ${selected.length} models reset`, autoClose: 4000 });
    setResetting(false);
    setSelected([]);
    void models.reload();
  };

  return (
    <>
      <PageHeader title="Model Registry" subtitle="Tier, categories and prices decide which models routing may pick">
        <Tooltip label="Applies tier, categories and pricing from the built-in registry" withArrow>
          <Button variant="light" disabled={!selected.length} loading={resetting} onClick={() => void resetSelected()}>
            Reset to registry defaults{selected.length ? ` (${selected.length})` : ''}
          </Button>
        </Tooltip>
      </PageHeader>
      <Stack gap="sm">
        <Group gap="xs" align="flex-end">
          <Select label="Provider" placeholder="All" data={providers} value={provider} onChange={setProvider} clearable w={180} />
          <Select label="Tier" placeholder="All" data={[...TIERS, 'unset']} value={tier} onChange={setTier} clearable w={130} />
          <Select label="Category" placeholder="All" data={(categories.data ?? []).map((c) => c.key)} value={category} onChange={setCategory} clearable searchable w={200} />
          <TextInput label="Search" placeholder="Model id or notes" value={text} onChange={(e) => setText(e.currentTarget.value)} w={200} />
          <SegmentedControl
            value={grouping}
            onChange={(v) => setGrouping(v as Grouping)}
            data={[
              { value: 'provider', label: 'By Provider' },
              { value: 'tier', label: 'By Tier' },
              { value: 'category', label: 'By Category' },
              { value: 'flat', label: 'Flat' },
            ]}
          />
        </Group>
        <div data-tour="model-table">
          <DataState
            loading={models.loading}
            error={models.error}
            onRetry={models.reload}
            empty={!rows.length}
            emptyText={models.data?.length ? 'No model matches the filters.' : 'No models yet — discover models on the Providers page.'}
          >
            <Stack>
              {groupModels(rows, grouping).map((g) => (
                <ModelTable
                  key={g.key}
                  title={g.label}
                  grouping={grouping}
                  rows={g.rows}
                  categoryKeys={(categories.data ?? []).map((c) => c.key)}
                  selected={selected}
                  onSelect={setSelected}
                  onChanged={() => void models.reload()}
                  onCategoryCreated={() => void categories.reload()}
                />
              ))}
              <Text size="xs" c="dimmed">
                {rows.length} models · hidden models stay listed (greyed) so they can be shown again.
              </Text>
            </Stack>
          </DataState>
        </div>
      </Stack>
    </>
  );
}
