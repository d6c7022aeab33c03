import { Alert, Badge, Card, Group, Paper, Select, SimpleGrid, Stack, Switch, Text, MultiSelect } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useState } from 'react';
import { ideConfigApi } from '../api/ideConfig';
import { DataState } from '../components/DataState';
import { GenerateConfigPanel } from '../components/GenerateConfigPanel';
import { PageHeader } from '../components/PageHeader';
import { TierBadge } from '../components/Badges';
import { notifyError } from '../hooks/useAction';
import { useApi } from '../hooks/useApi';
import { useAuth } from '../hooks/useAuth';
import { TOOLS } from '../lib/configSnippets';

const REC_LABELS: Record<string, string> = { autocomplete: 'Autocomplete', smallTasks: 'Small tasks', recommended: 'Recommended', premium: 'Premium' };

function PublicSettings() {
  const s = useApi(() => ideConfigApi.settings(), []);
  const tenants = useApi(() => ideConfigApi.tenants(), []);
  if (!s.data) return null;
  const save = (body: { publicEnabled?: boolean; publicTenantIds?: string[] }) =>
    void ideConfigApi.saveSettings(body).then(() => { notifications.show({ color: 'green', message: 'Saved' }); void s.reload(); }, notifyError);
  return (
    <Paper withBorder p="sm">
      <Text fw={600} mb="xs">Public config page (admin)</Text>
      <Group>
        <Switch label="Enable public config page (/public/config)" checked={s.data.publicEnabled} onChange={(e) => save({ publicEnabled: e.currentTarget.checked })} />
        <MultiSelect placeholder="Default tenant only" data={(tenants.data ?? []).map((t) => ({ value: t._id, label: t.name }))} value={s.data.publicTenantIds} onChange={(v) => save({ publicTenantIds: v })} w={320} aria-label="Public tenants" />
      </Group>
    </Paper>
  );
}

/** IDE Setup: tool cards, model catalogue and config generation for a tenant (frontend.md §12). */
export function IdeSetupPage() {
  const { user } = useAuth();
  const tenants = useApi(() => ideConfigApi.tenants(), []);
  const [id, setId] = useState<string | null>(null);
  useEffect(() => {
    if (!id && tenants.data?.length) setId((tenants.data.find((t) => t.isDefault) ?? tenants.data[0])._id);
  }, [tenants.data, id]);
  const tenant = tenants.data?.find((t) => t._id === id);
  const catalogue = useApi(() => ideConfigApi.models(id ?? undefined), [id], Boolean(id));
  return (
    <>
      <PageHeader title="IDE Setup" subtitle="Connect your editor or SDK to Model Prism">
        <Select aria-label="Tenant" data={(tenants.data ?? []).map((t) => ({ value: t._id, label: t.name }))} value={id} onChange={setId} allowDeselect={false} />
      </PageHeader>
      <Stack>
        {user?.role === 'admin' && <PublicSettings />}
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }}>
          {TOOLS.map((t) => (
            <Card key={t.id} withBorder padding="sm">
              <Text fw={600}>{t.label}</Text>
              <Text size="xs" c="dimmed">{t.description}</Text>
              <Text size="xs" ff="monospace" mt={4}>{t.location}</Text>
            </Card>
          ))}
        </SimpleGrid>
        <DataState loading={tenants.loading || catalogue.loading} error={tenants.error ?? catalogue.error} onRetry={catalogue.reload} empty={!tenant}>
          {tenant && (
            <SimpleGrid cols={{ base: 1, lg: 2 }}>
              <Paper withBorder p="sm">
                <Text fw={600} mb="xs">Models</Text>
                <Stack gap={4}>
                  {(catalogue.data?.models ?? []).map((m) => (
                    <Group key={m.id} gap={4} wrap="nowrap">
                      <TierBadge tier={m.tier} size="xs" />
                      <Text size="sm" ff="monospace">{m.id}</Text>
                      {m.locked && <Badge size="xs" color="green">auto-routing</Badge>}
                      {m.cost && <Badge size="xs" variant="outline">{m.cost}</Badge>}
                      {m.warning && <Text size="xs" c="orange">{m.warning}</Text>}
                    </Group>
                  ))}
                </Stack>
                {Object.entries(catalogue.data?.recommendations ?? {}).map(([k, r]) => (
                  <Alert key={k} mt="xs" color="blue" title={REC_LABELS[k] ?? k}>{r.description}: {r.models.join(', ') || '—'}</Alert>
                ))}
              </Paper>
              <Paper withBorder p="sm">
                <GenerateConfigPanel tenant={{ _id: tenant._id, slug: tenant.slug, name: tenant.name, isDefault: tenant.isDefault }} />
              </Paper>
            </SimpleGrid>
          )}
        </DataState>
      </Stack>
    </>
  );
}
