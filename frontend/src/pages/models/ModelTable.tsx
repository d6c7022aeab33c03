import { ActionIcon, Checkbox, Group, MultiSelect, NumberInput, Paper, Select, Table, Text, TextInput, Title, Tooltip } from '@mantine/core';
import IconArrowDown from '@tabler/icons-react/icons/IconArrowDown';
import IconArrowUp from '@tabler/icons-react/icons/IconArrowUp';
import IconEye from '@tabler/icons-react/icons/IconEye';
import IconEyeOff from '@tabler/icons-react/icons/IconEyeOff';
import IconPlus from '@tabler/icons-react/icons/IconPlus';
import IconWand from '@tabler/icons-react/icons/IconWand';
import { useState } from 'react';
import { providersApi } from '../../api/providers';
import { TIERS, type DiscoveredModel, type FlatModel } from '../../api/types';
import { TierBadge } from '../../components/Badges';
import { notifyError } from '../../hooks/useAction';
import type { Grouping } from './ModelsPage';
import { NewCategoryModal } from './NewCategoryModal';

const rowKey = (m: FlatModel) => `${m.providerId}|${m.id}`;

/** One group of the registry with inline editing; every edit is a PATCH of that model. */
export function ModelTable(props: {
  title: string;
  grouping: Grouping;
  rows: FlatModel[];
  categoryKeys: string[];
  selected: string[];
  onSelect: (keys: string[]) => void;
  onChanged: () => void;
  onCategoryCreated: () => void;
}) {
  const { rows, grouping, selected, onSelect, onChanged } = props;
  const [newCategoryFor, setNewCategoryFor] = useState<FlatModel | null>(null);
  const keys = rows.map(rowKey);
  const allOn = keys.length > 0 && keys.every((k) => selected.includes(k));

  const patch = async (m: FlatModel, body: Partial<DiscoveredModel>) => {
    try {
      await providersApi.patchModel(m.providerId, m.id, body);
      onChanged();
    } catch (err) {
      notifyError(err, `Could not update ${m.id}`);
    }
  };

  const move = async (index: number, delta: number) => {
    const order = [...rows];
    const [item] = order.splice(index, 1);
    order.splice(index + delta, 0, item);
    try {
      await providersApi.reorderTier(order.map((m) => ({ providerId: m.providerId, modelId: m.id })));
      onChanged();
    } catch (err) {
      notifyError(err);
    }
  };

  const suggest = async (m: FlatModel) => {
    try {
      const s = await providersApi.suggest(m.id);
      await patch(m, { tier: (s.tier as DiscoveredModel['tier']) ?? m.tier, categories: s.categories ?? m.categories, inputPer1M: s.inputPer1M ?? m.inputPer1M, outputPer1M: s.outputPer1M ?? m.outputPer1M });
    } catch (err) {
      notifyError(err, `No suggestion for ${m.id}`);
    }
  };

  return (
    <Paper withBorder p="xs">
      <Group mb="xs" gap="xs">
        <Checkbox
          aria-label={`Select all in ${props.title}`}
          checked={allOn}
          indeterminate={!allOn && keys.some((k) => selected.includes(k))}
          onChange={() => onSelect(allOn ? selected.filter((k) => !keys.includes(k)) : [...new Set([...selected, ...keys])])}
        />
        {grouping === 'tier' ? <TierBadge tier={props.title === 'unset' ? null : props.title} size="lg" /> : <Title order={5}>{props.title}</Title>}
        <Text size="xs" c="dimmed">
          {rows.length} models
        </Text>
      </Group>
      <Table.ScrollContainer minWidth={1100}>
        <Table verticalSpacing={4} fz="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={30} />
              <Table.Th w={30} />
              <Table.Th>Model ID</Table.Th>
              {grouping !== 'provider' && <Table.Th>Provider</Table.Th>}
              <Table.Th w={150}>Tier</Table.Th>
              <Table.Th w={220}>Categories</Table.Th>
              <Table.Th w={90}>In/1M</Table.Th>
              <Table.Th w={90}>Out/1M</Table.Th>
              <Table.Th w={100}>Context</Table.Th>
              <Table.Th w={100}>Max out</Table.Th>
              <Table.Th>Notes</Table.Th>
              <Table.Th w={40} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((m, i) => (
              <Table.Tr key={rowKey(m)} style={{ opacity: m.visible === false ? 0.45 : 1 }}>
                <Table.Td>
                  <Checkbox aria-label={`Select ${m.id}`} checked={selected.includes(rowKey(m))} onChange={() => onSelect(selected.includes(rowKey(m)) ? selected.filter((k) => k !== rowKey(m)) : [...selected, rowKey(m)])} />
                </Table.Td>
                <Table.Td>
                  <Tooltip label={m.visible === false ? 'Hidden from tenants — click to show' : 'Visible — click to hide'}>
                    <ActionIcon variant="subtle" aria-label={`Toggle visibility of ${m.id}`} onClick={() => void patch(m, { visible: m.visible === false })}>
                      {m.visible === false ? <IconEyeOff size={16} /> : <IconEye size={16} />}
                    </ActionIcon>
                  </Tooltip>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" ff="monospace">
                    {m.id}
                  </Text>
                  {m.stale && <Text size="xs" c="orange">no longer reported</Text>}
                </Table.Td>
                {grouping !== 'provider' && <Table.Td>{m.providerName}</Table.Td>}
                <Table.Td>
                  {grouping === 'tier' && m.tier ? (
                    <Group gap={2} wrap="nowrap">
                      <Text size="xs" w={18}>
                        {i + 1}
                      </Text>
                      <ActionIcon size="sm" variant="subtle" disabled={i === 0} aria-label="Move up" onClick={() => void move(i, -1)}>
                        <IconArrowUp size={14} />
                      </ActionIcon>
                      <ActionIcon size="sm" variant="subtle" disabled={i === rows.length - 1} aria-label="Move down" onClick={() => void move(i, 1)}>
                        <IconArrowDown size={14} />
                      </ActionIcon>
                      <TierBadge tier={m.tier} />
                    </Group>
                  ) : (
                    <Select size="xs" aria-label={`Tier of ${m.id}`} data={[...TIERS]} value={m.tier ?? null} placeholder="unset" onChange={(v) => void patch(m, { tier: (v as DiscoveredModel['tier']) ?? null })} />
                  )}
                </Table.Td>
                <Table.Td>
                  <Group gap={2} wrap="nowrap">
                    <MultiSelect size="xs" aria-label={`Categories of ${m.id}`} data={props.categoryKeys} value={m.categories ?? []} searchable onChange={(v) => void patch(m, { categories: v })} style={{ flex: 1 }} />
                    <ActionIcon size="sm" variant="subtle" aria-label="New category" onClick={() => setNewCategoryFor(m)}>
                      <IconPlus size={14} />
                    </ActionIcon>
                  </Group>
                </Table.Td>
                <Table.Td>
                  <NumberInput size="xs" aria-label={`Input price of ${m.id}`} defaultValue={m.inputPer1M ?? ''} decimalScale={4} min={0} hideControls onBlur={(e) => { const v = e.currentTarget.value === '' ? null : Number(e.currentTarget.value); if (v !== (m.inputPer1M ?? null)) void patch(m, { inputPer1M: v }); }} />
                </Table.Td>
                <Table.Td>
                  <NumberInput size="xs" aria-label={`Output price of ${m.id}`} defaultValue={m.outputPer1M ?? ''} decimalScale={4} min={0} hideControls onBlur={(e) => { const v = e.currentTarget.value === '' ? null : Number(e.currentTarget.value); if (v !== (m.outputPer1M ?? null)) void patch(m, { outputPer1M: v }); }} />
                </Table.Td>
                <Table.Td>
                  <NumberInput size="xs" aria-label={`Context window of ${m.id}`} defaultValue={m.contextWindow ?? ''} min={0} hideControls thousandSeparator="," onBlur={(e) => { const v = Number(e.currentTarget.value.replace(/,/g, '')) || null; if (v !== (m.contextWindow ?? null)) void patch(m, { contextWindow: v }); }} />
                </Table.Td>
                <Table.Td>
                  <NumberInput size="xs" aria-label={`Max output of ${m.id}`} defaultValue={m.maxOutputTokens ?? ''} min={0} hideControls thousandSeparator="," onBlur={(e) => { const v = Number(e.currentTarget.value.replace(/,/g, '')) || null; if (v !== (m.maxOutputTokens ?? null)) void patch(m, { maxOutputTokens: v }); }} />
                </Table.Td>
                <Table.Td>
                  <TextInput size="xs" aria-label={`Notes of ${m.id}`} defaultValue={m.notes ?? ''} onBlur={(e) => { if (e.currentTarget.value !== (m.notes ?? '')) void patch(m, { notes: e.currentTarget.value }); }} />
                </Table.Td>
                <Table.Td>
                  <Tooltip label="Auto-suggest from the registry">
                    <ActionIcon variant="subtle" aria-label={`Suggest ${m.id}`} onClick={() => void suggest(m)}>
                      <IconWand size={16} />
                    </ActionIcon>
                  </Tooltip>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <NewCategoryModal
        opened={newCategoryFor !== null}
        onClose={() => setNewCategoryFor(null)}
        onCreated={(key) => {
          const m = newCategoryFor;
          setNewCategoryFor(null);
          props.onCategoryCreated();
          if (m) void patch(m, { categories: [...(m.categories ?? []), key] });
        }}
      />
    </Paper>
  );
}
