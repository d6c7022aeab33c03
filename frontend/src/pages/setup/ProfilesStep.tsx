import { Alert, Badge, Button, Card, Checkbox, Group, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { categoriesApi, type PresetResult } from '../../api/categories';
import { errorMessage } from '../../api/client';
import { DataState } from '../../components/DataState';
import { useApi } from '../../hooks/useApi';

/** Step 3: pick preset profiles that assign default models to categories. */
export function ProfilesStep({ providerId, onDone }: { providerId?: string; onDone: () => void }) {
  const presets = useApi(() => categoriesApi.presets(), []);
  const [selected, setSelected] = useState<string[]>([]);
  const [result, setResult] = useState<PresetResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const apply = async () => {
    if (!selected.length) {
      onDone();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      setResult(await categoriesApi.applyPreset(selected, providerId));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  if (result)
    return (
      <Stack>
        <Alert color="green" title="Profiles applied">
          {result.updated} categories got a default model, {result.skipped} skipped.
        </Alert>
        {result.assignments.length > 0 && (
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Category</Table.Th>
                <Table.Th>Tier</Table.Th>
                <Table.Th>Model</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {result.assignments.slice(0, 12).map((a) => (
                <Table.Tr key={a.category}>
                  <Table.Td>{a.category}</Table.Td>
                  <Table.Td>{a.tier}</Table.Td>
                  <Table.Td>{a.model}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        <Group justify="flex-end">
          <Button onClick={onDone}>Finish Setup</Button>
        </Group>
      </Stack>
    );

  return (
    <Stack>
      <Text size="sm" c="dimmed">
        Profiles bundle routing categories for typical workloads. Applying one picks the best discovered model of each
        category’s tier as its default. Nothing existing is overwritten.
      </Text>
      <DataState loading={presets.loading} error={presets.error} onRetry={presets.reload} empty={!presets.data?.length}>
        <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }}>
          {(presets.data ?? []).map((p) => {
            const on = selected.includes(p.id);
            return (
              <Card
                key={p.id}
                withBorder
                padding="sm"
                style={{ cursor: 'pointer', borderColor: on ? `var(--mantine-color-${p.color}-6)` : undefined }}
                onClick={() => setSelected(on ? selected.filter((s) => s !== p.id) : [...selected, p.id])}
              >
                <Group justify="space-between" mb={4} wrap="nowrap">
                  <Text fw={600}>{p.name}</Text>
                  <Checkbox checked={on} onChange={() => {}} aria-label={`Select ${p.name}`} tabIndex={-1} />
                </Group>
                <Text size="xs" c="dimmed" mb={6}>
                  {p.description}
                </Text>
                <Badge color={p.color} variant="light">
                  {p.categories.length ? `${p.categories.length} categories` : 'all categories'}
                </Badge>
              </Card>
            );
          })}
        </SimpleGrid>
      </DataState>
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
      <Group justify="space-between">
        <Button variant="subtle" onClick={onDone}>
          Skip
        </Button>
        <Button onClick={() => void apply()} loading={busy} disabled={!selected.length}>
          Apply & Finish
        </Button>
      </Group>
    </Stack>
  );
}
