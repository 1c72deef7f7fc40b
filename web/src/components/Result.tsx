import { useEffect, useRef, useState } from 'react';
import { highlightSql } from '../lib/highlight.ts';
import { pageOf } from '../lib/paging.ts';
import { presentSpec } from '../lib/chart-spec.ts';
import { chartNumberLocale, formatValue, humanLabel } from '../lib/format.ts';
import type { Chart as ChartProposal, Column } from '../lib/types.ts';

const numberTypes = new Set(['int2', 'int4', 'int8', 'numeric', 'float4', 'float8', 'money']);
const numeric = (c: Column) => numberTypes.has(c.type);

export function SqlView({ sql }: { sql: string }) {
  return (
    <pre className="sql">
      <code>
        {highlightSql(sql).map((t, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: the tokens of one SQL text, in order; it never reorders
          <span key={i} className={`tok-${t.kind}`}>
            {t.text}
          </span>
        ))}
      </code>
    </pre>
  );
}

export function ResultTable({ columns, rows, total }: { columns: Column[]; rows: unknown[][]; total: number | null }) {
  const [page, setPage] = useState(0);
  const view = pageOf(rows, page, 20);
  return (
    <div className="result">
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              {columns.map((c, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: result columns may share a name; their position is their identity
                <th key={i} scope="col" title={`${c.name} (${c.type})`} className={numeric(c) ? 'num' : undefined}>
                  {humanLabel(c.name)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {view.rows.map((row, r) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: result rows have no key of their own; a page never reorders in place
              <tr key={r}>
                {row.map((value, c) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: a cell is its column's position
                  <td key={c} className={numeric(columns[c]!) ? 'num' : undefined}>
                    {formatValue(value, columns[c] ?? { name: '', type: '' })}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="row between small">
        <span className="muted">
          Rows {view.from.toLocaleString()}–{view.to.toLocaleString()} of {(total ?? rows.length).toLocaleString()}
          {total !== null && total > rows.length
            ? ` (${rows.length.toLocaleString()} kept here; download CSV for all)`
            : ''}
        </span>
        {view.pages > 1 && (
          <span className="row">
            <button type="button" onClick={() => setPage(view.page - 1)} disabled={view.page === 0}>
              Previous
            </button>
            <span>
              Page {view.page + 1} of {view.pages}
            </span>
            <button type="button" onClick={() => setPage(view.page + 1)} disabled={view.page >= view.pages - 1}>
              Next
            </button>
          </span>
        )}
      </div>
    </div>
  );
}

export function ChartView({ chart }: { chart: ChartProposal | null }) {
  const ref = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState<string | null>(null);
  useEffect(() => {
    if (!chart?.spec || !ref.current) return;
    let finalize: (() => void) | undefined;
    const dark =
      window.matchMedia('(prefers-color-scheme: dark)').matches || document.documentElement.dataset.theme === 'dark';
    // ast: Vega's expression interpreter instead of generated code, so the CSP needs no 'unsafe-eval'.
    import('vega-embed')
      .then(({ default: embed }) =>
        embed(ref.current!, presentSpec(chart.spec!) as never, {
          actions: false,
          renderer: 'svg',
          theme: dark ? 'dark' : undefined,
          ast: true,
          formatLocale: chartNumberLocale(),
        }),
      )
      .then((result) => (finalize = () => result.finalize()))
      .catch((error: Error) => setFailed(error.message));
    return () => finalize?.();
  }, [chart]);
  if (!chart || chart.kind === 'none' || chart.kind === 'number' || !chart.spec) return null;
  return (
    <figure className="chart" aria-label={`${chart.kind} chart`}>
      <div ref={ref} data-testid="chart" />
      <figcaption className="muted">{failed ? `The chart could not be drawn: ${failed}` : chart.reason}</figcaption>
    </figure>
  );
}
