import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Badge, ErrorText } from '../../components/ui.tsx';
import { put } from '../../lib/api.ts';
import type { Connection, Insight } from '../../lib/types.ts';

const qualified = (schema: string, table: string) => (schema === 'public' ? table : `${schema}.${table}`);
const bare = (name: string) => name.replace(/^public\./, '');

/** Joins of this table: its own foreign keys (declared or inferred) and the tables that point at it. */
function Relationships({ insight, all }: { insight: Insight; all: Insight[] }) {
  const self = `${insight.schema}.${insight.table}`;
  const incoming = all.flatMap((other) =>
    other.foreign_keys
      .filter((fk) => fk.references === self)
      .map((fk) => ({ from: qualified(other.schema, other.table), fk })),
  );
  if (insight.foreign_keys.length === 0 && incoming.length === 0)
    return <p className="muted small">No joins to other tables.</p>;
  return (
    <ul className="small relationships" aria-label={`Joins of ${insight.table}`}>
      {insight.foreign_keys.map((fk) => (
        <li key={`out-${fk.columns.join()}-${fk.references}`}>
          {fk.columns.join(', ')} → {bare(fk.references)}.{fk.referenced_columns.join(', ')}{' '}
          <Badge tone={fk.origin === 'declared' ? 'good' : 'busy'}>{fk.origin}</Badge>
          {fk.evidence && <span className="muted"> ({fk.evidence})</span>}
        </li>
      ))}
      {incoming.map(({ from, fk }) => (
        <li key={`in-${from}-${fk.columns.join()}`}>
          {from}.{fk.columns.join(', ')} → {fk.referenced_columns.join(', ')}{' '}
          <Badge tone={fk.origin === 'declared' ? 'good' : 'busy'}>{fk.origin}</Badge>
        </li>
      ))}
    </ul>
  );
}

/** What analysis learned about one table: summary, columns (strategy and why, description, values), joins. */
export function InsightCard({
  connection,
  insight,
  all,
}: {
  connection: Connection;
  insight: Insight;
  all: Insight[];
}) {
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const save = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    try {
      await put(`/intelligence/${connection.id}/insights/${insight.id}`, {
        summary: form.get('summary'),
        document: form.get('document'),
      });
      setEditing(false);
      void queryClient.invalidateQueries({ queryKey: ['insights', connection.id] });
    } catch (e) {
      setError(e);
    }
  };
  return (
    <article className="card" aria-labelledby={`insight-${insight.id}`}>
      <div className="row between">
        <h3 id={`insight-${insight.id}`}>
          {qualified(insight.schema, insight.table)}{' '}
          <span className="muted small">
            {insight.row_count.toLocaleString()} rows{insight.row_count_accuracy === 'estimated' ? ' (est.)' : ''}
          </span>
        </h3>
        {insight.edited && <Badge>edited</Badge>}
      </div>
      {editing ? (
        <form onSubmit={save} className="stack">
          <label>
            Summary
            <textarea name="summary" defaultValue={insight.summary} rows={2} />
          </label>
          <label>
            Document
            <textarea name="document" defaultValue={insight.document} rows={8} />
          </label>
          <ErrorText error={error} />
          <div className="row">
            <button type="submit">Save</button>
            <button type="button" onClick={() => setEditing(false)}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <p>{insight.summary}</p>
      )}
      <Relationships insight={insight} all={all} />
      <details>
        <summary>{insight.columns.length} columns</summary>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Column</th>
                <th scope="col">Type</th>
                <th scope="col">Strategy</th>
                <th scope="col">Values</th>
              </tr>
            </thead>
            <tbody>
              {insight.columns.map((c) => {
                const description = [c.comment, c.note].filter(Boolean).join(' · ');
                return (
                  <tr key={c.name}>
                    <td className="wrap-cell">
                      <strong>{c.name}</strong>
                      {description && <div className="muted small">{description}</div>}
                    </td>
                    <td className="muted">{c.data_type}</td>
                    <td className="wrap-cell">
                      <Badge tone={c.strategy}>{c.strategy}</Badge>
                      <div className="muted small">{c.strategy_reason}</div>
                    </td>
                    <td className="small wrap-cell">
                      {c.values
                        .slice(0, 12)
                        .map((v) => v.value)
                        .join(', ')}
                      {c.values.length > 12 ? ', …' : ''}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </details>
      {connection.permission === 'owner' && !editing && (
        <button type="button" className="link" onClick={() => setEditing(true)}>
          Edit
        </button>
      )}
    </article>
  );
}
