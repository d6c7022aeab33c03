import { useCallback, useRef, useState } from 'react';
import type { ChatMessage } from '../api/chat';
import { errorMessage } from '../api/client';
import { deltaText, readSse } from '../lib/sse';

export interface ChatTurn extends ChatMessage {
  meta?: Record<string, unknown>;
  error?: string;
}

/** Gives a chat transcript whose assistant answers stream in, with send/stop/clear. */
export function useChatStream(open: (messages: ChatMessage[], signal: AbortSignal) => Promise<Response>) {
  const [turns, setTurns] = useState<ChatTurn[]>([]);
  const [streaming, setStreaming] = useState(false);
  const abort = useRef<AbortController | null>(null);

  const patchLast = (fn: (t: ChatTurn) => ChatTurn) => setTurns((prev) => prev.map((t, i) => (i === prev.length - 1 ? fn(t) : t)));

  const send = useCallback(
    async (text: string) => {
      const history: ChatMessage[] = [...turns.filter((t) => !t.error).map(({ role, content }) => ({ role, content })), { role: 'user', content: text }];
      setTurns((prev) => [...prev, { role: 'user', content: text }, { role: 'assistant', content: '' }]);
      setStreaming(true);
      const controller = new AbortController();
      abort.current = controller;
      try {
        const res = await open(history, controller.signal);
        await readSse(res, (event) => {
          if (event.done) return;
          const data = event.data as Record<string, unknown>;
          const delta = deltaText(data);
          if (delta) patchLast((t) => ({ ...t, content: t.content + delta }));
          const meta: Record<string, unknown> = {};
          if (data.auto_routing) meta.auto_routing = data.auto_routing;
          if (data.usage) meta.usage = data.usage;
          if (data.cost_info) meta.cost_info = data.cost_info;
          if (data.model) meta.model = data.model;
          if (Object.keys(meta).length) patchLast((t) => ({ ...t, meta: { ...t.meta, ...meta } }));
        });
      } catch (err) {
        if (!(err instanceof DOMException && err.name === 'AbortError')) patchLast((t) => ({ ...t, error: errorMessage(err) }));
      } finally {
        setStreaming(false);
        abort.current = null;
      }
    },
    [turns, open],
  );

  const stop = useCallback(() => abort.current?.abort(), []);
  const clear = useCallback(() => setTurns([]), []);
  return { turns, streaming, send, stop, clear };
}
