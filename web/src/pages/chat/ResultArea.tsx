import { useState } from 'react';
import { ChartView, ResultTable } from '../../components/Result.tsx';
import { ErrorText } from '../../components/ui.tsx';
import { describeError } from '../../components/ErrorRetry.tsx';
import { authorizedFetch, errorOf, post } from '../../lib/api.ts';
import { toCsv } from '../../lib/csv.ts';
import { downloadText } from '../../lib/download.ts';
import type { Connection, Message } from '../../lib/types.ts';
import type { DraftState } from './SqlWorkbench.tsx';

async function downloadAnswerCsv(connectionId: string, messageId: string) {
  const response = await authorizedFetch(`/chat/${connectionId}/messages/${messageId}/csv`);
  if (!response.ok) throw await errorOf(response);
  downloadText(await response.blob(), `askdb-${messageId.slice(0, 8)}.csv`);
}

/**
 * The answer's result, or in its place the latest run of edited SQL: its error, or its rows with a
 * chart, CSV and "Use as answer".
 */
export function ResultArea({
  message,
  connection,
  draft,
  onAnswered,
}: {
  message: Message;
  connection?: Connection;
  draft: DraftState;
  onAnswered: (answer: Message) => void;
}) {
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  if (draft.status === 'failed')
    return (
      <div className="draft-error" role="alert">
        <p className="error">
          <strong>The edited SQL did not run.</strong> {describeError(draft.error)}
        </p>
      </div>
    );
  if (draft.status === 'ok' && connection) {
    const { draft: result, sql } = draft;
    const use = async () => {
      setSaving(true);
      setError(null);
      try {
        onAnswered(await post<Message>(`/chat/${connection.id}/messages/${message.message_id}/answer`, { sql }));
      } catch (e) {
        setError(e);
      } finally {
        setSaving(false);
      }
    };
    return (
      <div className="draft" role="group" aria-label="Result of the edited SQL">
        <p className="small">
          <strong>Edited SQL:</strong> {result.explanation}
        </p>
        <ChartView chart={result.chart} />
        <ResultTable columns={result.columns} rows={result.rows} total={result.row_count} />
        <div className="row wrap">
          <button type="button" className="primary" onClick={use} disabled={saving}>
            {saving ? 'Saving…' : 'Use as answer'}
          </button>
          <button
            type="button"
            onClick={() =>
              downloadText(toCsv(result.columns, result.rows), `askdb-edited-${message.message_id.slice(0, 8)}.csv`)
            }
          >
            Download CSV
          </button>
        </div>
        <ErrorText error={error} />
      </div>
    );
  }
  if (message.kind !== 'query' || !message.columns || !message.rows) return null;
  return (
    <>
      <ChartView chart={message.chart} />
      <ResultTable columns={message.columns} rows={message.rows} total={message.row_count} />
      {connection && (
        <div className="row wrap">
          <button type="button" onClick={() => downloadAnswerCsv(connection.id, message.message_id).catch(setError)}>
            Download CSV
          </button>
        </div>
      )}
      <ErrorText error={error} />
    </>
  );
}
