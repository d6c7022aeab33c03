import { useEffect, useRef, useState } from 'react';

export const POLL_INTERVALS = [15, 30, 60, 120, 300];

/** Gives the seconds left until the next refresh and calls `onTick` every `intervalSec` (0 = off). */
export function usePoll(intervalSec: number, onTick: () => void): number {
  const [left, setLeft] = useState(intervalSec);
  const tick = useRef(onTick);
  tick.current = onTick;
  useEffect(() => {
    let remaining = intervalSec;
    setLeft(remaining);
    if (!intervalSec) return;
    const timer = setInterval(() => {
      remaining -= 1;
      if (remaining <= 0) {
        remaining = intervalSec;
        tick.current();
      }
      setLeft(remaining);
    }, 1000);
    return () => clearInterval(timer);
  }, [intervalSec]);
  return left;
}
