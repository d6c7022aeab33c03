import { Alert, Badge, Button, Group, MultiSelect, NumberInput, Paper, Progress, Select, Stack, TagsInput, Text } from '@mantine/core';
import { useState } from 'react';
import { errorMessage } from '../../../api/client';
import { syntheticApi, type SyntheticSuite } from '../../../api/routing';
import { isActive, generationSize, MAX_CASES_PER_JOB, modelRef, progressPercent, statusColor } from './logic';

export interface Option {
  value: string;
  label: string;
}

/** Generate test cases in the background: categories (or all), count per category, languages, generator model. */
export function GeneratePanel({ suite, tenantId, categories, modelOptions, readOnly, onChanged }: {
  suite: SyntheticSuite;
  tenantId: string | null;
  categories: string[];
  modelOptions: Option[];
  readOnly: boolean;
  onChanged: (s: SyntheticSuite) => void;
}) {
  const [picked, setPicked] = useState<string[]>([]);
  const [count, setCount] = useState(3);
  const [languages, setLanguages] = useState<string[]>(['en']);
  const [model, setModel] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const job = suite.generation;
  const running = isActive(job?.status);
  const size = generationSize(picked.length, categories.length, count);

  const act = async (fn: () => Promise<SyntheticSuite>) => {
    setBusy(true);
    setError(null);
    try {
      onChanged(await fn());
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  const start = () =>
    act(() => syntheticApi.generate(suite._id, { tenantId, categories: picked, countPerCategory: count, languages, ...modelRef(model) }));

  return (
    <Paper withBorder p="sm">
      <Stack gap="xs">
        <Group align="flex-end">
          <MultiSelect label="Categories" placeholder={picked.length ? undefined : 'All categories'} data={categories} value={picked} onChange={setPicked} searchable clearable w={260} disabled={readOnly} />
          <NumberInput label="Per category" min={1} max={30} value={count} onChange={(v) => setCount(Math.max(1, Math.min(30, Number(v) || 1)))} w={110} disabled={readOnly} />
          <TagsInput label="Languages" value={languages} onChange={(v) => setLanguages(v.length ? v : ['en'])} data={['en', 'de', 'fr', 'es', 'it', 'pt', 'nl', 'ja', 'zh']} w={200} disabled={readOnly} />
          <Select label="Generator model" placeholder="Tenant classifier" data={modelOptions} value={model} onChange={setModel} searchable clearable w={260} disabled={readOnly} />
          <Button onClick={() => void start()} disabled={readOnly || running || busy || size > MAX_CASES_PER_JOB} loading={busy && !running}>
            Generate {size} cases
          </Button>
        </Group>
        {size > MAX_CASES_PER_JOB && <Text size="xs" c="red">At most {MAX_CASES_PER_JOB} cases per generation: pick fewer categories or a smaller count.</Text>}
        {error && <Alert color="red" role="alert">{error}</Alert>}
        {job && (
          <Stack gap={4} data-testid="generation-progress">
            <Group gap="xs">
              <Badge color={statusColor(job.status)}>{job.status}</Badge>
              <Text size="sm">
                {job.done}/{job.total} categories · {job.generated} cases added{job.rejected ? ` · ${job.rejected} rejected` : ''}
                {job.current ? ` · writing ${job.current}` : ''}
              </Text>
              {job.model && <Text size="xs" c="dimmed">{job.provider} / {job.model}</Text>}
              {running && !readOnly && (
                <Button size="xs" variant="light" color="red" disabled={job.status === 'cancelling'} onClick={() => void act(() => syntheticApi.cancelGeneration(suite._id))}>
                  Cancel
                </Button>
              )}
            </Group>
            <Progress value={progressPercent(job)} animated={running} />
            {job.error && <Text size="xs" c="red">{job.error}</Text>}
            {job.failures.map((f) => (
              <Text key={f.category} size="xs" c="red">{f.category}: {f.error}</Text>
            ))}
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}
