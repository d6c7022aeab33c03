/** Turns a pasted OpenAI chat request (JSON) into Test Route inputs. */

export interface PastedRequest {
  prompt: string;
  systemPrompt: string;
  requestedModel?: string;
}

function text(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content))
    return content
      .map((p) => (p && typeof p === 'object' && (p as { type?: string }).type === 'text' ? String((p as { text?: string }).text ?? '') : ''))
      .filter(Boolean)
      .join('\n');
  return '';
}

/** Gives the last user message, the joined system messages and the model of a pasted request; throws a readable Error. */
export function parsePastedRequest(raw: string): PastedRequest {
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    throw new Error('The pasted text is not valid JSON.');
  }
  const messages = (body as { messages?: unknown })?.messages;
  if (!Array.isArray(messages) || messages.length === 0) throw new Error('The request has no "messages" array.');
  const msgs = messages as { role?: string; content?: unknown }[];
  const system = msgs.filter((m) => m.role === 'system' || m.role === 'developer').map((m) => text(m.content)).filter(Boolean).join('\n\n');
  const lastUser = [...msgs].reverse().find((m) => m.role === 'user');
  if (!lastUser) throw new Error('The request has no user message.');
  const model = (body as { model?: unknown }).model;
  const auto = typeof model !== 'string' || ['auto', 'auto-prism', 'model-prism'].includes(model);
  return { prompt: text(lastUser.content), systemPrompt: system, requestedModel: auto ? undefined : (model as string) };
}
