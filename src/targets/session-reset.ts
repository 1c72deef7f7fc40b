import type pg from 'pg';

const RESET_TIMEOUT_MS = 5000;

/**
 * Ends the transaction and returns the session to its defaults before the client goes back to the
 * pool: ROLLBACK, then DISCARD ALL (advisory locks, settings, prepared statements, cursors,
 * LISTEN registrations, temporary tables), so nothing a query left on the backend (a session-level
 * advisory lock taken by some function, a changed setting) outlives its request. False when either
 * step fails or hangs: the caller then destroys the client instead of pooling it.
 */
export async function resetSession(client: pg.ClientBase): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), RESET_TIMEOUT_MS);
  });
  const reset = (async () => {
    await client.query('ROLLBACK');
    await client.query('DISCARD ALL');
    return true;
  })().catch(() => false);
  try {
    return await Promise.race([reset, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}
