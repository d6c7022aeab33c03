import { Alert, Button, Group, Loader, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import IconCheck from '@tabler/icons-react/icons/IconCheck';
import { useEffect, useState } from 'react';
import { tenantsApi } from '../../api/tenants';
import { CopyField } from '../../components/CopyField';
import { tenantEndpoint } from '../../lib/baseUrl';

/** Step 4: success, the default tenant's endpoint and key (shown once), then into the app and the tour. */
export function CompleteStep({ onContinue }: { onContinue: () => void }) {
  const [key, setKey] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const endpoint = tenantEndpoint(window.location.origin, 'api', true);

  useEffect(() => {
    tenantsApi
      .list()
      .then((list) => {
        const def = list.find((t) => t.isDefault);
        return def ? tenantsApi.revealKey(def._id, 'legacy') : null;
      })
      .then((r) => setKey(r?.apiKey ?? null))
      .catch(() => setKey(null))
      .finally(() => setLoading(false));
  }, []);

  return (
    <Stack align="stretch">
      <Group>
        <ThemeIcon color="green" size="xl" radius="xl">
          <IconCheck />
        </ThemeIcon>
        <div>
          <Title order={3}>Model Prism is ready</Title>
          <Text c="dimmed" size="sm">
            Point any OpenAI-compatible client at the default endpoint with the key below.
          </Text>
        </div>
      </Group>
      <CopyField label="Default endpoint" value={endpoint} testId="default-endpoint" />
      {loading ? (
        <Loader size="sm" />
      ) : key ? (
        <>
          <CopyField label="Default tenant API key" value={key} testId="default-key" />
          <Alert color="yellow">Copy the key now — it is not shown again (admins can rotate or reveal it on the Tenants page).</Alert>
        </>
      ) : (
        <Text size="sm" c="dimmed">
          The default tenant key can be revealed or rotated on the Tenants page.
        </Text>
      )}
      <Group justify="flex-end">
        <Button onClick={onContinue}>Open Model Prism</Button>
      </Group>
    </Stack>
  );
}
