import type { AggregateFn, Comparison } from './ast.ts';
import type { Candidate } from './link.ts';
import type { IndexedColumn, IndexedTable } from './schema-index.ts';
import type { IndexedTerm } from './terms.ts';
import type { DateUnit, Period } from './time.ts';

/** What a question asks for, in terms of the database: the engine's intent frame. */
export interface Frame {
  /** The table whose rows the question is about. */
  subject: IndexedTable | null;
  /** The question asks for subject rows themselves ("which authors…", "list the lakes…"). */
  asked: boolean;
  /** The columns asked for are the whole answer ("the customer IDs who…"): no key or label is added. */
  listed: boolean;
  measures: Measure[];
  groups: GroupKey[];
  filters: Filter[];
  /** Columns the question asks to see. */
  projections: IndexedColumn[];
  order: OrderIntent | null;
  /** A share of rows: those meeting `numerator` out of those meeting `denominator` (all rows when null). */
  ratio: { percent: boolean; numerator: Filter[]; denominator: Filter[] | null; of: IndexedColumn | null } | null;
  limit: number | null;
  distinct: boolean;
  /** Relative periods count back from the latest date in the data ("the last 3 months of the data"). */
  anchored: boolean;
  /** Parts of the question the frame could not use, in words. */
  loose: string[];
  /** What the question asks that no reading of this frame can answer (the engine does not answer). */
  blocked: string[];
  /** Links the frame relied on. */
  used: UsedLink[];
}

export type Measure =
  /** `figure`: the column already holds a count ("number of citations" in citation_num). */
  | { fn: AggregateFn; column: IndexedColumn; distinct?: boolean; figure?: boolean }
  /** `term`: a business term's measure over the table, computed by its own SQL. */
  | { fn: 'count'; table: IndexedTable; distinct?: boolean; term?: IndexedTerm };

export type GroupKey =
  | { kind: 'column'; column: IndexedColumn; term?: IndexedTerm }
  | { kind: 'entity'; table: IndexedTable }
  | { kind: 'bucket'; unit: DateUnit; column: IndexedColumn | null };

export type Filter =
  | { kind: 'equals'; column: IndexedColumn; values: string[]; negated: boolean }
  | {
      kind: 'contains';
      column: IndexedColumn | null;
      pattern: string;
      mode: 'prefix' | 'suffix' | 'contains' | 'equals';
      negated: boolean;
    }
  | { kind: 'compare'; column: IndexedColumn; op: Comparison; value: number }
  | { kind: 'between'; column: IndexedColumn; low: number; high: number }
  /** `at`: where the period is named, to find the table it is about. */
  | { kind: 'period'; column: IndexedColumn | null; period: Period; at: number; verb: string }
  | { kind: 'countCompare'; table: IndexedTable; op: Comparison; value: number }
  | { kind: 'absent'; table: IndexedTable }
  /** Conditions joined by "or" ("starts with J or ends with 'ez'"). */
  | { kind: 'any'; filters: Filter[] }
  /** A business term's condition ("failed payments"); `column` is the first column it names. */
  | { kind: 'term'; term: IndexedTerm; column: IndexedColumn | null };

interface OrderIntent {
  /** Order by a measure (index into measures), a column, or the subject's label. */
  by: { kind: 'measure'; index: number } | { kind: 'column'; column: IndexedColumn } | { kind: 'label' };
  direction: 'asc' | 'desc';
}

export interface UsedLink {
  text: string;
  start: number;
  candidate: Candidate;
  role: string;
}
