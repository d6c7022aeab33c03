import { useEffect, useRef } from 'react';

/** Calls `tick` every `ms` while `active` (the next call waits for the previous one); stops on unmount. */
export function usePolling(tick: () => Promise<unknown>, active: boolean, ms = 700): void {
  const ref = useRef(tick);
  ref.current = tick;
  useEffect(() => {
    if (!active) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout>;
    const loop = async () => {
      try {
        await ref.current();
      } catch {
        // the caller shows its own errors; polling goes on until the job ends
      }
      if (!stopped) timer = setTimeout(() => void loop(), ms);
    };
    timer = setTimeout(() => void loop(), ms);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [active, ms]);
}
