import { ActionIcon, Alert, Button, FileButton, Group, Modal, Select, Stack, Table, Text, TextInput, Textarea } from '@mantine/core';
import IconPencil from '@tabler/icons-react/icons/IconPencil';
import IconTrash from '@tabler/icons-react/icons/IconTrash';
import { useState } from 'react';
import { errorMessage } from '../../../api/client';
import { routingApi, syntheticApi, type SyntheticSuite, type TestCase } from '../../../api/routing';
import { TIERS } from '../../../api/types';
import { Empty } from '../../../components/DataState';
import { ExpectedTiers } from '../RunDetail';
import { caseFromForm } from './logic';

type Form = { prompt: string; systemPrompt: string; expectedCategory: string | null; expectedTierMin: string | null; expectedTierMax: string | null; tags: string };
const blank: Form = { prompt: '', systemPrompt: '', expectedCategory: null, expectedTierMin: null, expectedTierMax: null, tags: '' };
const toForm = (c: TestCase): Form => ({
  prompt: c.prompt, systemPrompt: c.systemPrompt ?? '', expectedCategory: c.expectedCategory ?? null,
  expectedTierMin: c.expectedTierMin ?? null, expectedTierMax: c.expectedTierMax ?? null, tags: (c.tags ?? []).join(', '),
});

/** The suite's test cases: table, hand-written add/edit/delete, routing-eval JSONL import and export. */
export function CasesPanel({ suite, categories, readOnly, locked, onChanged }: {
  suite: SyntheticSuite;
  categories: string[];
  readOnly: boolean;
  locked: boolean;
  onChanged: () => Promise<void>;
}) {
  const [editing, setEditing] = useState<{ index: number | null; form: Form } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const cases = suite.testCases ?? [];
  const tiers = TIERS.map((t) => t);

  const act = async (fn: () => Promise<unknown>) => {
    setError(null);
    try {
      await fn();
      await onChanged();
      return true;
    } catch (err) {
      setError(errorMessage(err));
      return false;
    }
  };
  const replaceCases = (next: TestCase[]) => routingApi.updateSuite(suite._id, { name: suite.name, description: suite.description, category: suite.category, testCases: next });
  const save = async () => {
    if (!editing) return;
    const c = caseFromForm(editing.form);
    const ok = await act(() =>
      editing.index === null
        ? syntheticApi.addCases(suite._id, { testCases: [c] })
        : replaceCases(cases.map((old, i) => (i === editing.index ? { ...old, ...c } : old))),
    );
    if (ok) setEditing(null);
  };
  const exportJsonl = () =>
    act(async () => {
      const res = await syntheticApi.exportJsonl(suite._id);
      const name = /filename="([^"]+)"/.exec(res.headers.get('Content-Disposition') ?? '')?.[1] ?? 'suite.routing-eval.jsonl';
      const url = URL.createObjectURL(await res.blob());
      const a = document.createElement('a');
      a.href = url;
      a.download = name;
      a.click();
      URL.revokeObjectURL(url);
    });
  const importJsonl = (file: File | null) => file && void act(async () => syntheticApi.addCases(suite._id, { jsonl: await file.text() }));
  const f = editing?.form;
  const setF = (patch: Partial<Form>) => setEditing((e) => (e ? { ...e, form: { ...e.form, ...patch } } : e));

  return (
    <Stack gap="xs">
      <Group justify="space-between">
        <Text fw={600}>Test cases ({cases.length})</Text>
        <Group gap="xs">
          {!readOnly && <Button size="xs" variant="light" disabled={locked} onClick={() => setEditing({ index: null, form: blank })}>Add case</Button>}
          {!readOnly && (
            <FileButton onChange={importJsonl} accept=".jsonl,.json,application/x-ndjson">
              {(props) => <Button size="xs" variant="default" disabled={locked} {...props}>Import JSONL</Button>}
            </FileButton>
          )}
          <Button size="xs" variant="default" disabled={!cases.length} onClick={() => void exportJsonl()}>Export JSONL</Button>
        </Group>
      </Group>
      {error && <Alert color="red" role="alert">{error}</Alert>}
      {cases.length ? (
        <Table.ScrollContainer minWidth={700} mah={280}>
          <Table striped fz="sm" data-testid="case-table">
            <Table.Thead>
              <Table.Tr><Table.Th>Prompt</Table.Th><Table.Th>Expected category</Table.Th><Table.Th>Expected tier</Table.Th><Table.Th>Tags</Table.Th><Table.Th /></Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {cases.map((c, i) => (
                <Table.Tr key={c._id ?? i}>
                  <Table.Td maw={380}><Text size="sm" lineClamp={2}>{c.prompt}</Text></Table.Td>
                  <Table.Td>{c.expectedCategory ?? '—'}</Table.Td>
                  <Table.Td miw={110}><ExpectedTiers min={c.expectedTierMin} max={c.expectedTierMax} /></Table.Td>
                  <Table.Td>{(c.tags ?? []).join(', ')}</Table.Td>
                  <Table.Td>
                    {!readOnly && (
                      <Group gap={2} wrap="nowrap">
                        <ActionIcon size="sm" variant="subtle" aria-label={`Edit case ${i + 1}`} disabled={locked} onClick={() => setEditing({ index: i, form: toForm(c) })}><IconPencil size={14} /></ActionIcon>
                        <ActionIcon size="sm" variant="subtle" color="red" aria-label={`Delete case ${i + 1}`} disabled={locked} onClick={() => void act(() => replaceCases(cases.filter((_, j) => j !== i)))}><IconTrash size={14} /></ActionIcon>
                      </Group>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : (
        <Empty>No test cases — generate some with AI, add them by hand or import routing-eval JSONL.</Empty>
      )}
      <Modal opened={editing !== null} onClose={() => setEditing(null)} title={editing?.index === null ? 'Add test case' : 'Edit test case'} size="lg">
        {f && (
          <Stack gap="xs">
            <Textarea label="Prompt" required autosize minRows={3} value={f.prompt} onChange={(e) => setF({ prompt: e.currentTarget.value })} />
            <Textarea label="System prompt" autosize minRows={1} value={f.systemPrompt} onChange={(e) => setF({ systemPrompt: e.currentTarget.value })} />
            <Select label="Expected category" data={categories} value={f.expectedCategory} onChange={(v) => setF({ expectedCategory: v })} searchable clearable />
            <Group grow>
              <Select label="Expected tier min" data={tiers} value={f.expectedTierMin} onChange={(v) => setF({ expectedTierMin: v })} clearable />
              <Select label="Expected tier max" data={tiers} value={f.expectedTierMax} onChange={(v) => setF({ expectedTierMax: v })} clearable />
            </Group>
            <TextInput label="Tags" description="Comma-separated" value={f.tags} onChange={(e) => setF({ tags: e.currentTarget.value })} />
            <Group justify="flex-end"><Button disabled={!f.prompt.trim()} onClick={() => void save()}>Save case</Button></Group>
          </Stack>
        )}
      </Modal>
    </Stack>
  );
}
