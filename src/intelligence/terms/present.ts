import { z } from 'zod';
import { termKinds, termStatuses } from '../../db/schema.ts';
import type { Term } from './service.ts';

export const termKind = z.enum(termKinds);
export const termStatus = z.enum(termStatuses);

export const termOut = z.object({
  id: z.string(),
  name: z.string(),
  synonyms: z.array(z.string()),
  kind: termKind,
  expression: z.string(),
  table: z.string(),
  description: z.string(),
  reason: z.string().nullable(),
  origin: z.enum(['proposed', 'person']),
  status: termStatus,
  edited: z.boolean(),
  updated_by: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});

export function presentTerm(t: Term): z.infer<typeof termOut> {
  return {
    id: t.id,
    name: t.name,
    synonyms: t.synonyms,
    kind: t.kind,
    expression: t.expression,
    table: t.tableSchema === 'public' ? t.tableName : `${t.tableSchema}.${t.tableName}`,
    description: t.description,
    reason: t.reason,
    origin: t.origin,
    status: t.status,
    edited: t.edited,
    updated_by: t.editor,
    created_at: t.createdAt.toISOString(),
    updated_at: t.updatedAt.toISOString(),
  };
}
