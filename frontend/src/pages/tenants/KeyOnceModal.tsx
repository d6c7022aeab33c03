import { Alert, Button, Group, Modal, Stack } from '@mantine/core';
import type { Tenant } from '../../api/types';
import { CopyField } from '../../components/CopyField';
import { tenantEndpoint } from '../../lib/baseUrl';

/** Shows a freshly created or rotated key exactly once, with copy buttons. */
export function KeyOnceModal({
  value,
  onClose,
  onGenerateConfig,
}: {
  value: { tenant: Tenant; apiKey: string } | null;
  onClose: () => void;
  onGenerateConfig?: (t: Tenant, key: string) => void;
}) {
  return (
    <Modal opened={value !== null} onClose={onClose} title="API key — shown once" size="lg">
      {value && (
        <Stack>
          <Alert color="yellow">Copy the key now. Only its prefix is stored for display; you can rotate it later.</Alert>
          <CopyField label="Endpoint" value={tenantEndpoint(window.location.origin, value.tenant.slug, value.tenant.isDefault)} testId="new-endpoint" />
          <CopyField label="API key" value={value.apiKey} testId="new-api-key" />
          <Group justify="flex-end">
            {onGenerateConfig && (
              <Button variant="light" onClick={() => onGenerateConfig(value.tenant, value.apiKey)}>
                Generate Config
              </Button>
            )}
            <Button onClick={onClose}>I have copied the key</Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
