import { ActionIcon, Badge, Button, Group, NumberInput, Progress, Select, Stack, Switch, Table, Text, Title } from '@mantine/core';
import IconTrash from '@tabler/icons-react/icons/IconTrash';
import { useState } from 'react';
import { quotasApi, type Quota } from '../../api/quotas';
import { confirmAction } from '../../components/confirm';
import { notifyError } from '../../hooks/useAction';
import { useApi } from '../../hooks/useApi';
import type { TabProps } from './TenantEditor';

const QUOTA_TYPES: { value: Quota['quotaType']; label: string; period: Quota['period'] }[] = [
  { value: 'tokens_monthly', label: 'Tokens / month', period: 'monthly' },
  { value: 'requests_daily', label: 'Requests / day', period: 'daily' },
  { value: 'requests_monthly', label: 'Requests / month', period: 'monthly' },
  { value: 'cost_monthly', label: 'Cost / month ($)', period: 'monthly' },
];
const ENFORCEMENTS = [
  { value: 'hard_block', label: 'Hard block' },
  { value: 'soft_warning', label: 'Soft warning' },
  { value: 'auto_economy', label: 'Auto economy' },
];

/** Rate limits and usage quotas. */
export function LimitsTab({ t, set, isNew }: TabProps) {
  const quotas = useApi(() => quotasApi.forTenant(t._id), [t._id], !isNew);
  const list = quotas.data?.quotas ?? [];
  const unused = QUOTA_TYPES.filter((q) => !list.some((x) => x.quotaType === q.value));
  const [type, setType] = useState<string | null>(null);
  const [limit, setLimit] = useState<number>(0);
  const [enforcement, setEnforcement] = useState<string>('hard_block');

  const act = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
      void quotas.reload();
    } catch (err) {
      notifyError(err);
    }
  };

  return (
    <Stack gap="sm">
      <Group grow>
        <NumberInput label="Requests / minute" description="0 = unlimited" min={0} value={t.rateLimit.requestsPerMinute} onChange={(v) => set({ rateLimit: { ...t.rateLimit, requestsPerMinute: Number(v) || 0 } })} />
        <NumberInput label="Tokens / minute" description="0 = unlimited" min={0} value={t.rateLimit.tokensPerMinute} onChange={(v) => set({ rateLimit: { ...t.rateLimit, tokensPerMinute: Number(v) || 0 } })} />
      </Group>
      <Title order={6}>Usage Quotas</Title>
      {isNew ? (
        <Text size="sm" c="dimmed">Quotas can be added after the tenant is created.</Text>
      ) : (
        <>
          {list.length === 0 ? (
            <Text size="sm" c="dimmed">No quotas.</Text>
          ) : (
            <Table>
              <Table.Tbody>
                {list.map((q) => {
                  const pct = q.limit > 0 ? Math.round((q.currentUsage / q.limit) * 100) : 0;
                  return (
                    <Table.Tr key={q._id}>
                      <Table.Td>{QUOTA_TYPES.find((x) => x.value === q.quotaType)?.label ?? q.quotaType}</Table.Td>
                      <Table.Td w={200}>
                        <Text size="xs">
                          {q.quotaType === 'cost_monthly' ? `$${q.currentUsage.toFixed(2)} / $${q.limit}` : `${q.currentUsage} / ${q.limit}`}
                        </Text>
                        <Progress value={Math.min(100, pct)} color={pct >= 100 ? 'red' : pct >= 80 ? 'yellow' : 'teal'} size="sm" />
                      </Table.Td>
                      <Table.Td>
                        <Badge variant="light">{q.enforcement}</Badge>
                      </Table.Td>
                      <Table.Td>
                        <Switch aria-label="Quota enabled" checked={q.enabled} onChange={(e) => void act(() => quotasApi.patch(q._id, { enabled: e.currentTarget.checked }))} />
                      </Table.Td>
                      <Table.Td>
                        <ActionIcon variant="subtle" color="red" aria-label="Delete quota" onClick={() => void confirmAction({ title: 'Delete quota?', message: 'The usage counter is lost.' }).then((ok) => { if (ok) void act(() => quotasApi.remove(q._id)); })}>
                          <IconTrash size={16} />
                        </ActionIcon>
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          )}
          {unused.length > 0 && (
            <Group align="flex-end">
              <Select label="Quota type" data={unused} value={type} onChange={setType} w={180} />
              <NumberInput label={type === 'cost_monthly' ? 'Limit ($)' : 'Limit'} prefix={type === 'cost_monthly' ? '$' : undefined} min={0} value={limit} onChange={(v) => setLimit(Number(v) || 0)} w={140} />
              <Select label="Enforcement" data={ENFORCEMENTS} value={enforcement} onChange={(v) => setEnforcement(v ?? 'hard_block')} w={160} allowDeselect={false} />
              <Button
                disabled={!type || limit <= 0}
                onClick={() =>
                  void act(() =>
                    quotasApi.create({
                      tenantId: t._id,
                      quotaType: type as Quota['quotaType'],
                      limit,
                      enforcement: enforcement as Quota['enforcement'],
                      period: QUOTA_TYPES.find((q) => q.value === type)!.period,
                    }),
                  ).then(() => setType(null))
                }
              >
                Add Quota
              </Button>
            </Group>
          )}
        </>
      )}
    </Stack>
  );
}
