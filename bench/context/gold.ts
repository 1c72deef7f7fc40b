/**
 * What a gold query needs from a prompt, read with PostgreSQL's own parser: the tables it reads, the
 * columns of those tables it names, and the text literals it compares with stored values.
 */
import { loadModule, parseSync } from 'libpg-query';

export interface GoldNeeds {
  tables: Set<string>;
  /** "table.column", lower case; unqualified columns are resolved against the query's tables. */
  columns: Set<string>;
  /** Unqualified columns whose table the schema must decide: a prompt covers one when any query table shows it. */
  loose: Set<string>;
  /**
   * Text literals compared with a column (=, <>, IN, LIKE, ILIKE): the values a prompt must hold as
   * stored. `pattern`: a LIKE pattern (wildcards kept); `caseless`: compared ignoring case (ILIKE, lower(col)).
   */
  literals: { text: string; pattern: boolean; caseless: boolean }[];
}

export const loadParser = loadModule;

type Node = Record<string, unknown>;

function walk(node: unknown, visit: (kind: string, body: Node) => void): void {
  if (Array.isArray(node)) {
    for (const child of node) walk(child, visit);
    return;
  }
  if (!node || typeof node !== 'object') return;
  for (const [key, value] of Object.entries(node as Node)) {
    if (value && typeof value === 'object' && !Array.isArray(value) && /^[A-Z]/.test(key)) visit(key, value as Node);
    walk(value, visit);
  }
}

const str = (n: unknown) => ((n as { String?: { sval?: string } })?.String?.sval ?? '').toLowerCase();

/** Typed constants a model writes from the question itself: numbers, dates, times, booleans. */
const typedConstant = /^(-?\d+(\.\d+)?|\d{4}-\d{2}(-\d{2})?([ t][\d:.]+)?|[\d:]+|true|false|t|f|y|n)$/i;

/** A column, possibly under lower()/upper()/trim() (then compared ignoring case). */
function columnSide(node: unknown): { caseless: boolean } | null {
  const n = node as Node | undefined;
  if (!n) return null;
  if (n.ColumnRef) return { caseless: false };
  const cast = n.TypeCast as Node | undefined;
  if (cast) return columnSide(cast.arg);
  const call = n.FuncCall as Node | undefined;
  if (
    call &&
    Array.isArray(call.args) &&
    call.args.length === 1 &&
    ['lower', 'upper', 'trim', 'btrim'].includes(str((call.funcname as unknown[]).at(-1)))
  )
    return columnSide(call.args[0]) ? { caseless: true } : null;
  return null;
}

/** The text constants of a comparison's other side: one constant, or a list (IN). */
function constants(node: unknown): string[] {
  const n = node as Node | undefined;
  if (!n) return [];
  const list = n.List as { items?: unknown[] } | undefined;
  if (Array.isArray(list?.items)) return list.items.flatMap(constants);
  if (n.TypeCast) return constants((n.TypeCast as Node).arg);
  const sval = ((n.A_Const as Node | undefined)?.sval as { sval?: string } | undefined)?.sval;
  return sval !== undefined && sval.trim() !== '' && !typedConstant.test(sval.trim()) ? [sval] : [];
}

const comparisons = new Set(['=', '<>', '!=', '~~', '~~*', '!~~', '!~~*']);

export function goldNeeds(sql: string): GoldNeeds {
  const tree = parseSync(sql);
  const aliases = new Map<string, string>();
  const tables = new Set<string>();
  const ctes = new Set<string>();
  const refs: string[][] = [];
  const literals: GoldNeeds['literals'] = [];
  walk(tree, (kind, body) => {
    if (kind === 'CommonTableExpr') ctes.add(String(body.ctename).toLowerCase());
    if (kind === 'RangeVar') {
      const name = String(body.relname).toLowerCase();
      tables.add(name);
      const alias = (body.alias as { aliasname?: string } | undefined)?.aliasname;
      aliases.set((alias ?? name).toLowerCase(), name);
      aliases.set(name, name);
    }
    if (kind === 'ColumnRef') {
      const fields = (body.fields as unknown[]).filter((f) => !(f as Node).A_Star).map(str);
      if (fields.length > 0) refs.push(fields);
    }
    if (kind === 'A_Expr') {
      const operator = str((body.name as unknown[] | undefined)?.at(-1));
      const exprKind = String(body.kind);
      const pattern = /LIKE/.test(exprKind) || operator.startsWith('~~') || operator.startsWith('!~~');
      const caselessOp = /ILIKE/.test(exprKind) || operator.includes('*');
      if (!(exprKind === 'AEXPR_IN' || pattern || comparisons.has(operator))) return;
      for (const [column, other] of [
        [body.lexpr, body.rexpr],
        [body.rexpr, body.lexpr],
      ]) {
        const side = columnSide(column);
        if (!side) continue;
        for (const text of constants(other)) literals.push({ text, pattern, caseless: side.caseless || caselessOp });
      }
    }
  });
  for (const c of ctes) tables.delete(c);
  const columns = new Set<string>();
  const loose = new Set<string>();
  for (const fields of refs) {
    if (fields.length >= 2) {
      const table = aliases.get(fields.at(-2)!);
      if (table && tables.has(table)) columns.add(`${table}.${fields.at(-1)}`);
    } else loose.add(fields[0]!);
  }
  return { tables, columns, loose, literals };
}
