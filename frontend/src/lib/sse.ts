/** Incremental parser for OpenAI-style server-sent events (`data: {...}` lines, `[DONE]`). */

export interface SseEvent {
  data: unknown;
  done: boolean;
}

/** Gives a feed function that takes text chunks and returns the complete events they finished. */
export function createSseParser(): (chunk: string) => SseEvent[] {
  let buffer = '';
  return (chunk: string) => {
    buffer += chunk.replace(/\r\n/g, '\n');
    const events: SseEvent[] = [];
    let idx: number;
    while ((idx = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, idx);
      buffer = buffer.slice(idx + 2);
      const data = block
        .split('\n')
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(5).trimStart())
        .join('\n');
      if (!data) continue;
      if (data === '[DONE]') {
        events.push({ data: null, done: true });
        continue;
      }
      try {
        events.push({ data: JSON.parse(data), done: false });
      } catch {
        // a malformed frame is skipped rather than breaking the whole stream
      }
    }
    return events;
  };
}

/** Gives the text delta of a chat-completion chunk ('' when none). */
export function deltaText(data: unknown): string {
  const choices = (data as { choices?: { delta?: { content?: string | null } }[] } | null)?.choices;
  return choices?.[0]?.delta?.content ?? '';
}

/** Reads a streaming Response and calls `onEvent` for each event until [DONE] or the end. */
export async function readSse(res: Response, onEvent: (e: SseEvent) => void): Promise<void> {
  if (!res.body) return;
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  const feed = createSseParser();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    for (const event of feed(decoder.decode(value, { stream: true }))) {
      onEvent(event);
      if (event.done) return;
    }
  }
  for (const event of feed('\n\n')) onEvent(event);
}
