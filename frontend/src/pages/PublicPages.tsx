import { Alert, Button, Center, Container, Paper, Select, Stack, TextInput, Title } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import { chatApi, type ChatMessage } from '../api/chat';
import { ideConfigApi } from '../api/ideConfig';
import { ChatView } from '../components/ChatView';
import { GenerateConfigPanel } from '../components/GenerateConfigPanel';
import { useApi } from '../hooks/useApi';
import { useChatStream } from '../hooks/useChatStream';

/** Public IDE config page (only when enabled by an admin). */
export function PublicConfigPage() {
  const tenants = useApi(() => ideConfigApi.publicTenants(), []);
  const [slug, setSlug] = useState<string | null>(null);
  const list = tenants.data ?? [];
  const tenant = list.find((t) => t.slug === slug) ?? list[0];
  return (
    <Container size="md" py="xl">
      <Title order={2} mb="md">IDE Config Generator</Title>
      {tenants.loading ? null : !list.length ? (
        <Alert color="gray">The public config page is currently disabled. Contact your administrator.</Alert>
      ) : (
        <Stack>
          <Select label="Tenant" data={list.map((t) => ({ value: t.slug, label: t.name }))} value={tenant?.slug ?? null} onChange={setSlug} allowDeselect={false} />
          {tenant && <GenerateConfigPanel tenant={{ _id: tenant.slug, slug: tenant.slug, name: tenant.name, isDefault: tenant.slug === 'api' }} />}
        </Stack>
      )}
    </Container>
  );
}

/** Public chat (`/public/chat`), optionally behind an access token. */
export function PublicChatPage() {
  const params = new URLSearchParams(window.location.search);
  const [token, setToken] = useState(params.get('token') ?? sessionStorage.getItem('prism_chat_token') ?? '');
  const [entered, setEntered] = useState(Boolean(token));
  const cfg = useApi(() => chatApi.publicConfig(), []);
  const [model, setModel] = useState('auto');
  useEffect(() => {
    if (cfg.data?.defaultModel) setModel(cfg.data.defaultModel);
  }, [cfg.data]);
  const open = useCallback(
    (messages: ChatMessage[], signal: AbortSignal) =>
      chatApi.publicStream(model, messages, token, signal),
    [model, token],
  );
  const chat = useChatStream(open);
  if (cfg.error) return <Center h="100vh"><Alert color="gray">{cfg.error}</Alert></Center>;
  if (cfg.data?.visibility === 'token' && !entered)
    return (
      <Center h="100vh">
        <Paper withBorder p="xl" w={360}>
          <Stack>
            <Title order={4}>Enter Access Token</Title>
            <TextInput aria-label="Access token" value={token} onChange={(e) => setToken(e.currentTarget.value)} />
            <Button onClick={() => { sessionStorage.setItem('prism_chat_token', token); setEntered(true); }} disabled={!token}>Continue</Button>
          </Stack>
        </Paper>
      </Center>
    );
  return (
    <Container size="lg" py="md">
      <ChatView title="Chat" turns={chat.turns} streaming={chat.streaming} onSend={(t) => void chat.send(t)} onStop={chat.stop} onClear={chat.clear} models={[{ value: 'auto', label: 'auto (Model Prism Routing)' }, ...(cfg.data?.allowedModels ?? []).map((m) => ({ value: m, label: m }))]} model={model} onModel={setModel} />
    </Container>
  );
}
