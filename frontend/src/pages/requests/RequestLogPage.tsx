import { Badge, Button, Group, Pagination, Select, Switch, Text, TextInput, Tooltip, Paper } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMemo, useState } from 'react';
import { categoriesApi } from '../../api/categories';
import { dashboardApi, type RequestQuery } from '../../api/dashboard';
import { confirmAction } from '../../components/confirm';
import { DataState } from '../../components/DataState';
import { PageHeader } from '../../components/PageHeader';
import { PollBar } from '../../components/PollBar';
import { notifyError } from '../../hooks/useAction';
import { useApi } from '../../hooks/useApi';
import { useAuth } from '../../hooks/useAuth';
import { can } from '../../lib/roles';
import { LogSettings } from './LogSettings';
import { RequestTable } from './RequestTable';

export const PAGE_SIZE = 25;

const OVERRIDES = [
  'frustration_upgrade', 'conversation_turn_upgrade', 'classifier_fallback', 'context_tier_upgrade', 'session_context_upgrade',
  'tool_call_upgrade', 'domain_gate', 'vision_upgrade', 'confidence_fallback', 'output_length_upgrade', 'rule_tiermin', 'rule_tiermax',
  'cost_economy', 'cost_quality', 'budget_guard_economy', 'quota_economy', 'tier_boost', 'strictness_smart', 'strictness_fim_only',
  'tier_cap', 'force_route_opt_out', 'tier_unavailable_fallback',
];
const TIME = [
  { value: 'all', label: 'All time' },
  { value: '1', label: 'Last 1 h' },
  { value: '6', label: 'Last 6 h' },
  { value: '24', label: 'Last 24 h' },
  { value: '168', label: 'Last 7 d' },
  { value: 'custom', label: 'Custom' },
];

export interface LogFilters {
  tenantId: string | null;
  category: string | null;
  override: string | null;
  source: string | null;
  status: string | null;
  time: string;
  from: string;
  to: string;
  sessionId: string | null;
  hideAutocomplete: boolean;
}

/** Gives the `/dashboard/requests` query for the filters, page and errors-only mode. */
export function buildRequestQuery(f: LogFilters, page: number, failedOnly: boolean, now = Date.now()): RequestQuery {
  const q: RequestQuery = { page, limit: PAGE_SIZE };
  if (f.tenantId) q.tenantId = f.tenantId;
  if (f.category) q.category = f.category;
  if (f.override) q.override = f.override;
  if (f.source) q.toolAgent = f.source === 'auto' ? 'true' : 'false';
  if (f.sessionId) q.sessionId = f.sessionId;
  if (f.hideAutocomplete) q.excludeAutocomplete = 1;
  if (failedOnly || f.status === 'error') q.status = 'error';
  else if (f.status === 'success') q.status = 'success';
  else if (f.status === 'unknown') {
    q.status = 'error';
    q.errorCategory = 'unknown';
  }
  if (failedOnly) q.hideResolved = 1;
  if (f.time === 'custom') {
    if (f.from) q.from = new Date(f.from).toISOString();
    if (f.to) q.to = new Date(f.to).toISOString();
  } else if (f.time !== 'all') {
    q.from = new Date(now - Number(f.time) * 3600_000).toISOString();
  }
  return q;
}

/** Request Log / Failed Requests with filters, pagination and the routing debug panel (frontend.md §11). */
export function RequestLogPage({ failedOnly = false }: { failedOnly?: boolean }) {
  const { user } = useAuth();
  const global = user ? can.readConfig(user.role) || user.role === 'finops' : false;
  const [filters, setFilters] = useState<LogFilters>({ tenantId: null, category: null, override: null, source: null, status: null, time: 'all', from: '', to: '', sessionId: null, hideAutocomplete: false });
  const [page, setPage] = useState(1);
  const [groupByAgent, setGroupByAgent] = useState(false);
  const query = useMemo(() => buildRequestQuery(filters, page, failedOnly), [filters, page, failedOnly]);
  const log = useApi(() => dashboardApi.requests(query), [JSON.stringify(query)]);
  const tenants = useApi(() => dashboardApi.tenantsList(), []);
  const categories = useApi(() => categoriesApi.list(), [], global);
  const set = (patch: Partial<LogFilters>) => {
    setFilters((f) => ({ ...f, ...patch }));
    setPage(1);
  };
  const isAdmin = user?.role === 'admin';
  const mayWrite = user ? can.writeConfig(user.role) : false;

  const clearErrors = async () => {
    if (!(await confirmAction({ title: 'Mark all current errors as resolved?', message: 'They disappear from this list; the request log keeps them.', confirmLabel: 'Resolve all' }))) return;
    try {
      const r = await dashboardApi.resolveErrorsBefore();
      notifications.show({ color: 'green', message: `${r.resolved} errors resolved` });
      void log.reload();
    } catch (err) {
      notifyError(err);
    }
  };

  const redetect = async () => {
    const id = notifications.show({ loading: true, message: 'Re-detecting FIM and tool-agent requests (last 30 days)…', autoClose: false });
    try {
      const r = await dashboardApi.reclassifyFim(30);
      notifications.update({ id, loading: false, color: 'green', message: `${r.updated} of ${r.scanned} requests updated`, autoClose: 4000 });
      void log.reload();
    } catch (err) {
      notifications.hide(id);
      notifyError(err);
    }
  };

  const categoryOptions = (categories.data ?? []).map((c) => ({ value: c.key, label: c.key === 'coding_autocomplete' ? 'Autocomplete (FIM)' : c.key }));

  return (
    <>
      <PageHeader
        title={
          <Group gap="xs">
            {failedOnly ? 'Failed Requests' : 'Request Log'}
            {failedOnly && <Badge color="red">errors only</Badge>}
            <Badge variant="light" data-testid="request-total">{log.data?.total ?? 0}</Badge>
          </Group>
        }
      >
        {failedOnly && isAdmin && (
          <Button color="red" variant="light" onClick={() => void clearErrors()}>
            Clear all current errors
          </Button>
        )}
        <PollBar onRefresh={() => void log.reload()} loading={log.loading} />
      </PageHeader>
      <Paper withBorder p="xs" mb="sm">
        <Group gap="xs" align="flex-end">
          <Select label="Tenant" placeholder="All tenants" data={(tenants.data ?? []).map((t) => ({ value: t._id, label: t.name }))} value={filters.tenantId} onChange={(v) => set({ tenantId: v })} searchable clearable w={170} />
          <Select label="Category" placeholder="All" data={categoryOptions} value={filters.category} onChange={(v) => set({ category: v })} searchable clearable w={190} />
          <Select label="Override" placeholder="Any" data={OVERRIDES} value={filters.override} onChange={(v) => set({ override: v })} searchable clearable w={190} />
          <Select label="Source" placeholder="All" data={[{ value: 'human', label: 'Human' }, { value: 'auto', label: 'Autocomplete / Auto' }]} value={filters.source} onChange={(v) => set({ source: v })} clearable w={150} />
          {!failedOnly && <Select label="Status" placeholder="All" data={[{ value: 'success', label: 'OK' }, { value: 'error', label: 'Errors' }, { value: 'unknown', label: 'Unknown Errors' }]} value={filters.status} onChange={(v) => set({ status: v })} clearable w={140} />}
          <Select label="Time" data={TIME} value={filters.time} onChange={(v) => set({ time: v ?? 'all' })} allowDeselect={false} w={120} />
          {filters.time === 'custom' && (
            <>
              <TextInput label="From" type="datetime-local" value={filters.from} onChange={(e) => set({ from: e.currentTarget.value })} />
              <TextInput label="To" type="datetime-local" value={filters.to} onChange={(e) => set({ to: e.currentTarget.value })} />
            </>
          )}
        </Group>
        <Group gap="md" mt="xs">
          <Switch label="Group by agent" checked={groupByAgent} onChange={(e) => setGroupByAgent(e.currentTarget.checked)} />
          <Switch label="Hide autocomplete" checked={filters.hideAutocomplete} onChange={(e) => set({ hideAutocomplete: e.currentTarget.checked })} />
          {filters.sessionId && (
            <Badge variant="outline" rightSection={<span style={{ cursor: 'pointer' }} onClick={() => set({ sessionId: null })} aria-label="Clear session filter">×</span>}>
              session {filters.sessionId.slice(0, 8)}
            </Badge>
          )}
          {mayWrite && (
            <Tooltip label="Re-runs FIM and tool-agent detection on the last 30 days (needs prompt logging)">
              <Button size="xs" variant="subtle" onClick={() => void redetect()}>Re-detect FIM/tool-agent</Button>
            </Tooltip>
          )}
        </Group>
      </Paper>
      <DataState loading={log.loading} error={log.error} onRetry={log.reload} empty={!log.data?.requests.length} emptyText={failedOnly ? 'No unresolved errors.' : 'No requests match — send a request through the gateway to see it here.'}>
        <RequestTable rows={log.data?.requests ?? []} groupByAgent={groupByAgent} onSession={(s) => set({ sessionId: s })} canResolve={mayWrite && failedOnly} onChanged={() => void log.reload()} />
        <Group justify="space-between" mt="sm">
          <Text size="xs" c="dimmed">{log.data?.total ?? 0} requests</Text>
          <Pagination total={log.data?.pages ?? 1} value={page} onChange={setPage} size="sm" />
        </Group>
      </DataState>
      {isAdmin && <LogSettings />}
    </>
  );
}
