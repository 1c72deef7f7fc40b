import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';
import type { Connection, Message, NextSteps } from '../../lib/types.ts';

interface AskProps {
  onAsk: (question: string) => void;
  busy: boolean;
}

function QuestionButtons({
  label,
  questions,
  onAsk,
  busy,
}: AskProps & { label: string; questions: { label: string; question: string }[] }) {
  if (questions.length === 0) return null;
  return (
    <div className="suggestions" role="group" aria-label={label}>
      <p className="muted small">{label}</p>
      <div className="row wrap">
        {questions.map((q) => (
          <button
            key={q.question}
            type="button"
            className="chip"
            onClick={() => onAsk(q.question)}
            disabled={busy}
            title={q.label === q.question ? undefined : q.question}
          >
            {q.label}
          </button>
        ))}
      </div>
    </div>
  );
}

const asOptions = (questions: string[]) => questions.map((question) => ({ label: question, question }));

function useNextSteps(connection: Connection, message: Message) {
  return useQuery({
    queryKey: ['next', connection.id, message.message_id],
    queryFn: () => api<NextSteps>(`/chat/${connection.id}/messages/${message.message_id}/next`),
    staleTime: Infinity,
  });
}

/** "stores.city" → "city (stores)", "table stores" → "stores". */
function closestName(name: string): string {
  if (name.startsWith('table ')) return name.slice(6);
  const dot = name.lastIndexOf('.');
  return dot < 0 ? name : `${name.slice(dot + 1)} (${name.slice(0, dot)})`;
}

/** 2–3 questions to ask after an answer, each one the engine can answer. */
export function FollowUps({ connection, message, ...ask }: AskProps & { connection: Connection; message: Message }) {
  const next = useNextSteps(connection, message);
  return <QuestionButtons label="Ask next" questions={asOptions(next.data?.questions ?? [])} {...ask} />;
}

/** A refusal that leads somewhere: what was not understood, what comes close, and questions that work. */
export function Refusal({ connection, message, ...ask }: AskProps & { connection: Connection; message: Message }) {
  const next = useNextSteps(connection, message);
  if (!next.data) return null;
  const { unplaced, closest, questions } = next.data;
  return (
    <div className="refusal stack">
      {unplaced.length > 0 && (
        <p className="small">Not found in this database: {unplaced.map((w) => `“${w}”`).join(', ')}</p>
      )}
      {closest.length > 0 && (
        <p className="small">
          Closest tables and columns: <span className="names">{closest.map(closestName).join(', ')}</span>
        </p>
      )}
      <QuestionButtons label="Try instead" questions={asOptions(questions)} {...ask} />
    </div>
  );
}

/** A clarification: each reading of the question is a button that asks it. */
export function Clarify({ message, ...ask }: AskProps & { message: Message }) {
  return <QuestionButtons label="Which do you mean?" questions={message.options ?? []} {...ask} />;
}
