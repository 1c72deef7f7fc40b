/** The small query algebra the engine composes and then renders as SQL. */

export type AggregateFn = 'count' | 'sum' | 'avg' | 'min' | 'max';
export type Comparison = '=' | '<>' | '<' | '<=' | '>' | '>=';

export type Expr =
  | { kind: 'column'; alias: string; column: string }
  | { kind: 'literal'; value: string | number | boolean | null }
  | { kind: 'star' }
  | { kind: 'aggregate'; fn: AggregateFn; arg: Expr; distinct?: boolean; filter?: Expr }
  | { kind: 'compare'; op: Comparison; left: Expr; right: Expr }
  | { kind: 'between'; expr: Expr; low: Expr; high: Expr }
  | { kind: 'like'; expr: Expr; pattern: string; negated?: boolean }
  | { kind: 'in'; expr: Expr; values: Expr[]; negated?: boolean }
  | { kind: 'isNull'; expr: Expr; negated?: boolean }
  | { kind: 'and' | 'or'; items: Expr[] }
  | { kind: 'not'; expr: Expr }
  | { kind: 'exists'; query: Select; negated?: boolean }
  | { kind: 'arith'; op: '+' | '-' | '*' | '/'; left: Expr; right: Expr }
  | { kind: 'call'; name: 'date_trunc' | 'extract' | 'nullif' | 'coalesce' | 'round'; args: Expr[] }
  | { kind: 'cast'; expr: Expr; type: 'float' | 'date' | 'numeric' }
  | { kind: 'today' }
  /** CURRENT_DATE moved by whole units: `CURRENT_DATE - INTERVAL '30 days'`. */
  | { kind: 'dateShift'; base: Expr; amount: number; unit: 'day' | 'week' | 'month' | 'year' }
  | { kind: 'keyword'; word: 'year' | 'month' | 'week' | 'day' | 'quarter' | 'dow' }
  /** A business term's SQL as a person defined it (checked when saved), named by `label`; `aggregates` it computes. */
  | { kind: 'raw'; sql: string; label: string; aggregates: AggregateFn[] };

export interface SelectItem {
  expr: Expr;
  alias?: string;
}

interface FromItem {
  schema: string;
  table: string;
  alias: string;
}

export interface Join extends FromItem {
  type: 'inner' | 'left';
  on: Expr;
}

export interface OrderItem {
  expr: Expr;
  direction: 'asc' | 'desc';
}

export interface Select {
  distinct?: boolean;
  select: SelectItem[];
  from: FromItem;
  joins: Join[];
  where?: Expr;
  groupBy: Expr[];
  having?: Expr;
  orderBy: OrderItem[];
  limit?: number;
}

export const col = (alias: string, column: string): Expr => ({ kind: 'column', alias, column });
export const lit = (value: string | number | boolean | null): Expr => ({ kind: 'literal', value });
export const and = (items: (Expr | undefined)[]): Expr | undefined => {
  const present = items.filter((e): e is Expr => e !== undefined);
  if (present.length === 0) return undefined;
  return present.length === 1 ? present[0] : { kind: 'and', items: present };
};
