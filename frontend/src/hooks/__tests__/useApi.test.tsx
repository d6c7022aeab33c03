import { act, renderHook, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client';
import { useApi } from '../useApi';

describe('useApi', () => {
  it('loads data and exposes a readable error on failure', async () => {
    const ok = renderHook(() => useApi(async () => [1, 2], []));
    expect(ok.result.current.loading).toBe(true);
    await waitFor(() => expect(ok.result.current.data).toEqual([1, 2]));
    expect(ok.result.current.error).toBeNull();

    const bad = renderHook(() => useApi(async () => { throw new ApiError(403, 'Access denied. Required role: admin'); }, []));
    await waitFor(() => expect(bad.result.current.error).toBe('Access denied. Required role: admin'));
    expect(bad.result.current.loading).toBe(false);
  });

  it('drops the answer of a stale call when deps change', async () => {
    const resolvers: Record<string, (v: string) => void> = {};
    const { result, rerender } = renderHook(({ id }) => useApi(() => new Promise<string>((r) => { resolvers[id] = r; }), [id]), { initialProps: { id: 'a' } });
    rerender({ id: 'b' });
    await act(async () => { resolvers.b('B'); });
    await act(async () => { resolvers.a('A'); });
    expect(result.current.data).toBe('B');
  });

  it('does not load while disabled', () => {
    let calls = 0;
    const { result } = renderHook(() => useApi(async () => { calls += 1; return 1; }, [], false));
    expect(calls).toBe(0);
    expect(result.current.loading).toBe(false);
  });
});
