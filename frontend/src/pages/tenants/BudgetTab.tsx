import { Group, MultiSelect, NumberInput, Select, Stack, Switch, Title } from '@mantine/core';
import { TIERS, type Tenant } from '../../api/types';

/** Daily/weekly/monthly budgets and the budget guard. Used by the tenant editor and My Tenant. */
export function BudgetFields({ t, set }: { t: Pick<Tenant, 'budgetLimits' | 'budgetGuard'>; set: (patch: Partial<Tenant>) => void }) {
  const b = t.budgetLimits;
  const g = t.budgetGuard;
  return (
    <Stack gap="sm">
      <Group grow>
        <NumberInput label="Daily limit (USD)" description="0 = unlimited" prefix="$" min={0} decimalScale={2} value={b.dailyUsd} onChange={(v) => set({ budgetLimits: { ...b, dailyUsd: Number(v) || 0 } })} />
        <NumberInput label="Weekly limit (USD)" prefix="$" min={0} decimalScale={2} value={b.weeklyUsd} onChange={(v) => set({ budgetLimits: { ...b, weeklyUsd: Number(v) || 0 } })} />
        <NumberInput label="Monthly limit (USD)" prefix="$" min={0} decimalScale={2} value={b.monthlyUsd} onChange={(v) => set({ budgetLimits: { ...b, monthlyUsd: Number(v) || 0 } })} />
      </Group>
      <Title order={6}>Budget Guard</Title>
      <Switch label="Enable budget guard" checked={g.enabled} onChange={(e) => set({ budgetGuard: { ...g, enabled: e.currentTarget.checked } })} />
      <Group grow>
        <NumberInput label="Threshold %" min={1} max={100} value={g.thresholdPct} onChange={(v) => set({ budgetGuard: { ...g, thresholdPct: Number(v) || 80 } })} />
        <Select label="Auto-Route Cost Mode Override" data={[{ value: 'economy', label: 'Economy' }, { value: 'balanced', label: 'Balanced' }]} value={g.guardCostMode} onChange={(v) => set({ budgetGuard: { ...g, guardCostMode: (v ?? 'economy') as 'economy' } })} allowDeselect={false} />
      </Group>
      <MultiSelect label="Block Tiers at Threshold" data={[...TIERS]} value={g.blockTiers} onChange={(v) => set({ budgetGuard: { ...g, blockTiers: v as Tenant['budgetGuard']['blockTiers'] } })} />
    </Stack>
  );
}

/** Budget tab of the tenant editor. */
export function BudgetTab({ t, set }: { t: Tenant; set: (patch: Partial<Tenant>) => void }) {
  return <BudgetFields t={t} set={set} />;
}
