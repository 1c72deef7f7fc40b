import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useHealth } from '../../lib/health.ts';
import { paths } from '../../lib/routes.ts';
import type { Message } from '../../lib/types.ts';

/** Who wrote the SQL, and where to connect an LLM when the built-in engine did it alone. */
export function EngineLine({ message, signedIn }: { message: Message; signedIn: boolean }) {
  const health = useHealth();
  const provider = health.data?.llm.provider;
  const tables = Array.isArray(message.provenance?.tables) ? (message.provenance.tables as string[]) : [];
  const facts = [
    tables.length > 0 ? `tables: ${tables.join(', ')}` : null,
    message.confidence !== null ? `confidence ${Math.round(message.confidence * 100)}%` : null,
    message.execution_time_ms !== null ? `${Math.round(message.execution_time_ms).toLocaleString()} ms` : null,
  ].filter(Boolean);
  let who: ReactNode;
  if (message.engine === 'llm')
    who = <>answered by the language model{provider && provider !== 'builtin' ? ` (${provider})` : ''}</>;
  else if (message.engine === 'user') who = <>SQL written by hand</>;
  else if (!signedIn) who = <>answered by the built-in engine</>;
  else if (provider === 'builtin')
    who = (
      <>
        answered by the built-in engine ·{' '}
        <Link to={paths.settings('answering')}>connect an LLM for harder questions</Link>
      </>
    );
  else
    who = (
      <>
        answered by the built-in engine, sure of this one ·{' '}
        <Link to={paths.settings('answering')}>how answering works</Link>
      </>
    );
  return (
    <p className="muted small engine-line">
      {who}
      {facts.length > 0 && <> · {facts.join(' · ')}</>}
    </p>
  );
}
