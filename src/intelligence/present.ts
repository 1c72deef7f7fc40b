import { z } from 'zod';
import type { TableInsight } from '../db/schema.ts';
import type { TableInfo } from './model.ts';

const columnOut = z.object({
  name: z.string(),
  data_type: z.string(),
  nullable: z.boolean(),
  is_primary_key: z.boolean(),
  comment: z.string().nullable(),
  strategy: z.enum(['categorical', 'vector', 'skip']),
  strategy_reason: z.string(),
  distinct_count: z.number().nullable(),
  null_fraction: z.number().nullable(),
  accuracy: z.enum(['exact', 'estimated']).nullable(),
  values: z.array(z.object({ value: z.string(), frequency: z.number().nullable() })),
  samples: z.array(z.string()),
  min: z.string().nullable(),
  max: z.string().nullable(),
  note: z.string().nullable(),
});

export const insightOut = z.object({
  id: z.uuid(),
  schema: z.string(),
  table: z.string(),
  kind: z.string(),
  summary: z.string(),
  document: z.string(),
  edited: z.boolean(),
  row_count: z.number(),
  row_count_accuracy: z.enum(['exact', 'estimated']),
  primary_key: z.array(z.string()),
  foreign_keys: z.array(
    z.object({
      columns: z.array(z.string()),
      references: z.string(),
      referenced_columns: z.array(z.string()),
      origin: z.enum(['declared', 'inferred']),
      evidence: z.string().nullable(),
    }),
  ),
  columns: z.array(columnOut),
  drift: z.object({ added: z.array(z.string()), removed: z.array(z.string()), at: z.string() }).nullable(),
  updated_at: z.string(),
});

export function presentInsight(insight: TableInsight): z.infer<typeof insightOut> {
  const info = insight.info as TableInfo;
  return {
    id: insight.id,
    schema: insight.schemaName,
    table: insight.tableName,
    kind: insight.kind,
    summary: insight.summary,
    document: insight.document,
    edited: insight.edited,
    row_count: info.rowCount,
    row_count_accuracy: info.rowCountAccuracy,
    primary_key: info.primaryKey,
    foreign_keys: info.foreignKeys.map((fk) => ({
      columns: fk.columns,
      references: `${fk.referencedSchema}.${fk.referencedTable}`,
      referenced_columns: fk.referencedColumns,
      origin: fk.origin,
      evidence: fk.evidence ?? null,
    })),
    columns: info.columns.map((c) => ({
      name: c.name,
      data_type: c.dataType,
      nullable: c.nullable,
      is_primary_key: c.isPrimaryKey,
      comment: c.comment,
      strategy: c.strategy,
      strategy_reason: c.strategyReason,
      distinct_count: c.profile?.distinctCount ?? null,
      null_fraction: c.profile?.nullFraction ?? null,
      accuracy: c.profile?.distinctAccuracy ?? null,
      values: c.profile?.categories ?? [],
      samples: c.profile?.samples ?? [],
      min: c.profile?.min ?? null,
      max: c.profile?.max ?? null,
      note: insight.columnNotes[c.name] ?? null,
    })),
    drift: insight.drift ?? null,
    updated_at: insight.updatedAt.toISOString(),
  };
}
