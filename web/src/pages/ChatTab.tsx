import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ChartView, ResultTable, SqlView } from '../components/Result.tsx';
import { Badge, ErrorText } from '../components/ui.tsx';
import { api, authorizedFetch, del, errorOf, post } from '../lib/api.ts';
import { SseParser } from '../lib/sse.ts';
import type { Column, Connection, Message, Session } from '../lib/types.ts';

interface Step {
  step: string;
  ms: number | null;
  detail: Record<string, unknown>;
}

/** Asks over SSE, reporting each step as it finishes; resolves with the stored answer. */
async function askStreaming(connectionId: string, body: object, onStep: (step: Step) => void): Promise<Message> {
  const response = await authorizedFetch(`/chat/${connectionId}`, {
    method: 'POST',
    headers: { accept: 'text/event-stream', 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok || !response.body) throw await errorOf(response);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  const parser = new SseParser();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    for (const event of parser.push(value)) {
      if (event.event === 'step') onStep(event.data as Step);
      if (event.event === 'answer') return event.data as Message;
      if (event.event === 'error') throw new Error((event.data as { error: { message: string } }).error.message);
    }
  }
  throw new Error('The answer stream ended early');
}

function Rerun({ connection, sql }: { connection: Connection; sql: string }) {
  const [text, setText] = useState(sql);
  const [result, setResult] = useState<{ columns: Column[]; rows: unknown[][]; row_count: number } | null>(null);
  const [error, setError] = useState<unknown>(null);
  async function run() {
    setError(null);
    try {
      setResult(await post(`/connections/${connection.id}/sql`, { sql: text }));
    } catch (e) {
      setError(e);
    }
  }
  return (
    <div className="stack">
      <label>
        Edit the SQL
        <textarea value={text} onChange={(e) => setText(e.target.value)} rows={Math.min(12, text.split('\n').length + 2)} spellCheck={false} />
      </label>
      <button type="button" onClick={run}>
        Run
      </button>
      <ErrorText error={error} />
      {result && <ResultTable columns={result.columns} rows={result.rows} total={result.row_count} />}
    </div>
  );
}

function Feedback({ connection, message }: { connection: Connection; message: Message }) {
  const [state, setState] = useState<string | null>(null);
  const [correcting, setCorrecting] = useState(false);
  const [sql, setSql] = useState(message.sql ?? '');
  const [error, setError] = useState<unknown>(null);
  const send = async (body: object) => {
    setError(null);
    try {
      setState((await post<{ message: string }>(`/chat/${connection.id}/messages/${message.message_id}/feedback`, body)).message);
      setCorrecting(false);
    } catch (e) {
      setError(e);
    }
  };
  return (
    <div className="stack">
      <div className="row">
        <button type="button" onClick={() => send({ correct: true })} aria-label="This answer is right">
          👍 Right
        </button>
        {connection.permission !== 'chat' && (
          <button type="button" onClick={() => setCorrecting((c) => !c)}>
            Correct the SQL
          </button>
        )}
        {state && <span role="status">{state}</span>}
      </div>
      {correcting && (
        <div className="stack">
          <textarea value={sql} onChange={(e) => setSql(e.target.value)} rows={6} spellCheck={false} aria-label="Corrected SQL" />
          <button type="button" onClick={() => send({ correct: false, sql })}>
            Save the correction
          </button>
        </div>
      )}
      <ErrorText error={error} />
    </div>
  );
}

async function downloadCsv(connectionId: string, messageId: string) {
  const response = await authorizedFetch(`/chat/${connectionId}/messages/${messageId}/csv`);
  if (!response.ok) throw await errorOf(response);
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = `askdb-${messageId.slice(0, 8)}.csv`;
  link.click();
  URL.revokeObjectURL(url);
}

export function MessageView({ message, connection }: { message: Message; connection?: Connection }) {
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const provenance = message.provenance ?? {};
  return (
    <article className="message card" aria-label={`Answer to: ${message.question}`}>
      <p className="question">
        <strong>{message.question}</strong>
      </p>
      <p className="answer">{message.answer}</p>
      {message.kind === 'query' && message.columns && message.rows && (
        <>
          <ChartView chart={message.chart} />
          <ResultTable columns={message.columns} rows={message.rows} total={message.row_count} />
        </>
      )}
      {message.sql && (
        <details open={message.kind === 'query'}>
          <summary>SQL</summary>
          <SqlView sql={message.sql} />
        </details>
      )}
      <p className="muted small">
        <Badge>{message.engine === 'llm' ? 'LLM' : 'built-in engine'}</Badge>{' '}
        {Array.isArray(provenance.tables) && provenance.tables.length > 0 && <>tables: {(provenance.tables as string[]).join(', ')} · </>}
        {message.confidence !== null && <>confidence {Math.round(message.confidence * 100)}% · </>}
        {message.execution_time_ms !== null && <>{message.execution_time_ms} ms</>}
      </p>
      {Array.isArray(provenance.notes) && (provenance.notes as string[]).map((note) => <p key={note} className="muted small">{note}</p>)}
      {connection && message.kind === 'query' && (
        <div className="row wrap">
          <button type="button" onClick={() => downloadCsv(connection.id, message.message_id).catch(setError)}>
            Download CSV
          </button>
          {connection.permission !== 'chat' && message.sql && (
            <button type="button" onClick={() => setEditing((e) => !e)}>
              {editing ? 'Close the editor' : 'Edit and re-run'}
            </button>
          )}
        </div>
      )}
      <ErrorText error={error} />
      {connection && editing && message.sql && <Rerun connection={connection} sql={message.sql} />}
      {connection && message.kind === 'query' && <Feedback connection={connection} message={message} />}
    </article>
  );
}

function ShareToggle({ connection, session, onChange }: { connection: Connection; session: Session; onChange: () => void }) {
  const [copied, setCopied] = useState(false);
  const link = session.share_token ? `${window.location.origin}/share/${session.share_token}` : null;
  const toggle = async () => {
    await post(`/chat/${connection.id}/sessions/${session.id}/share`, { shared: !session.shared });
    setCopied(false);
    onChange();
  };
  return (
    <div className="row wrap share">
      <button type="button" onClick={toggle}>
        {session.shared ? 'Stop sharing' : 'Share this chat'}
      </button>
      {link && (
        <>
          <input readOnly value={link} aria-label="Public link" className="grow" onFocus={(e) => e.target.select()} />
          <button
            type="button"
            onClick={() => {
              void navigator.clipboard?.writeText(link).then(() => setCopied(true));
            }}
          >
            {copied ? 'Copied' : 'Copy link'}
          </button>
        </>
      )}
    </div>
  );
}

export function ChatTab({ connection }: { connection: Connection }) {
  const queryClient = useQueryClient();
  const [sessionId, setSessionId] = useState<string | null>(null);
  const [steps, setSteps] = useState<Step[]>([]);
  const [asking, setAsking] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [question, setQuestion] = useState('');
  const sessions = useQuery({ queryKey: ['sessions', connection.id], queryFn: () => api<Session[]>(`/chat/${connection.id}/sessions`) });
  const current = useQuery({
    queryKey: ['session', connection.id, sessionId],
    queryFn: () => api<Session & { messages: Message[] }>(`/chat/${connection.id}/sessions/${sessionId}`),
    enabled: sessionId !== null,
  });
  const suggestions = useQuery({
    queryKey: ['suggestions', connection.id, connection.last_analyzed_at],
    queryFn: () => api<{ questions: string[] }>(`/chat/${connection.id}/suggestions`),
    enabled: connection.last_analyzed_at !== null,
  });
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: ['sessions', connection.id] });
    void queryClient.invalidateQueries({ queryKey: ['session', connection.id] });
  };

  async function ask(text: string) {
    if (!text.trim() || asking) return;
    setAsking(text);
    setSteps([]);
    setError(null);
    try {
      const answer = await askStreaming(connection.id, { question: text, ...(sessionId ? { session_id: sessionId } : {}) }, (step) =>
        setSteps((s) => [...s, step]),
      );
      setSessionId(answer.session_id);
      setQuestion('');
      refresh();
    } catch (e) {
      setError(e);
    } finally {
      setAsking(null);
    }
  }
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void ask(question);
  };

  if (!connection.last_analyzed_at)
    return <p className="muted">AskDB is still studying this database ({connection.analysis_progress}%). You can ask questions as soon as it is ready.</p>;
  const session = current.data;
  return (
    <div className="chat">
      <aside className="sessions" aria-label="Chat sessions">
        <button type="button" onClick={() => setSessionId(null)}>
          New chat
        </button>
        <ul>
          {sessions.data?.map((s) => (
            <li key={s.id}>
              <button type="button" className={s.id === sessionId ? 'link active' : 'link'} onClick={() => setSessionId(s.id)}>
                {s.title}
              </button>
              <button
                type="button"
                className="link danger"
                aria-label={`Delete ${s.title}`}
                onClick={async () => {
                  await del(`/chat/${connection.id}/sessions/${s.id}`);
                  if (s.id === sessionId) setSessionId(null);
                  refresh();
                }}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      </aside>
      <section className="conversation">
        {session && <ShareToggle connection={connection} session={session} onChange={refresh} />}
        {!sessionId && suggestions.data && suggestions.data.questions.length > 0 && (
          <div className="suggestions" aria-label="Suggested questions">
            <p className="muted">Try one of these:</p>
            <div className="row wrap">
              {suggestions.data.questions.map((q) => (
                <button key={q} type="button" className="chip" onClick={() => void ask(q)} disabled={asking !== null}>
                  {q}
                </button>
              ))}
            </div>
          </div>
        )}
        {session?.messages.map((m) => <MessageView key={m.message_id} message={m} connection={connection} />)}
        {asking && (
          <div className="card" aria-live="polite">
            <p>
              <strong>{asking}</strong>
            </p>
            <ol className="steps">
              {steps.map((s, i) => (
                <li key={i}>
                  {s.step}
                  {s.ms !== null ? ` (${s.ms} ms)` : ''}
                  {typeof s.detail.sql === 'string' ? ': SQL written' : ''}
                </li>
              ))}
            </ol>
          </div>
        )}
        <ErrorText error={error} />
        <form onSubmit={submit} className="ask row">
          <label className="grow">
            <span className="visually-hidden">Your question</span>
            <input value={question} onChange={(e) => setQuestion(e.target.value)} placeholder="Ask a question about this database…" disabled={asking !== null} />
          </label>
          <button type="submit" className="primary" disabled={asking !== null || !question.trim()}>
            Ask
          </button>
        </form>
      </section>
    </div>
  );
}
