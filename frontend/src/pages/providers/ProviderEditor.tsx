import { Alert, Button, Group, Modal, Stack } from '@mantine/core';
import { useEffect, useState } from 'react';
import { errorMessage } from '../../api/client';
import { providersApi } from '../../api/providers';
import type { Provider } from '../../api/types';
import { ProviderFields } from './ProviderFields';
import { emptyProviderForm, formFromProvider, providerBody, validateProvider, type ProviderFormState } from './providerForm';

/** Add/Edit provider modal. */
export function ProviderEditor({
  provider,
  onClose,
  onSaved,
}: {
  provider: Provider | 'new' | null;
  onClose: () => void;
  onSaved: (p: Provider, isNew: boolean, urlChanged: boolean) => void;
}) {
  const [form, setForm] = useState<ProviderFormState>(emptyProviderForm());
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const isNew = provider === 'new';

  useEffect(() => {
    setError(null);
    if (provider && provider !== 'new') setForm(formFromProvider(provider));
    else setForm(emptyProviderForm());
  }, [provider]);

  const save = async () => {
    const invalid = validateProvider(form);
    if (invalid) {
      setError(invalid);
      return;
    }
    setBusy(true);
    try {
      const body = providerBody(form);
      const saved = isNew ? await providersApi.create(body) : await providersApi.update((provider as Provider)._id, body);
      const oldUrl = isNew ? '' : (provider as Provider).config.baseUrl ?? '';
      onSaved(saved, isNew, oldUrl !== body.config.baseUrl);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened={provider !== null} onClose={onClose} title={isNew ? 'Add Provider' : 'Edit Provider'} size="lg">
      <Stack>
        <ProviderFields
          value={form}
          onChange={setForm}
          hasStoredCredentials={!isNew && Boolean((provider as Provider | null)?.config.auth?.hasCredentials || (provider as Provider | null)?.config.auth?.apiKey)}
        />
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={() => void save()} loading={busy}>
            Save
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
