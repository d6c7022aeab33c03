import { Button, Group, Loader, Paper, Progress, Table, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { promptAnalysesApi } from '../api/promptAnalyses';
import { DataState } from '../components/DataState';
import { PageHeader } from '../components/PageHeader';
import { notifyError } from '../hooks/useAction';
import { useApi } from '../hooks/useApi';

/** Prompt Analyses: LLM scoring of logged prompts with live progress (frontend.md §19). */
export function PromptAnalysesPage() {
  const preview = useApi(() => promptAnalysesApi.preview(), []);
  const results = useApi(() => promptAnalysesApi.results(1), []);
  const [progress, setProgress] = useState<{ running: boolean; done?: number; total?: number } | null>(null);
  useEffect(() => {
    if (!progress?.running) return;
    const t = setInterval(() => {
      void promptAnalysesApi.progress().then((p) => {
        setProgress(p);
        if (!p.running) void results.reload();
      });
    }, 2000);
    return () => clearInterval(t);
  }, [progress?.running, results]);
  const start = async (reset: boolean) => {
    try {
      await promptAnalysesApi.analyze(reset);
      setProgress({ running: true });
    } catch (err) {
      notifyError(err);
    }
  };
  const rows = results.data?.results ?? [];
  return (
    <>
      <PageHeader title="Prompt Analyses">
        <Button onClick={() => void start(false)} disabled={progress?.running}>Analyze</Button>
        <Button variant="default" onClick={() => void start(true)} disabled={progress?.running}>Re-analyze all (reset)</Button>
      </PageHeader>
      {preview.data && (
        <Paper withBorder p="sm" mb="sm">
          <Group gap="lg">{Object.entries(preview.data).map(([k, v]) => <Text key={k} size="sm">{k}: <b>{String(v)}</b></Text>)}</Group>
        </Paper>
      )}
      {progress?.running && (
        <Group mb="sm"><Loader size="xs" /><Progress value={progress.total ? ((progress.done ?? 0) / progress.total) * 100 : 0} w={300} /><Text size="sm">{progress.done ?? 0}/{progress.total ?? '?'}</Text></Group>
      )}
      <DataState loading={results.loading} error={results.error} onRetry={results.reload} empty={!rows.length} emptyText="No analyses yet.">
        <Table fz="sm" striped>
          <Table.Tbody>
            {rows.map((r, i) => (
              <Table.Tr key={i}><Table.Td maw={500}><Text size="sm" lineClamp={2}>{String(r.promptExcerpt ?? r.prompt ?? '')}</Text></Table.Td><Table.Td>{String(r.overallScore ?? r.score ?? '')}</Table.Td><Table.Td>{String(r.model ?? '')}</Table.Td><Table.Td>{String(r.category ?? '')}</Table.Td></Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </DataState>
    </>
  );
}
