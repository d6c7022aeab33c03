import { ActionIcon, Group, Progress, Select, Tooltip } from '@mantine/core';
import IconRefresh from '@tabler/icons-react/icons/IconRefresh';
import { useState } from 'react';
import { POLL_INTERVALS, usePoll } from '../hooks/usePoll';

const LABELS: Record<number, string> = { 15: '15 s', 30: '30 s', 60: '60 s', 120: '2 m', 300: '5 m' };

/** Auto-refresh control: interval select, countdown and manual refresh (frontend.md §0). */
export function PollBar({ onRefresh, loading }: { onRefresh: () => void; loading?: boolean }) {
  const [interval, setInterval] = useState(60);
  const left = usePoll(interval, onRefresh);
  return (
    <Group gap="xs" wrap="nowrap">
      <Select
        aria-label="Auto-refresh interval"
        size="xs"
        w={90}
        value={String(interval)}
        data={POLL_INTERVALS.map((s) => ({ value: String(s), label: LABELS[s] }))}
        onChange={(v) => setInterval(Number(v ?? 60))}
        allowDeselect={false}
      />
      <Progress value={(left / interval) * 100} w={60} size="sm" aria-label="Time until refresh" />
      <Tooltip label="Refresh now">
        <ActionIcon variant="light" onClick={onRefresh} loading={loading} aria-label="Refresh now">
          <IconRefresh size={16} />
        </ActionIcon>
      </Tooltip>
    </Group>
  );
}
