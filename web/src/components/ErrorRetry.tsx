import { ApiError } from '../lib/api.ts';

/** What went wrong, in words: offline, the server failing, or the server's own message. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError)
    return error.status >= 500 ? `AskDB had a problem on its side (${error.status}): ${error.message}` : error.message;
  if (error instanceof TypeError || (typeof navigator !== 'undefined' && !navigator.onLine))
    return 'AskDB could not be reached: you may be offline, or the server is down.';
  return error instanceof Error ? error.message : String(error);
}

/** An error the person can act on: the message and a button to try again. */
export function ErrorRetry({
  error,
  onRetry,
  label = 'Try again',
}: {
  error: unknown;
  onRetry: () => void;
  label?: string;
}) {
  if (!error) return null;
  return (
    <div className="error-box row wrap" role="alert">
      <span className="error grow">{describeError(error)}</span>
      <button type="button" onClick={onRetry}>
        {label}
      </button>
    </div>
  );
}
