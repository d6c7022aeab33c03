import { Modal } from '@mantine/core';
import type { Tenant } from '../api/types';
import { GenerateConfigPanel } from './GenerateConfigPanel';

/** "Generate Config — <tenant>" modal (frontend.md §12). */
export function GenerateConfigModal({ tenant, apiKey, onClose }: { tenant: Tenant | null; apiKey?: string; onClose: () => void }) {
  return (
    <Modal opened={tenant !== null} onClose={onClose} title={`Generate Config — ${tenant?.name ?? ''}`} size="xl">
      {tenant && <GenerateConfigPanel tenant={tenant} initialKey={apiKey} />}
    </Modal>
  );
}
