/** The whole set of a connection's terms as YAML (reviewable in git, like dbt's): written and read back. */
import { parse, stringify } from 'yaml';
import { z } from 'zod';
import { termKinds, termStatuses } from '../../db/schema.ts';
import type { Term, TermInput } from './service.ts';
import { InvalidTerm } from './service.ts';

const termYaml = z.object({
  name: z.string().trim().min(1).max(120),
  kind: z.enum(termKinds),
  table: z.string().trim().min(1).max(200),
  expression: z.string().max(2000).default(''),
  synonyms: z.array(z.string().trim().min(1).max(120)).max(30).default([]),
  description: z.string().max(2000).default(''),
  status: z.enum(termStatuses).default('accepted'),
});

const fileYaml = z.object({ terms: z.array(termYaml).max(2000).default([]) }).strict();

export function termsToYaml(terms: Term[], database: string): string {
  const body = {
    terms: terms.map((t) => ({
      name: t.name,
      kind: t.kind,
      table: t.tableSchema === 'public' ? t.tableName : `${t.tableSchema}.${t.tableName}`,
      expression: t.expression,
      ...(t.synonyms.length > 0 ? { synonyms: t.synonyms } : {}),
      ...(t.description ? { description: t.description } : {}),
      status: t.status,
    })),
  };
  return `# Business terms of ${database.replace(/[\r\n]/g, ' ')}: measures, dimensions, filters and entities (AskDB)\n${stringify(body, { lineWidth: 0 })}`;
}

/** Reads a terms file; a bad file says which entry and field are wrong. */
export function termsFromYaml(text: string): TermInput[] {
  let raw: unknown;
  try {
    raw = parse(text, { maxAliasCount: 0 }) ?? { terms: [] };
  } catch (error) {
    throw new InvalidTerm(`The file is not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  const parsed = fileYaml.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InvalidTerm(
      `The file does not hold terms as expected: ${issue.path.join('.') || 'the file'}: ${issue.message}`,
    );
  }
  return parsed.data.terms;
}
