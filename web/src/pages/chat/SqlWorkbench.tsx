import { useState, type FormEvent } from 'react';
import { post } from '../../lib/api.ts';
import type { Connection, Draft, Message } from '../../lib/types.ts';

export type DraftState =
  | { status: 'none' }
  | { status: 'ok'; draft: Draft; sql: string }
  | { status: 'failed'; error: unknown; sql: string };

/**
 * Edits an answer's SQL and runs it (view permission): the result, or the error, takes the place of
 * the answer's own result (see ResultArea).
 */
export function SqlWorkbench({
  connection,
  message,
  onRun,
  onClose,
}: {
  connection: Connection;
  message: Message;
  onRun: (state: DraftState) => void;
  onClose: () => void;
}) {
  const [text, setText] = useState(message.sql ?? '');
  const [running, setRunning] = useState(false);
  const run = async (event: FormEvent) => {
    event.preventDefault();
    setRunning(true);
    const sql = text;
    try {
      onRun({
        status: 'ok',
        draft: await post<Draft>(`/chat/${connection.id}/messages/${message.message_id}/run`, { sql }),
        sql,
      });
    } catch (error) {
      onRun({ status: 'failed', error, sql });
    } finally {
      setRunning(false);
    }
  };
  return (
    <form className="stack workbench" onSubmit={run} aria-label="SQL workbench">
      <label>
        Edit the SQL
        <textarea
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void run(e);
          }}
          rows={Math.min(14, text.split('\n').length + 2)}
          spellCheck={false}
          aria-describedby={`wb-help-${message.message_id}`}
        />
      </label>
      <p id={`wb-help-${message.message_id}`} className="muted small">
        One read-only SELECT; Ctrl+Enter runs it.
      </p>
      <div className="row">
        <button type="submit" className="primary" disabled={running || !text.trim()}>
          {running ? 'Running…' : 'Run'}
        </button>
        <button type="button" onClick={onClose}>
          Close the editor
        </button>
      </div>
    </form>
  );
}
