import { ActionIcon, Alert, Modal } from '@mantine/core';
import IconSettings from '@tabler/icons-react/icons/IconSettings';
import { useCallback, useState } from 'react';
import { chatApi, type ChatMessage } from '../api/chat';
import { providersApi } from '../api/providers';
import { ChatSettingsForm } from '../components/ChatSettingsForm';
import { ChatView } from '../components/ChatView';
import { useApi } from '../hooks/useApi';
import { useAuth } from '../hooks/useAuth';
import { useChatStream } from '../hooks/useChatStream';
import { can } from '../lib/roles';

/** Streaming chat playground through the built-in chat tenant (frontend.md §13). */
export function ChatPage() {
  const { user } = useAuth();
  const admin = user ? can.writeConfig(user.role) : false;
  const cfg = useApi(() => chatApi.config(), [], admin);
  const models = useApi(() => providersApi.allModels(), [], admin);
  const [model, setModel] = useState('auto');
  const [settings, setSettings] = useState(false);
  const open = useCallback((messages: ChatMessage[], signal: AbortSignal) => chatApi.stream(model, messages, signal), [model]);
  const chat = useChatStream(open);
  const allowed = cfg.data?.allowedModels ?? [];
  const options = [
    { value: 'auto', label: 'auto (Model Prism Routing)' },
    ...(models.data ?? []).filter((m) => m.visible !== false && (!allowed.length || allowed.includes(m.id))).map((m) => ({ value: m.id, label: `${m.id}${m.tier ? ` · ${m.tier}` : ''}` })),
  ].filter((o, i, arr) => arr.findIndex((x) => x.value === o.value) === i);
  return (
    <>
      {admin && cfg.data && !cfg.data.enabled && (
        <Alert color="yellow" mb="sm">Chat is currently disabled — an admin can enable it in Settings → Chat Settings.</Alert>
      )}
      <ChatView
        title="Chat"
        turns={chat.turns}
        streaming={chat.streaming}
        onSend={(t) => void chat.send(t)}
        onStop={chat.stop}
        onClear={chat.clear}
        models={options}
        model={model}
        onModel={setModel}
        extra={admin && <ActionIcon variant="default" aria-label="Chat settings" onClick={() => setSettings(true)}><IconSettings size={16} /></ActionIcon>}
      />
      <Modal opened={settings} onClose={() => setSettings(false)} title="Chat settings" size="lg">
        <ChatSettingsForm onSaved={() => { setSettings(false); void cfg.reload(); }} />
      </Modal>
    </>
  );
}
