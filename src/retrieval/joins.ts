/** How tables join: the graph of declared and inferred foreign keys, the bridges between chosen tables, and join lines for a prompt. */
import type { TableInfo } from '../intelligence/model.ts';
import { tableKey } from './table-index.ts';

export type JoinGraph = Map<string, Set<string>>;

const graphs = new WeakMap<TableInfo[], JoinGraph>();

/** Undirected: a table's neighbours are those it references and those referencing it. */
export function joinGraph(tables: TableInfo[]): JoinGraph {
  let graph = graphs.get(tables);
  if (graph) return graph;
  graph = new Map(tables.map((t) => [tableKey(t), new Set<string>()]));
  for (const t of tables)
    for (const fk of t.foreignKeys) {
      const other = `${fk.referencedSchema}.${fk.referencedTable}`;
      if (!graph.has(other) || other === tableKey(t)) continue;
      graph.get(tableKey(t))!.add(other);
      graph.get(other)!.add(tableKey(t));
    }
  graphs.set(tables, graph);
  return graph;
}

/** The shortest path from `from` to any of `targets` (excluding both ends), at most `maxHops` edges long. */
function shortestBridge(graph: JoinGraph, from: string, targets: Set<string>, maxHops: number): string[] | null {
  const previous = new Map<string, string | null>([[from, null]]);
  let frontier = [from];
  for (let hop = 0; hop < maxHops && frontier.length > 0; hop++) {
    const next: string[] = [];
    for (const node of frontier)
      for (const neighbour of [...(graph.get(node) ?? [])].sort()) {
        if (previous.has(neighbour)) continue;
        previous.set(neighbour, node);
        if (targets.has(neighbour)) {
          const path: string[] = [];
          for (let at = previous.get(neighbour)!; at !== null && at !== from; at = previous.get(at)!) path.unshift(at);
          return path;
        }
        next.push(neighbour);
      }
    frontier = next;
  }
  return null;
}

/**
 * Tables needed to join the chosen ones that were not chosen themselves (a link table between two
 * entities): for each chosen table not yet joined to the first, the shortest path to the joined part.
 */
export function bridgesFor(graph: JoinGraph, chosen: string[], maxHops = 3): string[] {
  if (chosen.length < 2) return [];
  const joined = new Set([chosen[0]!]);
  const added: string[] = [];
  for (const key of chosen.slice(1)) {
    if (joined.has(key)) continue;
    if ([...(graph.get(key) ?? [])].some((n) => joined.has(n))) {
      joined.add(key);
      continue;
    }
    const path = shortestBridge(graph, key, joined, maxHops);
    joined.add(key);
    if (!path) continue;
    for (const bridge of path) {
      if (joined.has(bridge)) continue;
      joined.add(bridge);
      added.push(bridge);
    }
  }
  return added;
}

/** How the given tables join, declared or inferred: "orders.customer_id = customers.id". */
export function joinPaths(tables: TableInfo[]): string[] {
  const names = new Set(tables.map(tableKey));
  const paths: string[] = [];
  for (const table of tables) {
    for (const fk of table.foreignKeys) {
      if (!names.has(`${fk.referencedSchema}.${fk.referencedTable}`)) continue;
      const on = fk.columns
        .map((c, i) => `${table.name}.${c} = ${fk.referencedTable}.${fk.referencedColumns[i]}`)
        .join(' AND ');
      paths.push(fk.origin === 'inferred' ? `${on} (inferred)` : on);
    }
  }
  return paths;
}
