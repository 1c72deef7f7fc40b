import { useQuery } from '@tanstack/react-query';
import { useDeferredValue, useState } from 'react';
import { ErrorRetry } from '../../components/ErrorRetry.tsx';
import { Spinner } from '../../components/ui.tsx';
import { api } from '../../lib/api.ts';
import type { Connection, Insight } from '../../lib/types.ts';
import { BusinessTerms } from './BusinessTerms.tsx';
import { InsightCard } from './InsightCard.tsx';

interface Hit {
  schema: string;
  table: string;
  score: number;
  reasons: string[];
}

/** What AskDB learned, table by table, with a search over tables, columns and values. */
export function Intelligence({ connection }: { connection: Connection }) {
  const [q, setQ] = useState('');
  const query = useDeferredValue(q.trim());
  const insights = useQuery({
    queryKey: ['insights', connection.id],
    queryFn: () => api<{ items: Insight[]; total: number }>(`/intelligence/${connection.id}/insights?limit=200`),
  });
  const search = useQuery({
    queryKey: ['search', connection.id, query],
    queryFn: () => api<Hit[]>(`/intelligence/${connection.id}/search?q=${encodeURIComponent(query)}`),
    enabled: query.length > 0,
  });
  const all = insights.data?.items ?? [];
  const matched = query && search.data ? new Set(search.data.map((h) => `${h.schema}.${h.table}`)) : null;
  const shown = matched ? all.filter((i) => matched.has(`${i.schema}.${i.table}`)) : all;
  return (
    <div className="stack">
      <BusinessTerms connection={connection} />
      <h2>Tables</h2>
      <label>
        Search tables, columns and values
        <input type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder="e.g. orders from Berlin" />
      </label>
      {query && search.data && search.data.length > 0 && (
        <ul className="small" aria-label="Why these tables match">
          {search.data.map((h) => (
            <li key={`${h.schema}.${h.table}`}>
              <strong>{h.table}</strong> — {h.reasons.join('; ')}
            </li>
          ))}
        </ul>
      )}
      {query && search.data?.length === 0 && (
        <p className="empty" role="status">
          No table, column or stored value matches “{query}”. Try another word, or{' '}
          <button type="button" className="link" onClick={() => setQ('')}>
            show every table
          </button>
          .
        </p>
      )}
      <ErrorRetry error={search.error} onRetry={() => void search.refetch()} />
      {insights.isPending && <Spinner />}
      <ErrorRetry error={insights.error} onRetry={() => void insights.refetch()} />
      {shown.map((insight) => (
        <InsightCard key={insight.id} connection={connection} insight={insight} all={all} />
      ))}
    </div>
  );
}
