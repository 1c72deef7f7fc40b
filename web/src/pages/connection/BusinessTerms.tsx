import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type ChangeEvent, type FormEvent } from 'react';
import { ErrorRetry } from '../../components/ErrorRetry.tsx';
import { Badge, ErrorText, Spinner } from '../../components/ui.tsx';
import { api, del, post, put } from '../../lib/api.ts';
import { useHealth } from '../../lib/health.ts';
import type { BusinessTerm, Connection } from '../../lib/types.ts';

const kinds = ['measure', 'dimension', 'filter', 'entity'] as const;
const hints: Record<(typeof kinds)[number], string> = {
  measure: 'an aggregate, e.g. sum(orders.total_amount)',
  dimension: "a value per row, e.g. date_trunc('month', orders.order_date)",
  filter: "a condition, e.g. payments.status = 'failed'",
  entity: 'the table it is another name for',
};

type Kind = (typeof kinds)[number];

/** What the server said of the SQL being typed. */
type Check =
  | { state: 'idle' }
  | { state: 'checking' }
  | { state: 'valid'; expression: string; table: string }
  | { state: 'invalid'; message: string }
  | { state: 'failed'; error: unknown };

/** Pause in typing before the SQL is checked. */
const checkDelayMs = 400;

/**
 * Checks a term's SQL as it is typed (POST …/terms/validate, owners only): after a pause in typing;
 * an answer to an older text is dropped when a newer one was asked.
 */
function useTermCheck(connectionId: string, kind: Kind, table: string, expression: string): Check {
  const [check, setCheck] = useState<Check>({ state: 'idle' });
  const latest = useRef(0);
  useEffect(() => {
    const asked = ++latest.current;
    if (table.trim() === '' || (kind !== 'entity' && expression.trim() === '')) {
      setCheck({ state: 'idle' });
      return;
    }
    setCheck({ state: 'checking' });
    const timer = setTimeout(() => {
      post<{ valid: boolean; message?: string; expression?: string; table?: string }>(
        `/intelligence/${connectionId}/terms/validate`,
        { kind, table, expression: kind === 'entity' ? '' : expression },
      )
        .then((v) => {
          if (asked !== latest.current) return;
          setCheck(
            v.valid
              ? { state: 'valid', expression: v.expression ?? '', table: v.table ?? table }
              : { state: 'invalid', message: v.message ?? 'Not valid.' },
          );
        })
        .catch((error: unknown) => {
          if (asked === latest.current) setCheck({ state: 'failed', error });
        });
    }, checkDelayMs);
    return () => clearTimeout(timer);
  }, [connectionId, kind, table, expression]);
  return check;
}

function CheckLine({ check }: { check: Check }) {
  return (
    <p className="small" role="status" aria-label="SQL check">
      {check.state === 'checking' && <span className="muted">Checking…</span>}
      {check.state === 'valid' && (
        <span className="good">
          ✓ Valid: <code>{check.expression}</code> on {check.table}
        </span>
      )}
      {check.state === 'invalid' && <span className="error">✗ {check.message}</span>}
      {check.state === 'failed' && (
        <span className="error">
          The check could not run: {check.error instanceof Error ? check.error.message : String(check.error)}
        </span>
      )}
    </p>
  );
}

interface TermFields {
  name: string;
  kind: Kind;
  table: string;
  expression: string;
  synonyms: string;
  description: string;
}

const emptyFields: TermFields = { name: '', kind: 'measure', table: '', expression: '', synonyms: '', description: '' };

const fieldsOf = (t: BusinessTerm): TermFields => ({
  name: t.name,
  kind: t.kind,
  table: t.table,
  expression: t.kind === 'entity' ? '' : t.expression,
  synonyms: t.synonyms.join(', '),
  description: t.description,
});

const bodyOf = (f: TermFields) => ({
  name: f.name,
  kind: f.kind,
  table: f.table,
  expression: f.kind === 'entity' ? '' : f.expression,
  synonyms: f.synonyms
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
  description: f.description,
});

/** The fields of a term, its SQL checked live as it is typed; `save` adds or edits it. */
function TermForm({
  connection,
  initial,
  submitLabel,
  save,
  onDone,
}: {
  connection: Connection;
  initial: TermFields;
  submitLabel: string;
  save: (fields: TermFields) => Promise<string>;
  onDone?: () => void;
}) {
  const [fields, setFields] = useState(initial);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const check = useTermCheck(connection.id, fields.kind, fields.table, fields.expression);
  const set = (key: keyof TermFields) => (event: ChangeEvent<HTMLInputElement | HTMLSelectElement>) =>
    setFields((f) => ({ ...f, [key]: event.target.value }));
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setError(null);
    setSaved(null);
    try {
      setSaved(await save(fields));
      setFields(initial);
      onDone?.();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <form className="stack" onSubmit={submit}>
      <label>
        Name
        <input
          name="name"
          required
          maxLength={120}
          placeholder="e.g. revenue"
          value={fields.name}
          onChange={set('name')}
        />
      </label>
      <label>
        Kind
        <select name="kind" value={fields.kind} onChange={set('kind')}>
          {kinds.map((k) => (
            <option key={k}>{k}</option>
          ))}
        </select>
      </label>
      <label>
        Table
        <input name="table" required placeholder="e.g. orders" value={fields.table} onChange={set('table')} />
      </label>
      {fields.kind !== 'entity' && (
        <label>
          SQL ({hints[fields.kind]})
          <input
            name="expression"
            required
            className="mono"
            value={fields.expression}
            onChange={set('expression')}
            aria-invalid={check.state === 'invalid'}
          />
        </label>
      )}
      <CheckLine check={check} />
      <label>
        Other words for it (comma-separated)
        <input name="synonyms" placeholder="e.g. sales, turnover" value={fields.synonyms} onChange={set('synonyms')} />
      </label>
      <label>
        Description
        <input name="description" value={fields.description} onChange={set('description')} />
      </label>
      <button type="submit">{submitLabel}</button>
      <p className="muted small">The SQL is checked against this database's tables and run once as SELECT … LIMIT 0.</p>
      {saved && <p role="status">{saved}</p>}
      <ErrorText error={error} />
    </form>
  );
}

function TermRow({ connection, term, owner }: { connection: Connection; term: BusinessTerm; owner: boolean }) {
  const queryClient = useQueryClient();
  const [error, setError] = useState<unknown>(null);
  const [editing, setEditing] = useState(false);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ['terms', connection.id] });
  const act = async (run: () => Promise<unknown>) => {
    setError(null);
    try {
      await run();
      refresh();
    } catch (e) {
      setError(e);
    }
  };
  const edit = async (fields: TermFields) => {
    const changed = await put<BusinessTerm>(`/intelligence/${connection.id}/terms/${term.id}`, bodyOf(fields));
    refresh();
    return `Saved "${changed.name}": ${changed.expression}`;
  };
  return (
    <li className="card term" aria-label={`Term ${term.name}`}>
      <div className="row between wrap">
        <strong>{term.name}</strong>
        <span className="row wrap">
          <Badge>{term.kind}</Badge>
          <Badge tone={term.status === 'accepted' ? 'good' : term.status === 'rejected' ? 'bad' : 'busy'}>
            {term.status}
          </Badge>
        </span>
      </div>
      <code className="small">{term.expression}</code> <span className="muted small">on {term.table}</span>
      {term.synonyms.length > 0 && <p className="small">Also: {term.synonyms.join(', ')}</p>}
      {term.description && <p className="small">{term.description}</p>}
      {term.reason && term.origin === 'proposed' && (
        <p className="muted small">Proposed because {term.reason.charAt(0).toLowerCase() + term.reason.slice(1)}</p>
      )}
      {term.updated_by && <p className="muted small">Defined by {term.updated_by}</p>}
      {owner && (
        <div className="row wrap">
          {term.status !== 'accepted' && (
            <button
              type="button"
              onClick={() => act(() => put(`/intelligence/${connection.id}/terms/${term.id}`, { status: 'accepted' }))}
            >
              Accept
            </button>
          )}
          {term.status !== 'rejected' && (
            <button
              type="button"
              onClick={() => act(() => put(`/intelligence/${connection.id}/terms/${term.id}`, { status: 'rejected' }))}
            >
              Reject
            </button>
          )}
          <button type="button" aria-expanded={editing} onClick={() => setEditing((e) => !e)}>
            {editing ? 'Close' : 'Edit'}
          </button>
          <button type="button" onClick={() => act(() => del(`/intelligence/${connection.id}/terms/${term.id}`))}>
            Delete
          </button>
        </div>
      )}
      {owner && editing && (
        <TermForm
          connection={connection}
          initial={fieldsOf(term)}
          submitLabel="Check and save"
          save={edit}
          onDone={() => setEditing(false)}
        />
      )}
      <ErrorText error={error} />
    </li>
  );
}

function AddTerm({ connection }: { connection: Connection }) {
  const queryClient = useQueryClient();
  const add = async (fields: TermFields) => {
    const term = await post<BusinessTerm>(`/intelligence/${connection.id}/terms`, bodyOf(fields));
    void queryClient.invalidateQueries({ queryKey: ['terms', connection.id] });
    return `Added "${term.name}": ${term.expression}`;
  };
  return (
    <details>
      <summary>Add a term</summary>
      <TermForm connection={connection} initial={emptyFields} submitLabel="Check and add" save={add} />
    </details>
  );
}

/** Owners ask the configured language model for more proposals; what failed its checks is listed with the reason. */
function AskModel({ connection }: { connection: Connection }) {
  const health = useHealth();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [outcome, setOutcome] = useState<{
    items: BusinessTerm[];
    refused: { name: string; message: string }[];
  } | null>(null);
  const provider = health.data?.llm.provider;
  if (!provider || provider === 'builtin') return null;
  const ask = async () => {
    setBusy(true);
    setError(null);
    setOutcome(null);
    try {
      setOutcome(await post(`/intelligence/${connection.id}/terms/propose`));
      void queryClient.invalidateQueries({ queryKey: ['terms', connection.id] });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="stack">
      <button type="button" onClick={ask} disabled={busy}>
        {busy ? 'Asking the model…' : 'Ask the model for more terms'}
      </button>
      {outcome && (
        <div role="status" className="small">
          <p>
            {outcome.items.length === 0
              ? 'No new proposal passed the checks.'
              : `${outcome.items.length} new proposal${outcome.items.length === 1 ? '' : 's'}: ${outcome.items.map((t) => t.name).join(', ')}.`}
          </p>
          {outcome.refused.length > 0 && (
            <ul aria-label="Proposals that failed their checks">
              {outcome.refused.map((r) => (
                <li key={r.name}>
                  {r.name}: {r.message}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      <ErrorText error={error} />
    </div>
  );
}

/** Business terms: what analysis proposes, what people accepted, and a form to add one (owners); chat sharees read the accepted ones. */
export function BusinessTerms({ connection }: { connection: Connection }) {
  const owner = connection.permission === 'owner';
  const [status, setStatus] = useState<'' | BusinessTerm['status']>('');
  const terms = useQuery({
    queryKey: ['terms', connection.id, status],
    queryFn: () =>
      api<{ items: BusinessTerm[] }>(`/intelligence/${connection.id}/terms${status ? `?status=${status}` : ''}`),
  });
  const items = terms.data?.items ?? [];
  return (
    <section className="stack" aria-labelledby="terms-heading">
      <h2 id="terms-heading">Business terms</h2>
      <p className="muted small">
        Words your team uses for figures and rows, defined once in SQL. Answers use the accepted ones and name them.
      </p>
      {/* Chat sharees are given the accepted terms only: nothing to filter. */}
      {connection.permission !== 'chat' && (
        <label>
          Show
          <select value={status} onChange={(e) => setStatus(e.target.value as typeof status)}>
            <option value="">all</option>
            <option value="proposed">proposed</option>
            <option value="accepted">accepted</option>
            <option value="rejected">rejected</option>
          </select>
        </label>
      )}
      {owner && <AddTerm connection={connection} />}
      {owner && <AskModel connection={connection} />}
      {terms.isPending && <Spinner />}
      <ErrorRetry error={terms.error} onRetry={() => void terms.refetch()} />
      {terms.data && items.length === 0 && <p className="empty">No {status || ''} terms yet.</p>}
      <ul className="stack plain">
        {items.map((t) => (
          <TermRow key={t.id} connection={connection} term={t} owner={owner} />
        ))}
      </ul>
    </section>
  );
}
