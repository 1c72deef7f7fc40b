import { forwardRef, useState, type FormEvent } from 'react';

/**
 * The question box. While a question is answered it stays focusable (read-only, not disabled), so
 * keyboard focus never falls to the page; the chat moves focus back here when the answer arrives.
 */
export const AskForm = forwardRef<HTMLInputElement, { busy: boolean; onAsk: (question: string) => Promise<boolean> }>(
  function AskForm({ busy, onAsk }, ref) {
    const [question, setQuestion] = useState('');
    const submit = async (event: FormEvent) => {
      event.preventDefault();
      if (busy || !question.trim()) return;
      if (await onAsk(question)) setQuestion('');
    };
    return (
      <form onSubmit={submit} className="ask row">
        <label className="grow">
          <span className="visually-hidden">Your question</span>
          <input
            ref={ref}
            value={question}
            onChange={(e) => setQuestion(e.target.value)}
            placeholder="Ask a question about this database…"
            readOnly={busy}
            aria-busy={busy}
            enterKeyHint="send"
          />
        </label>
        <button type="submit" className="primary" disabled={busy || !question.trim()}>
          {busy ? 'Asking…' : 'Ask'}
        </button>
      </form>
    );
  },
);
