import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { ErrorRetry } from '../../components/ErrorRetry.tsx';
import { Spinner } from '../../components/ui.tsx';
import { ApiError, api } from '../../lib/api.ts';
import { paths } from '../../lib/routes.ts';
import type { Connection, Message, Session } from '../../lib/types.ts';
import { useTitle } from '../../lib/use-title.ts';
import { askStreaming, type Step } from './ask-stream.ts';
import { AskForm } from './AskForm.tsx';
import { MessageView } from './MessageView.tsx';
import { SessionList } from './SessionList.tsx';
import { ShareToggle } from './ShareToggle.tsx';

type SessionDetail = Session & { messages: Message[] };

const sessionKey = (connectionId: string, sessionId: string | null) => ['session', connectionId, sessionId];
const fetchSession = (connectionId: string, sessionId: string) =>
  api<SessionDetail>(`/chat/${connectionId}/sessions/${sessionId}`);

function Suggestions({
  connection,
  onAsk,
  busy,
}: {
  connection: Connection;
  onAsk: (q: string) => void;
  busy: boolean;
}) {
  const suggestions = useQuery({
    queryKey: ['suggestions', connection.id, connection.last_analyzed_at],
    queryFn: () => api<{ questions: string[] }>(`/chat/${connection.id}/suggestions`),
  });
  if (!suggestions.data?.questions.length) return null;
  return (
    <div className="suggestions" role="group" aria-label="Suggested questions">
      <p className="muted">Try one of these:</p>
      <div className="row wrap">
        {suggestions.data.questions.map((q) => (
          <button key={q} type="button" className="chip" onClick={() => onAsk(q)} disabled={busy}>
            {q}
          </button>
        ))}
      </div>
    </div>
  );
}

function Progress({ question, steps }: { question: string; steps: Step[] }) {
  return (
    <div className="card" aria-live="polite">
      <p>
        <strong>{question}</strong>
      </p>
      <ol className="steps">
        {steps.map((s, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: the steps of one answer, in order; the list never reorders
          <li key={i}>
            {s.step}
            {s.ms !== null ? ` (${s.ms} ms)` : ''}
            {typeof s.detail.sql === 'string' ? ': SQL written' : ''}
          </li>
        ))}
      </ol>
    </div>
  );
}

/** Scrolls to the answer named in the address (#m-<id>) once it is on the page. */
function useAnswerAnchor(ready: boolean) {
  const { hash } = useLocation();
  useEffect(() => {
    if (!ready || !hash.startsWith('#m-')) return;
    const element = document.getElementById(hash.slice(1));
    element?.scrollIntoView({ block: 'start' });
  }, [hash, ready]);
}

/** Chats with the database: the list of chats, the open chat (its address is /db/:id/chat/:sessionId), the question box. */
export function ChatTab({ connection, sessionId }: { connection: Connection; sessionId: string | null }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const input = useRef<HTMLInputElement>(null);
  const [asking, setAsking] = useState<string | null>(null);
  const [steps, setSteps] = useState<Step[]>([]);
  const [failed, setFailed] = useState<{ question: string; error: unknown } | null>(null);
  const [answered, setAnswered] = useState(0);
  const current = useQuery({
    queryKey: sessionKey(connection.id, sessionId),
    queryFn: () => fetchSession(connection.id, sessionId!),
    enabled: sessionId !== null,
  });
  const session = sessionId ? current.data : undefined;
  useTitle(session?.title ?? (sessionId ? null : 'New chat'), 'Chat', connection.name);
  useAnswerAnchor(session !== undefined);

  // Focus returns to the question box when an answer (or an error) arrives, never on first render.
  useEffect(() => {
    if (answered > 0) input.current?.focus();
  }, [answered]);

  const refreshList = () => queryClient.invalidateQueries({ queryKey: ['sessions', connection.id] });

  async function ask(question: string): Promise<boolean> {
    if (!question.trim() || asking) return false;
    setAsking(question);
    setSteps([]);
    setFailed(null);
    try {
      const answer = await askStreaming(
        connection.id,
        { question, ...(sessionId ? { session_id: sessionId } : {}) },
        (step) => setSteps((s) => [...s, step]),
      );
      // The chat is loaded before the address changes, so the answer never blinks out.
      await queryClient.fetchQuery({
        queryKey: sessionKey(connection.id, answer.session_id),
        queryFn: () => fetchSession(connection.id, answer.session_id),
      });
      void refreshList();
      if (answer.session_id !== sessionId) navigate(paths.chat(connection.id, answer.session_id));
      return true;
    } catch (error) {
      setFailed({ question, error });
      return false;
    } finally {
      setAsking(null);
      setAnswered((n) => n + 1);
    }
  }

  const onAnswered = async (answer: Message) => {
    await queryClient.invalidateQueries({ queryKey: sessionKey(connection.id, answer.session_id) });
    navigate(`${paths.chat(connection.id, answer.session_id)}#m-${answer.message_id}`);
  };

  if (!connection.last_analyzed_at)
    return (
      <p className="muted">
        AskDB is still studying this database ({connection.analysis_progress}%). You can ask questions as soon as it is
        ready.
      </p>
    );
  const missing = current.error instanceof ApiError && current.error.status === 404;
  const messages = session?.messages ?? [];
  return (
    <div className="chat">
      <SessionList connection={connection} current={sessionId} />
      <section className="conversation" aria-label="Conversation">
        {session && <ShareToggle connection={connection} session={session} onChange={() => void current.refetch()} />}
        {sessionId && current.isPending && <Spinner label="Loading the chat…" />}
        {missing && (
          <p>
            This chat does not exist any more. <Link to={paths.chat(connection.id)}>Start a new chat</Link>
          </p>
        )}
        {!missing && <ErrorRetry error={current.error} onRetry={() => void current.refetch()} />}
        {!sessionId && !asking && (
          <Suggestions connection={connection} onAsk={(q) => void ask(q)} busy={asking !== null} />
        )}
        {messages.map((m, i) => (
          <MessageView
            key={m.message_id}
            message={m}
            chat={{
              connection,
              onAsk: (q) => void ask(q),
              busy: asking !== null,
              onAnswered: (a) => void onAnswered(a),
              last: i === messages.length - 1 && !asking,
            }}
          />
        ))}
        {asking && <Progress question={asking} steps={steps} />}
        {failed && <ErrorRetry error={failed.error} onRetry={() => void ask(failed.question)} label="Ask again" />}
        <AskForm ref={input} busy={asking !== null} onAsk={ask} />
      </section>
    </div>
  );
}
