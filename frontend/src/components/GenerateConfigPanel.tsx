import { Anchor, Badge, Checkbox, Code, CopyButton, Button, Group, PasswordInput, ScrollArea, Select, SimpleGrid, Stack, Text } from '@mantine/core';
import { useMemo, useState } from 'react';
import { ideConfigApi } from '../api/ideConfig';
import type { Tenant } from '../api/types';
import { useApi } from '../hooks/useApi';
import { AUTO_MODEL, TOOLS, generateSnippet, endpointFor, type ToolId } from '../lib/configSnippets';
import { tierIndex } from '../lib/tiers';
import { CopyField } from './CopyField';

/** Tool selector, model checklist and copyable config output for one tenant. */
export function GenerateConfigPanel({ tenant, initialKey }: { tenant: Pick<Tenant, '_id' | 'slug' | 'name' | 'isDefault'>; initialKey?: string }) {
  const catalogue = useApi(() => ideConfigApi.models(tenant._id), [tenant._id]);
  const [tool, setTool] = useState<ToolId>('continue');
  const [key, setKey] = useState(initialKey ?? '');
  const [picked, setPicked] = useState<string[]>([]);
  const [defaultModel, setDefaultModel] = useState(AUTO_MODEL);
  const models = useMemo(() => (catalogue.data?.models ?? []).filter((m) => m.id !== AUTO_MODEL && !m.locked), [catalogue.data]);
  const cheap = useMemo(() => [...models].filter((m) => tierIndex(m.tier) >= 0 && tierIndex(m.tier) <= 2).sort((a, b) => tierIndex(a.tier) - tierIndex(b.tier))[0]?.id, [models]);
  const info = TOOLS.find((t) => t.id === tool)!;
  const input = { tenantName: tenant.name, origin: window.location.origin, slug: tenant.slug, isDefault: tenant.isDefault, apiKey: key, models: picked, defaultModel, cheapModel: cheap };
  const output = generateSnippet(tool, input);

  return (
    <Stack gap="sm">
      <CopyField label="Endpoint" value={endpointFor(input)} />
      {initialKey ? (
        <CopyField label="API key (shown once)" value={initialKey} />
      ) : (
        <PasswordInput label="API key" description="Paste your key to include it; otherwise <YOUR_API_KEY> is used" placeholder="<YOUR_API_KEY>" value={key} onChange={(e) => setKey(e.currentTarget.value)} />
      )}
      <Select label="Tool" data={TOOLS.map((t) => ({ value: t.id, label: t.label }))} value={tool} onChange={(v) => setTool((v ?? 'continue') as ToolId)} allowDeselect={false} />
      <Text size="sm" fw={500}>
        Models to include
      </Text>
      <ScrollArea.Autosize mah={160}>
        <SimpleGrid cols={2} spacing={4}>
          <Checkbox checked disabled label={<Group gap={4}>{AUTO_MODEL}<Badge size="xs" color="green">auto-routing</Badge></Group>} />
          {models.map((m) => (
            <Checkbox key={m.id} label={`${m.id}${m.tier ? ` (${m.tier})` : ''}`} checked={picked.includes(m.id)} onChange={(e) => setPicked(e.currentTarget.checked ? [...picked, m.id] : picked.filter((x) => x !== m.id))} />
          ))}
        </SimpleGrid>
        {catalogue.error && <Text c="dimmed" size="xs">Model list unavailable: {catalogue.error}</Text>}
      </ScrollArea.Autosize>
      <Select label="Default model" data={[AUTO_MODEL, ...picked]} value={defaultModel} onChange={(v) => setDefaultModel(v ?? AUTO_MODEL)} allowDeselect={false} />
      <Group justify="space-between">
        <Text size="xs" c="dimmed">
          File: <Code>{info.location}</Code>
        </Text>
        {info.docs && (
          <Anchor size="xs" href={info.docs} target="_blank" rel="noreferrer">
            {info.label} docs
          </Anchor>
        )}
      </Group>
      <Code block data-testid="config-output" style={{ maxHeight: 300, overflow: 'auto' }}>
        {output}
      </Code>
      <CopyButton value={output}>
        {({ copied, copy }) => (
          <Button onClick={copy} color={copied ? 'teal' : undefined}>
            {copied ? 'Copied' : 'Copy'}
          </Button>
        )}
      </CopyButton>
    </Stack>
  );
}
