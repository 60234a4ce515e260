import { useMutation } from '@tanstack/react-query';

import { type ApiError, type StaleCode, staleCode, toApiError } from './errors';

export interface Save<A> {
  /** Sends `args`; resolves true once saved, false when refused (the error is in `error` or handed to onStale). */
  send: (args: A) => Promise<boolean>;
  saving: boolean;
  /** The last refusal that was not a 409 handed to onStale; its fieldMessages/messagesAt go beside the inputs. */
  error?: ApiError;
  /** Forgets the last refusal, e.g. when the form finds a problem itself before sending. */
  reset: () => void;
}

interface Handlers<R> {
  onSaved?: (result: R) => void;
  /** 409: someone else changed it first, or the incident is resolved. The page reloads what it shows and says so. */
  onStale?: (code: StaleCode) => void;
}

/** The one way a form saves: the saving state, the 409 answers, and the error with its field messages. */
export function useSave<A, R>(save: (args: A) => Promise<R>, { onSaved, onStale }: Handlers<R>): Save<A> {
  // Only the arguments: TanStack Query passes its own context as a second one.
  const mutation = useMutation({ mutationFn: (args: A) => save(args) });
  const send = async (args: A) => {
    try {
      // Awaited apart from the call: `onSaved?.(await …)` would skip the save itself when there is no onSaved.
      const result = await mutation.mutateAsync(args);
      onSaved?.(result);
      return true;
    } catch (err) {
      const stale = staleCode(toApiError(err));
      if (stale && onStale) {
        onStale(stale);
      }
      return false;
    }
  };
  const error = mutation.error ? toApiError(mutation.error) : undefined;
  return {
    send,
    saving: mutation.isPending,
    error: error && onStale && staleCode(error) ? undefined : error,
    reset: mutation.reset,
  };
}
