import { Paper, Select, SimpleGrid, Text, TextInput } from '@mantine/core';
import { useMemo, useState } from 'react';
import { dashboardApi } from '../../api/dashboard';
import { DataState } from '../../components/DataState';
import { PageHeader } from '../../components/PageHeader';
import { PollBar } from '../../components/PollBar';
import { useApi } from '../../hooks/useApi';
import { compact, pct, usd } from '../../lib/format';
import { CategoryPanel, ConfigChangesPanel, CostTokenChart, ModelTable, ModelUsageChart, TierMixChart } from './panels';
import { RANGES, rangeLabel, rangeQuery } from './range';

function Kpi({ title, value, subtitle }: { title: string; value: string; subtitle: string }) {
  return (
    <Paper withBorder p="sm" radius="md">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>{title}</Text>
      <Text size="xl" fw={700}>{value}</Text>
      <Text size="xs" c="dimmed">{subtitle}</Text>
    </Paper>
  );
}

/** Dashboard: KPIs and charts for one tenant or all (analytics.md §5). */
export function DashboardPage() {
  const [tenantId, setTenantId] = useState<string | null>(null);
  const [range, setRange] = useState('d30');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const q = useMemo(() => rangeQuery(range, tenantId, from, to), [range, tenantId, from, to]);
  const key = JSON.stringify(q);
  const tenants = useApi(() => dashboardApi.tenantsList(), []);
  const summary = useApi(() => dashboardApi.summary(q), [key]);
  const models = useApi(() => dashboardApi.models(q), [key]);
  const daily = useApi(() => dashboardApi.daily(q), [key]);
  const categories = useApi(() => dashboardApi.categories(q), [key]);
  const reload = () => {
    void summary.reload();
    void models.reload();
    void daily.reload();
    void categories.reload();
  };
  const s = summary.data?.summary;
  const label = rangeLabel(range);

  return (
    <>
      <PageHeader title="Dashboard" subtitle="Spend, savings and routing across your tenants">
        <Select aria-label="Tenant" data={[{ value: '', label: 'All tenants' }, ...(tenants.data ?? []).map((t) => ({ value: t._id, label: t.name }))]} value={tenantId ?? ''} onChange={(v) => setTenantId(v || null)} w={180} allowDeselect={false} />
        <Select aria-label="Time range" data={RANGES} value={range} onChange={(v) => setRange(v ?? 'd30')} w={130} allowDeselect={false} />
        {range === 'custom' && (
          <>
            <TextInput aria-label="From" type="datetime-local" value={from} onChange={(e) => setFrom(e.currentTarget.value)} />
            <TextInput aria-label="To" type="datetime-local" value={to} onChange={(e) => setTo(e.currentTarget.value)} />
          </>
        )}
        <PollBar onRefresh={reload} loading={summary.loading} />
      </PageHeader>
      <DataState loading={summary.loading} error={summary.error} onRetry={summary.reload} empty={!s}>
        {s && (
          <SimpleGrid cols={{ base: 1, sm: 3 }} mb="md" data-tour="kpis" data-testid="kpis">
            <Kpi title="Total Cost" value={usd(s.totalActualCost)} subtitle={label} />
            <Kpi title="Savings vs Baseline" value={usd(s.totalSaved)} subtitle={`${s.totalBaselineCost ? pct(s.totalSaved / s.totalBaselineCost) : '0%'} saved`} />
            <Kpi title="Classifier Cost" value={usd(s.totalRoutingCost)} subtitle={`${s.autoRoutedCount} classified requests`} />
            <Kpi title="Input Tokens" value={compact(s.totalInputTokens)} subtitle="Prompt / context tokens" />
            <Kpi title="Output Tokens" value={compact(s.totalOutputTokens)} subtitle="Generated tokens" />
            <Kpi title="Requests" value={compact(s.totalRequests)} subtitle={`${s.totalRequests ? pct(s.autoRoutedCount / s.totalRequests) : '0%'} auto-routed (${s.autoRoutedCount})`} />
            <Kpi title="Unique Users" value={summary.data?.uniqueUsers == null ? '—' : String(summary.data.uniqueUsers)} subtitle={summary.data?.uniqueUsers == null ? 'Enable IP tracking in Settings' : 'Distinct anonymised IPs'} />
            <Kpi title="Error Rate" value={s.totalRequests ? pct(s.errorCount / s.totalRequests, 1) : '0%'} subtitle={`${s.errorCount} errors / ${s.totalRequests} req`} />
            <Kpi title="Avg Latency" value={`${((s.avgDurationMs ?? 0) / 1000).toFixed(2)} s`} subtitle="Upstream duration" />
          </SimpleGrid>
        )}
      </DataState>
      <SimpleGrid cols={{ base: 1, lg: 2 }} mb="md">
        <CostTokenChart state={daily} />
        <ModelUsageChart state={models} />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, lg: 2 }} mb="md">
        <ModelTable state={models} />
        <TierMixChart state={categories} />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <CategoryPanel state={categories} />
        <ConfigChangesPanel query={q} />
      </SimpleGrid>
    </>
  );
}
