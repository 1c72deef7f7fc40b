/*
 * A generic walk over libpg-query's JSON parse tree: every object and array is visited, so nothing
 * inside subqueries, CTEs, lateral joins, expressions, window clauses or ORDER BY is missed, and a
 * node kind this module has never heard of is still searched.
 *
 * Nodes come in two shapes: wrapped (`{ "FuncCall": { ... } }`) wherever the grammar allows any
 * node, and bare (`larg: { ... }`, `withClause: { ... }`) where the field has one fixed type.
 * The walk is iterative so a deep tree cannot overflow the JavaScript stack.
 */

export type AstObject = Record<string, unknown>;

export interface Visit {
  /** Node kind for wrapped nodes (`"RangeVar"`), undefined for bare objects. */
  type: string | undefined;
  /** The node's fields. */
  node: AstObject;
  /** Names of the CTEs visible at this point (a plain relation name here may mean one of them). */
  cteNames: ReadonlySet<string>;
}

interface Pending {
  value: unknown;
  cteNames: ReadonlySet<string>;
  depth: number;
}

export class TreeTooDeepError extends Error {
  constructor(readonly limit: number) {
    super(`parse tree deeper than ${limit} levels`);
  }
}

export function isAstObject(value: unknown): value is AstObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `{ "SelectStmt": {...} }` → ["SelectStmt", {...}]; anything else → undefined. */
export function unwrapNode(value: unknown): [string, AstObject] | undefined {
  if (!isAstObject(value)) return undefined;
  const keys = Object.keys(value);
  if (keys.length !== 1) return undefined;
  const type = keys[0]!;
  const body = value[type];
  const first = type.charCodeAt(0);
  if (first < 65 || first > 90 || !isAstObject(body)) return undefined;
  return [type, body];
}

/**
 * Calls `visit` for every object in the tree, parents before children. `visit` may return a value
 * to stop the walk; that value is returned. Throws TreeTooDeepError past `maxDepth` levels.
 */
export function walkTree<T>(root: unknown, maxDepth: number, visit: (v: Visit) => T | undefined): T | undefined {
  const stack: Pending[] = [{ value: root, cteNames: new Set(), depth: 0 }];
  while (stack.length > 0) {
    const { value, cteNames, depth } = stack.pop()!;
    if (depth > maxDepth) throw new TreeTooDeepError(maxDepth);
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], cteNames, depth: depth + 1 });
      continue;
    }
    if (!isAstObject(value)) continue;

    const wrapped = unwrapNode(value);
    const [type, node] = wrapped ?? [undefined, value];
    const stop = visit({ type, node, cteNames });
    if (stop !== undefined) return stop;

    const children = childrenOf(node, cteNames);
    for (let i = children.length - 1; i >= 0; i--) {
      const child = children[i]!;
      stack.push({ value: child.value, cteNames: child.cteNames, depth: depth + 1 });
    }
  }
  return undefined;
}

/** The node's fields, each paired with the CTE names in scope for it. */
function childrenOf(node: AstObject, outer: ReadonlySet<string>): { value: unknown; cteNames: ReadonlySet<string> }[] {
  const withClause = node.withClause;
  if (!isAstObject(withClause)) {
    return Object.values(node).map((value) => ({ value, cteNames: outer }));
  }

  const ctes = Array.isArray(withClause.ctes) ? withClause.ctes : [];
  const names = ctes.map((cte) => cteName(cte));
  const all = union(outer, names);
  const children: { value: unknown; cteNames: ReadonlySet<string> }[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key !== 'withClause') children.push({ value, cteNames: all });
  }
  for (const [key, value] of Object.entries(withClause)) {
    if (key !== 'ctes') children.push({ value, cteNames: all });
  }
  // A CTE sees the CTEs listed before it; with RECURSIVE it sees all of them, itself included.
  ctes.forEach((cte, index) => {
    const visible = withClause.recursive === true ? all : union(outer, names.slice(0, index));
    children.push({ value: cte, cteNames: visible });
  });
  return children;
}

function cteName(cte: unknown): string {
  const unwrapped = unwrapNode(cte);
  const name = unwrapped?.[1].ctename;
  return typeof name === 'string' ? name : '';
}

function union(base: ReadonlySet<string>, more: string[]): ReadonlySet<string> {
  if (more.length === 0) return base;
  const result = new Set(base);
  for (const name of more) result.add(name);
  return result;
}
