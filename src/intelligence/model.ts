/**
 * What analysis learns about a target database: the shared vocabulary of intelligence, retrieval,
 * the built-in engine and the agent. Plain data (JSON-serialisable), no behaviour.
 */

export type RelationKind = 'table' | 'view' | 'materialized_view' | 'foreign_table' | 'partitioned_table';
export type Strategy = 'categorical' | 'vector' | 'skip';
/** Whether a figure was counted exactly or estimated (planner statistics, sampling). */
export type Accuracy = 'exact' | 'estimated';

export interface ValueFrequency {
  value: string;
  /** Fraction of non-null rows holding this value, when known. */
  frequency: number | null;
}

export interface ColumnProfile {
  distinctCount: number | null;
  distinctAccuracy: Accuracy;
  nullCount: number | null;
  nullFraction: number | null;
  nullAccuracy: Accuracy;
  /** Every distinct value when the column is categorical (≤ CATEGORY_THRESHOLD), else []. */
  categories: ValueFrequency[];
  /** Up to SAMPLE_SIZE example values. */
  samples: string[];
  min: string | null;
  max: string | null;
  /** Where the figures came from. */
  source: 'pg_stats' | 'sample' | 'exact' | 'none';
}

export interface ColumnInfo {
  name: string;
  /** Ordinal position, 1-based. */
  position: number;
  /** format_type(): e.g. integer, character varying(40), timestamp with time zone, text[]. */
  dataType: string;
  /** Broad family used by rules: number, text, boolean, date, timestamp, time, interval, json, binary, uuid, array, enum, other. */
  family: ColumnFamily;
  nullable: boolean;
  default: string | null;
  comment: string | null;
  isPrimaryKey: boolean;
  isUnique: boolean;
  /** Labels of an enum type, when the column's type is an enum. */
  enumValues: string[] | null;
  profile: ColumnProfile | null;
  strategy: Strategy;
  strategyReason: string;
}

export type ColumnFamily =
  | 'number'
  | 'text'
  | 'boolean'
  | 'date'
  | 'timestamp'
  | 'time'
  | 'interval'
  | 'json'
  | 'binary'
  | 'uuid'
  | 'array'
  | 'enum'
  | 'other';

export interface ForeignKey {
  name: string;
  columns: string[];
  referencedSchema: string;
  referencedTable: string;
  referencedColumns: string[];
  /** declared by a constraint, or inferred from names and types (with the evidence). */
  origin: 'declared' | 'inferred';
  evidence?: string;
}

export interface TableInfo {
  schema: string;
  name: string;
  kind: RelationKind;
  comment: string | null;
  rowCount: number;
  rowCountAccuracy: Accuracy;
  columns: ColumnInfo[];
  primaryKey: string[];
  uniqueConstraints: string[][];
  foreignKeys: ForeignKey[];
  /** View definition, when the relation is a view. */
  definition: string | null;
}

export interface DatabaseModel {
  database: string;
  serverVersion: string;
  analyzedAt: string;
  tables: TableInfo[];
}
