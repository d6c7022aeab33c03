import { act, renderHook, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../api/chat';
import { ApiError } from '../../api/client';
import { useChatStream } from '../useChatStream';

function sseResponse(frames: string[], gate?: Promise<void>): Response {
  const enc = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      for (const [i, f] of frames.entries()) {
        if (i === 1 && gate) await gate;
        controller.enqueue(enc.encode(f));
      }
      controller.close();
    },
  });
  return new Response(stream, { headers: { 'content-type': 'text/event-stream' } });
}

const chunk = (text: string) => `data: ${JSON.stringify({ choices: [{ delta: { content: text } }] })}\n\n`;

describe('useChatStream', () => {
  it('appends streamed deltas to the answer and keeps the routing meta', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => { release = r; });
    const sent: ChatMessage[][] = [];
    const open = async (messages: ChatMessage[]) => {
      sent.push(messages);
      return sseResponse([chunk('Hel'), chunk('lo'), `data: ${JSON.stringify({ auto_routing: { selected_model: 'm-small', category: 'smalltalk_simple', cost_tier: 'low', confidence: 0.9 } })}\n\n`, 'data: [DONE]\n\n'], gate);
    };
    const { result } = renderHook(() => useChatStream(open));
    let done!: Promise<void>;
    act(() => { done = result.current.send('Hi'); });
    await waitFor(() => expect(result.current.turns[1]?.content).toBe('Hel'));
    expect(result.current.streaming).toBe(true);
    await act(async () => { release(); await done; });
    expect(result.current.turns.map((t) => [t.role, t.content])).toEqual([['user', 'Hi'], ['assistant', 'Hello']]);
    expect((result.current.turns[1].meta?.auto_routing as { selected_model: string }).selected_model).toBe('m-small');
    expect(result.current.streaming).toBe(false);
    expect(sent[0]).toEqual([{ role: 'user', content: 'Hi' }]);
  });

  it('shows the server error on the answer instead of throwing', async () => {
    const open = async () => { throw new ApiError(403, 'Chat is disabled'); };
    const { result } = renderHook(() => useChatStream(open));
    await act(async () => { await result.current.send('Hi'); });
    expect(result.current.turns[1].error).toBe('Chat is disabled');
    expect(result.current.streaming).toBe(false);
  });

  it('stops on abort without marking an error', async () => {
    const open = (_m: ChatMessage[], signal: AbortSignal) =>
      new Promise<Response>((_resolve, reject) => signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));
    const { result } = renderHook(() => useChatStream(open));
    let done!: Promise<void>;
    act(() => { done = result.current.send('long question'); });
    await waitFor(() => expect(result.current.streaming).toBe(true));
    await act(async () => { result.current.stop(); await done; });
    expect(result.current.streaming).toBe(false);
    expect(result.current.turns[1].error).toBeUndefined();
  });
});
