import { useState } from 'react';
import { SqlView } from '../../components/Result.tsx';
import { ErrorText } from '../../components/ui.tsx';
import { post } from '../../lib/api.ts';
import type { Connection, Message, TermUse } from '../../lib/types.ts';
import { EngineLine } from './EngineLine.tsx';
import { Clarify, FollowUps, Refusal } from './NextQuestions.tsx';
import { ResultArea } from './ResultArea.tsx';
import { SqlWorkbench, type DraftState } from './SqlWorkbench.tsx';

function Feedback({ connection, message }: { connection: Connection; message: Message }) {
  const [state, setState] = useState<string | null>(message.feedback === 'up' ? 'Marked as right.' : null);
  const [error, setError] = useState<unknown>(null);
  const confirm = async () => {
    setError(null);
    try {
      setState(
        (
          await post<{ message: string }>(`/chat/${connection.id}/messages/${message.message_id}/feedback`, {
            correct: true,
          })
        ).message,
      );
    } catch (e) {
      setError(e);
    }
  };
  return (
    <div className="row wrap">
      <button type="button" onClick={confirm} aria-label="This answer is right">
        👍 Right
      </button>
      {state && <span role="status">{state}</span>}
      <ErrorText error={error} />
    </div>
  );
}

interface ChatContext {
  connection: Connection;
  /** Asks a question in this chat (suggestions, rephrasings, clarifications). */
  onAsk: (question: string) => void;
  /** A question is being answered: buttons that ask wait. */
  busy: boolean;
  /** The answer written from edited SQL, now in the session. */
  onAnswered: (answer: Message) => void;
  /** Follow-up questions are offered under the last answer only. */
  last: boolean;
}

/** The business terms an answer used, each a chip that opens its definition. */
function TermChips({ terms }: { terms: TermUse[] }) {
  return (
    <div className="row wrap" role="group" aria-label="Business terms used">
      {terms.map((t) => (
        <details key={t.name} className="term-chip">
          <summary>{t.name}</summary>
          <p className="small">
            {t.kind} on {t.table}: <code>{t.expression}</code>
            {t.editor ? `, defined by ${t.editor}` : ''}
          </p>
        </details>
      ))}
    </div>
  );
}

/** One exchange: the question, the answer in words, its result, SQL, and what to do next. */
export function MessageView({ message, chat }: { message: Message; chat?: ChatContext }) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState<DraftState>({ status: 'none' });
  const connection = chat?.connection;
  const canEdit = connection !== undefined && connection.permission !== 'chat';
  const closeEditor = () => {
    setEditing(false);
    setDraft({ status: 'none' });
  };
  return (
    <article
      id={`m-${message.message_id}`}
      className="message card"
      aria-label={`Answer to: ${message.question}`}
      tabIndex={-1}
    >
      <p className="question">
        <strong>{message.question}</strong>
      </p>
      <p className="answer">{message.answer}</p>
      {chat && message.kind === 'clarify' && <Clarify message={message} onAsk={chat.onAsk} busy={chat.busy} />}
      {chat && message.kind === 'unanswerable' && (
        <Refusal connection={chat.connection} message={message} onAsk={chat.onAsk} busy={chat.busy} />
      )}
      <ResultArea
        message={message}
        connection={connection}
        draft={draft}
        onAnswered={(answer) => {
          closeEditor();
          chat?.onAnswered(answer);
        }}
      />
      {editing && connection ? (
        <SqlWorkbench connection={connection} message={message} onRun={setDraft} onClose={closeEditor} />
      ) : (
        message.sql && (
          <details open={message.kind === 'query'}>
            <summary>SQL</summary>
            <SqlView sql={message.sql} />
          </details>
        )
      )}
      {connection && (message.sql || chat) && !editing && (
        <div className="row wrap">
          <a href={`#m-${message.message_id}`} className="small">
            Link to this answer
          </a>
          {!message.sql ? null : canEdit ? (
            <button type="button" onClick={() => setEditing(true)}>
              Edit SQL
            </button>
          ) : (
            <p className="muted small">Editing SQL needs view permission on this database; ask its owner for it.</p>
          )}
        </div>
      )}
      {Array.isArray(message.provenance?.terms) && message.provenance.terms.length > 0 && (
        <TermChips terms={message.provenance.terms as TermUse[]} />
      )}
      {message.kind !== 'chitchat' && <EngineLine message={message} signedIn={chat !== undefined} />}
      {Array.isArray(message.provenance?.notes) &&
        (message.provenance.notes as string[]).map((note) => (
          <p key={note} className="muted small">
            {note}
          </p>
        ))}
      {connection && message.kind === 'query' && <Feedback connection={connection} message={message} />}
      {chat?.last && message.kind === 'query' && (
        <FollowUps connection={chat.connection} message={message} onAsk={chat.onAsk} busy={chat.busy} />
      )}
    </article>
  );
}
