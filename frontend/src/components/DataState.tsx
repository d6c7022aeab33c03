import { Alert, Button, Center, Group, Loader, Stack, Text } from '@mantine/core';
import IconAlertTriangle from '@tabler/icons-react/icons/IconAlertTriangle';
import IconInbox from '@tabler/icons-react/icons/IconInbox';
import type { ReactNode } from 'react';

/** Shows a readable error with an optional retry button. */
export function ErrorAlert({ error, onRetry, title = 'Could not load data' }: { error: string; onRetry?: () => void; title?: string }) {
  return (
    <Alert color="red" icon={<IconAlertTriangle size={18} />} title={title} role="alert">
      <Group justify="space-between" wrap="nowrap">
        <Text size="sm">{error}</Text>
        {onRetry && (
          <Button size="xs" variant="light" color="red" onClick={onRetry}>
            Retry
          </Button>
        )}
      </Group>
    </Alert>
  );
}

/** Shows an empty-state hint. */
export function Empty({ children }: { children: ReactNode }) {
  return (
    <Center py="xl">
      <Stack align="center" gap={4}>
        <IconInbox size={32} opacity={0.5} />
        <Text c="dimmed" size="sm" ta="center">
          {children}
        </Text>
      </Stack>
    </Center>
  );
}

/** Renders loading, error and empty states around data-dependent content. */
export function DataState({
  loading,
  error,
  empty,
  emptyText = 'Nothing here yet.',
  onRetry,
  children,
}: {
  loading: boolean;
  error: string | null;
  empty?: boolean;
  emptyText?: ReactNode;
  onRetry?: () => void;
  children: ReactNode;
}) {
  if (error) return <ErrorAlert error={error} onRetry={onRetry} />;
  if (loading && empty !== false)
    return (
      <Center py="xl" aria-busy="true">
        <Loader size="sm" />
      </Center>
    );
  if (empty) return <Empty>{emptyText}</Empty>;
  return <>{children}</>;
}
