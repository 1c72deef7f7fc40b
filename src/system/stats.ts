import { sql } from 'drizzle-orm';
import type { AppContext } from '../context.ts';
import { selectRows } from '../db/client.ts';
import type { User } from '../db/schema.ts';

/**
 * Usage figures for the last `days` days. A superuser sees everyone's; anyone else sees the connections
 * they can use and the questions and queries they asked themselves.
 */
export async function usageStats(deps: Pick<AppContext, 'db'>, user: User, days = 30) {
  const all = user.isSuperuser;
  const visible = all
    ? sql`true`
    : sql`(c.owner_id = ${user.id} or exists (select 1 from connection_shares s where s.connection_id = c.id and s.user_id = ${user.id}))`;
  const mine = all ? sql`true` : sql`h.user_id = ${user.id}`;
  const since = sql`now() - make_interval(days => ${days})`;

  const [users] = await selectRows<{ n: number }>(
    deps.db,
    sql`select count(*)::int as n from users where ${all ? sql`true` : sql`id = ${user.id}`}`,
  );
  const byStatus = await selectRows<{ status: string; n: number }>(
    deps.db,
    sql`select c.status::text as status, count(*)::int as n from connections c where ${visible} group by 1 order by 1`,
  );
  const perDay = await selectRows<{ day: string; questions: number; queries: number }>(
    deps.db,
    sql`
      select to_char(date_trunc('day', h.created_at), 'YYYY-MM-DD') as day,
             count(*) filter (where h.source <> 'user')::int as questions,
             count(*)::int as queries
      from sql_history h where ${mine} and h.created_at >= ${since}
      group by 1 order by 1`,
  );
  const [latency] = await selectRows<{ p50: number | null; p95: number | null; total: number; failed: number }>(
    deps.db,
    sql`
      select percentile_cont(0.5) within group (order by h.execution_ms) as p50,
             percentile_cont(0.95) within group (order by h.execution_ms) as p95,
             count(*)::int as total, count(*) filter (where not h.ok)::int as failed
      from sql_history h where ${mine} and h.created_at >= ${since}`,
  );
  const round = (v: number | null | undefined) =>
    v === null || v === undefined ? null : Math.round(Number(v) * 10) / 10;
  return {
    scope: all ? ('all' as const) : ('own' as const),
    days,
    users: users?.n ?? 0,
    connections: {
      total: byStatus.reduce((sum, r) => sum + r.n, 0),
      by_status: Object.fromEntries(byStatus.map((r) => [r.status, r.n])),
    },
    queries: {
      total: latency?.total ?? 0,
      failed: latency?.failed ?? 0,
      p50_ms: round(latency?.p50),
      p95_ms: round(latency?.p95),
    },
    per_day: perDay,
  };
}
