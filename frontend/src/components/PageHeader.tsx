import { Group, Title, Text } from '@mantine/core';
import type { ReactNode } from 'react';

/** Page title with an optional subtitle and right-aligned actions. */
export function PageHeader({ title, subtitle, children }: { title: ReactNode; subtitle?: ReactNode; children?: ReactNode }) {
  return (
    <Group justify="space-between" mb="md" align="flex-start">
      <div>
        <Title order={2}>{title}</Title>
        {subtitle && (
          <Text c="dimmed" size="sm">
            {subtitle}
          </Text>
        )}
      </div>
      {children && <Group gap="xs">{children}</Group>}
    </Group>
  );
}
