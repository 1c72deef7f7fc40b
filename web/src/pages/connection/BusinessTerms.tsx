import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ErrorRetry } from '../../components/ErrorRetry.tsx';
import { Badge, ErrorText, Spinner } from '../../components/ui.tsx';
import { api, del, post, put } from '../../lib/api.ts';
import type { BusinessTerm, Connection } from '../../lib/types.ts';

const kinds = ['measure', 'dimension', 'filter', 'entity'] as const;
const hints: Record<(typeof kinds)[number], string> = {
  measure: 'an aggregate, e.g. sum(orders.total_amount)',
  dimension: "a value per row, e.g. date_trunc('month', orders.order_date)",
  filter: "a condition, e.g. payments.status = 'failed'",
  entity: 'the table it is another name for',
};

function TermRow({ connection, term, owner }: { connection: Connection; term: BusinessTerm; owner: boolean }) {
  const queryClient = useQueryClient();
  const [error, setError] = useState<unknown>(null);
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
  return (
    <li className="card term" aria-label={`Term ${term.name}`}>
      <div className="row between wrap">
        <strong>{term.name}</strong>
        <span className="row wrap">
          <Badge>{term.kind}</Badge>
          <Badge tone={term.status === 'accepted' ? 'good' : term.status === 'rejected' ? 'bad' : 'busy'}>{term.status}</Badge>
        </span>
      </div>
      <code className="small">{term.expression}</code> <span className="muted small">on {term.table}</span>
      {term.synonyms.length > 0 && <p className="small">Also: {term.synonyms.join(', ')}</p>}
      {term.description && <p className="small">{term.description}</p>}
      {term.reason && term.origin === 'proposed' && <p className="muted small">Proposed because {term.reason.charAt(0).toLowerCase() + term.reason.slice(1)}</p>}
      {term.updated_by && <p className="muted small">Defined by {term.updated_by}</p>}
      {owner && (
        <div className="row wrap">
          {term.status !== 'accepted' && (
            <button type="button" onClick={() => act(() => put(`/intelligence/${connection.id}/terms/${term.id}`, { status: 'accepted' }))}>
              Accept
            </button>
          )}
          {term.status !== 'rejected' && (
            <button type="button" onClick={() => act(() => put(`/intelligence/${connection.id}/terms/${term.id}`, { status: 'rejected' }))}>
              Reject
            </button>
          )}
          <button type="button" onClick={() => act(() => del(`/intelligence/${connection.id}/terms/${term.id}`))}>
            Delete
          </button>
        </div>
      )}
      <ErrorText error={error} />
    </li>
  );
}

function AddTerm({ connection }: { connection: Connection }) {
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<(typeof kinds)[number]>('measure');
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    setError(null);
    setSaved(null);
    try {
      const term = await post<BusinessTerm>(`/intelligence/${connection.id}/terms`, {
        name: form.get('name'),
        kind,
        table: form.get('table'),
        expression: form.get('expression') ?? '',
        synonyms: String(form.get('synonyms') ?? '').split(',').map((s) => s.trim()).filter(Boolean),
        description: form.get('description') ?? '',
      });
      setSaved(`Added "${term.name}": ${term.expression}`);
      formElement.reset();
      void queryClient.invalidateQueries({ queryKey: ['terms', connection.id] });
    } catch (e) {
      setError(e);
    }
  };
  return (
    <details>
      <summary>Add a term</summary>
      <form className="stack" onSubmit={submit}>
        <label>
          Name
          <input name="name" required maxLength={120} placeholder="e.g. revenue" />
        </label>
        <label>
          Kind
          <select name="kind" value={kind} onChange={(e) => setKind(e.target.value as (typeof kinds)[number])}>
            {kinds.map((k) => (
              <option key={k}>{k}</option>
            ))}
          </select>
        </label>
        <label>
          Table
          <input name="table" required placeholder="e.g. orders" />
        </label>
        {kind !== 'entity' && (
          <label>
            SQL ({hints[kind]})
            <input name="expression" required className="mono" />
          </label>
        )}
        <label>
          Other words for it (comma-separated)
          <input name="synonyms" placeholder="e.g. sales, turnover" />
        </label>
        <label>
          Description
          <input name="description" />
        </label>
        <button type="submit">Check and add</button>
        <p className="muted small">The SQL is checked against this database's tables and run once as SELECT … LIMIT 0.</p>
        {saved && <p role="status">{saved}</p>}
        <ErrorText error={error} />
      </form>
    </details>
  );
}

/** Business terms: what analysis proposes, what people accepted, and a form to add one (owners). */
export function BusinessTerms({ connection }: { connection: Connection }) {
  const owner = connection.permission === 'owner';
  const [status, setStatus] = useState<'' | BusinessTerm['status']>('');
  const terms = useQuery({
    queryKey: ['terms', connection.id, status],
    queryFn: () => api<{ items: BusinessTerm[] }>(`/intelligence/${connection.id}/terms${status ? `?status=${status}` : ''}`),
  });
  const items = terms.data?.items ?? [];
  return (
    <section className="stack" aria-labelledby="terms-heading">
      <h2 id="terms-heading">Business terms</h2>
      <p className="muted small">
        Words your team uses for figures and rows, defined once in SQL. Answers use the accepted ones and name them.
      </p>
      <label>
        Show
        <select value={status} onChange={(e) => setStatus(e.target.value as typeof status)}>
          <option value="">all</option>
          <option value="proposed">proposed</option>
          <option value="accepted">accepted</option>
          <option value="rejected">rejected</option>
        </select>
      </label>
      {owner && <AddTerm connection={connection} />}
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
