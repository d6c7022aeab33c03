import { useCallback, useState } from 'react';
import { notifications } from '@mantine/notifications';
import { errorMessage } from '../api/client';

/**
 * Gives a runner for a user action that tracks `busy`, shows failures as one notification style,
 * and optionally a success message. The runner resolves to the action's result or undefined on failure.
 */
export function useAction<A extends unknown[], R>(
  action: (...args: A) => Promise<R>,
  opts: { success?: string | ((r: R) => string); errorTitle?: string } = {},
) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(
    async (...args: A): Promise<R | undefined> => {
      setBusy(true);
      setError(null);
      try {
        const result = await action(...args);
        if (opts.success) {
          const message = typeof opts.success === 'function' ? opts.success(result) : opts.success;
          notifications.show({ color: 'green', message });
        }
        return result;
      } catch (err) {
        const message = errorMessage(err);
        setError(message);
        notifyError(err, opts.errorTitle);
        return undefined;
      } finally {
        setBusy(false);
      }
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [action],
  );
  return { run, busy, error, setError };
}

/** Shows an error the same way everywhere. */
export function notifyError(err: unknown, title = 'Something went wrong'): void {
  notifications.show({ color: 'red', title, message: errorMessage(err), autoClose: 8000 });
}
