import { Text } from '@mantine/core';
import { modals } from '@mantine/modals';
import type { ReactNode } from 'react';

/** Asks the user to confirm a destructive action; resolves to true when confirmed. */
export function confirmAction(opts: { title: string; message: ReactNode; confirmLabel?: string; danger?: boolean }): Promise<boolean> {
  return new Promise((resolve) => {
    modals.openConfirmModal({
      title: opts.title,
      children: typeof opts.message === 'string' ? <Text size="sm">{opts.message}</Text> : opts.message,
      labels: { confirm: opts.confirmLabel ?? 'Delete', cancel: 'Cancel' },
      confirmProps: { color: opts.danger === false ? undefined : 'red' },
      onConfirm: () => resolve(true),
      onCancel: () => resolve(false),
      onClose: () => resolve(false),
    });
  });
}
