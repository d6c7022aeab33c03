import { ActionIcon, Button, Checkbox, Group, SegmentedControl, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import IconTrash from '@tabler/icons-react/icons/IconTrash';
import { useState } from 'react';
import type { ModelConfig } from '../../api/types';
import type { TabProps } from './TenantEditor';

/** Model access mode, per-model checkboxes grouped by provider, and aliases. */
export function ModelsTab({ t, set, providers }: TabProps) {
  const mc = t.modelConfig;
  const setMc = (patch: Partial<ModelConfig>) => set({ modelConfig: { ...mc, ...patch } });
  const assigned = providers.filter((p) => t.providerIds.includes(p._id));
  const [alias, setAlias] = useState('');
  const [target, setTarget] = useState('');
  const aliases = mc.aliases ?? {};
  return (
    <Stack gap="sm">
      <SegmentedControl
        value={mc.mode}
        onChange={(v) => setMc({ mode: v as ModelConfig['mode'] })}
        data={[
          { value: 'all', label: 'All models' },
          { value: 'whitelist', label: 'Whitelist (allow only)' },
          { value: 'blacklist', label: 'Blacklist (block selected)' },
        ]}
      />
      {mc.mode !== 'all' &&
        (assigned.length ? (
          assigned.map((p) => (
            <div key={p._id}>
              <Title order={6} mb={4}>
                {p.name}
              </Title>
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing={4}>
                {(p.discoveredModels ?? []).map((m) => (
                  <Checkbox
                    key={m.id}
                    label={m.id}
                    checked={mc.list.includes(m.id)}
                    onChange={(e) => setMc({ list: e.currentTarget.checked ? [...mc.list, m.id] : mc.list.filter((x) => x !== m.id) })}
                  />
                ))}
              </SimpleGrid>
            </div>
          ))
        ) : (
          <Text c="dimmed" size="sm">
            Assign providers on the General tab first.
          </Text>
        ))}
      <Title order={6} mt="sm">
        Aliases
      </Title>
      {Object.entries(aliases).map(([a, m]) => (
        <Group key={a} gap="xs">
          <Text size="sm" ff="monospace">
            {a} → {m}
          </Text>
          <ActionIcon
            size="sm"
            variant="subtle"
            color="red"
            aria-label={`Remove alias ${a}`}
            onClick={() => {
              const next = { ...aliases };
              delete next[a];
              setMc({ aliases: next });
            }}
          >
            <IconTrash size={14} />
          </ActionIcon>
        </Group>
      ))}
      <Group gap="xs" align="flex-end">
        <TextInput label="Alias" placeholder="fast" value={alias} onChange={(e) => setAlias(e.currentTarget.value)} />
        <TextInput label="Model" placeholder="gpt-4o-mini" value={target} onChange={(e) => setTarget(e.currentTarget.value)} />
        <Button
          variant="light"
          disabled={!alias || !target}
          onClick={() => {
            setMc({ aliases: { ...aliases, [alias]: target } });
            setAlias('');
            setTarget('');
          }}
        >
          Add alias
        </Button>
      </Group>
    </Stack>
  );
}
