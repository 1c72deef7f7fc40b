import type { IndexedColumn, IndexedTable, SchemaIndex } from './schema-index.ts';

export interface JoinEdge {
  from: IndexedTable;
  fromColumns: string[];
  to: IndexedTable;
  toColumns: string[];
  origin: 'declared' | 'inferred' | 'named';
  /** Path cost: declared keys are cheapest, keys guessed here from names cost more. */
  cost: number;
}

const graphs = new WeakMap<SchemaIndex, JoinEdge[]>();

/** Every join the engine may use: declared and analysed foreign keys, plus keys evident from names. */
export function joinEdges(index: SchemaIndex): JoinEdge[] {
  const cached = graphs.get(index);
  if (cached) return cached;
  const byKey = new Map(index.tables.map((t) => [t.key, t]));
  const edges: JoinEdge[] = [];
  const seen = new Set<string>();
  const add = (edge: JoinEdge) => {
    const id = `${edge.from.key}.${edge.fromColumns.join()}>${edge.to.key}.${edge.toColumns.join()}`;
    if (seen.has(id) || edge.from === edge.to) return;
    seen.add(id);
    edges.push(edge);
  };
  for (const table of index.tables)
    for (const fk of table.info.foreignKeys) {
      const to = byKey.get(`${fk.referencedSchema}.${fk.referencedTable}`);
      if (!to) continue;
      add({
        from: table,
        fromColumns: fk.columns,
        to,
        toColumns: fk.referencedColumns,
        origin: fk.origin,
        cost: fk.origin === 'declared' ? 1 : 1.1,
      });
    }
  for (const from of index.tables)
    for (const column of from.columns)
      for (const to of index.tables) {
        if (to === from || to.keyColumns.length !== 1) continue;
        const key = to.keyColumns[0]!;
        if (!compatible(column, key) || !refersTo(column, to, key)) continue;
        add({ from, fromColumns: [column.name], to, toColumns: [key.name], origin: 'named', cost: 1.2 });
      }
  graphs.set(index, edges);
  return edges;
}

function compatible(a: IndexedColumn, b: IndexedColumn): boolean {
  const family = (c: IndexedColumn) => (c.info.family === 'enum' ? 'text' : c.info.family);
  return family(a) === family(b);
}

const genericKeys = new Set(['id', 'key', 'code', 'name', 'uuid', 'pk']);

/** A column points at a table's key when it carries the key's distinctive name or the table's name plus "id". */
function refersTo(column: IndexedColumn, to: IndexedTable, key: IndexedColumn): boolean {
  const own = column.table.keyColumns;
  if (own.length === 1 && own[0] === column && column.name.toLowerCase() === key.name.toLowerCase()) return false;
  const name = column.name.toLowerCase();
  const keyName = key.name.toLowerCase();
  if (name === keyName && !genericKeys.has(keyName)) return true;
  const keyWords = key.forms.map((f) => f.join(' '));
  for (const form of column.forms) {
    const words = form.join(' ');
    for (const tableForm of to.forms) {
      const tableWords = tableForm.join(' ');
      if (
        keyWords.some((k) => k === 'id' || k.endsWith(' id')) &&
        (words === `${tableWords} id` || words.endsWith(` ${tableWords} id`))
      )
        return true;
    }
  }
  // Prefixed conventions: sbTxCustId → sbCustId once the shared table prefix is set aside.
  const shared = commonPrefix(column.table.name.toLowerCase(), to.name.toLowerCase());
  const keyTail = keyName.slice(shared.length);
  return shared.length >= 2 && keyTail.length >= 5 && name.endsWith(keyTail) && name !== keyName;
}

function commonPrefix(a: string, b: string): string {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return a.slice(0, i);
}

export interface JoinTree {
  /** Tables in the order they join, each with the edge that brings it in (none for the root). */
  steps: { table: IndexedTable; via: JoinEdge | null }[];
  cost: number;
  inferred: boolean;
}

/** The cheapest tree from `root` that reaches every table in `needed` (greedy Steiner: nearest table first). */
export function joinTree(
  index: SchemaIndex,
  root: IndexedTable,
  needed: IndexedTable[],
  position: (t: IndexedTable) => number = () => 0,
): JoinTree | null {
  const edges = joinEdges(index);
  const inTree = new Map<string, { table: IndexedTable; via: JoinEdge | null }>([
    [root.key, { table: root, via: null }],
  ]);
  const order: { table: IndexedTable; via: JoinEdge | null }[] = [{ table: root, via: null }];
  let cost = 0;
  const pending = needed.filter((t) => t.key !== root.key);
  while (pending.length > 0) {
    const dist = new Map<string, number>();
    const prev = new Map<string, JoinEdge>();
    const queue: IndexedTable[] = [];
    // Ties go to the table joined last: questions chain ("authors → publications → domain").
    [...inTree.values()].forEach(({ table }, i) => {
      dist.set(table.key, -0.001 * i);
      queue.push(table);
    });
    // Dijkstra over a small graph: a linear scan for the minimum is fast enough.
    const done = new Set<string>();
    while (queue.length > 0) {
      queue.sort((a, b) => dist.get(a.key)! - dist.get(b.key)!);
      const current = queue.shift()!;
      if (done.has(current.key)) continue;
      done.add(current.key);
      for (const edge of edges) {
        const next = edge.from === current ? edge.to : edge.to === current ? edge.from : null;
        if (!next) continue;
        const d = dist.get(current.key)! + edge.cost;
        if (d < (dist.get(next.key) ?? Infinity)) {
          dist.set(next.key, d);
          prev.set(next.key, edge);
          queue.push(next);
        }
      }
    }
    // Equally near tables join in the order the question names them.
    pending.sort((a, b) => (dist.get(a.key) ?? Infinity) - (dist.get(b.key) ?? Infinity) || position(a) - position(b));
    const target = pending.shift()!;
    const total = dist.get(target.key);
    if (total === undefined) return null;
    cost += Math.max(0, total);
    const path: { table: IndexedTable; via: JoinEdge }[] = [];
    let key = target.key;
    let table = target;
    while (!inTree.has(key)) {
      const edge = prev.get(key)!;
      path.unshift({ table, via: edge });
      table = edge.from === table ? edge.to : edge.from;
      key = table.key;
    }
    for (const step of path) {
      inTree.set(step.table.key, step);
      order.push(step);
    }
    for (let i = pending.length - 1; i >= 0; i--) if (inTree.has(pending[i]!.key)) pending.splice(i, 1);
  }
  return { steps: order, cost, inferred: order.some((s) => s.via !== null && s.via.origin !== 'declared') };
}
