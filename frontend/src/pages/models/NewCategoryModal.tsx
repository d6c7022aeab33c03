import { Alert, Button, Group, Modal, Select, Stack, TextInput, Textarea } from '@mantine/core';
import { useState } from 'react';
import { categoriesApi } from '../../api/categories';
import { errorMessage } from '../../api/client';
import { TIERS } from '../../api/types';

/** Creates a custom routing category (name, key, description, cost tier). */
export function NewCategoryModal({ opened, onClose, onCreated }: { opened: boolean; onClose: () => void; onCreated: (key: string) => void }) {
  const [name, setName] = useState('');
  const [key, setKey] = useState('');
  const [description, setDescription] = useState('');
  const [costTier, setCostTier] = useState<string>('medium');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const autoKey = name.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');

  const save = async () => {
    const k = key || autoKey;
    if (!name.trim() || !k) {
      setError('Name and key are required.');
      return;
    }
    setBusy(true);
    try {
      await categoriesApi.create({ name: name.trim(), key: k, description, costTier: costTier as never });
      setName('');
      setKey('');
      setDescription('');
      onCreated(k);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened={opened} onClose={onClose} title="New category">
      <Stack>
        <TextInput label="Name" value={name} onChange={(e) => setName(e.currentTarget.value)} required />
        <TextInput label="Key" description="snake_case, unique" placeholder={autoKey} value={key} onChange={(e) => setKey(e.currentTarget.value)} />
        <Textarea label="Description" value={description} onChange={(e) => setDescription(e.currentTarget.value)} />
        <Select label="Cost tier" data={[...TIERS]} value={costTier} onChange={(v) => setCostTier(v ?? 'medium')} allowDeselect={false} />
        {error && <Alert color="red">{error}</Alert>}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={() => void save()} loading={busy}>
            Create
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
