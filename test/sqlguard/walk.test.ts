import { describe, expect, it } from 'vitest';
import { type AstObject, TreeTooDeepError, unwrapNode, type Visit, walkTree } from '../../src/sqlguard/walk.ts';

// The walk over parse trees, on hand-made trees: which objects count as wrapped nodes, the order and
// depth of the visit, and which CTE names each part of a WITH sees.

function visits(root: unknown, maxDepth = 100): { type: string | undefined; node: AstObject; ctes: string[] }[] {
  const seen: { type: string | undefined; node: AstObject; ctes: string[] }[] = [];
  walkTree(root, maxDepth, ({ type, node, cteNames }: Visit) => {
    seen.push({ type, node, ctes: [...cteNames].sort() });
    return undefined;
  });
  return seen;
}

describe('unwrapNode', () => {
  it('unwraps an object with one key starting with a capital letter and an object body', () => {
    expect(unwrapNode({ SelectStmt: { op: 1 } })).toEqual(['SelectStmt', { op: 1 }]);
    expect(unwrapNode({ A_Const: {} })).toEqual(['A_Const', {}]);
    expect(unwrapNode({ ZedNode: {} })).toEqual(['ZedNode', {}]);
  });

  it('leaves everything else alone', () => {
    for (const value of [
      null,
      undefined,
      'SelectStmt',
      7,
      [{ SelectStmt: {} }],
      {},
      { SelectStmt: {}, RangeVar: {} },
      { larg: { op: 1 } },
      { withClause: {} },
      { '@Node': {} },
      { '[Node': {} },
      { _Node: {} },
      { SelectStmt: 'text' },
      { SelectStmt: null },
      { SelectStmt: [{}] },
    ]) {
      expect(unwrapNode(value), JSON.stringify(value)).toBeUndefined();
    }
  });
});

describe('walkTree', () => {
  it('visits parents before children, fields and list items in order, bare and wrapped', () => {
    const tree = {
      SelectStmt: {
        targetList: [{ ResTarget: { name: 'a' } }, { ResTarget: { name: 'b' } }],
        larg: { op: 'bare' },
        whereClause: { BoolExpr: { args: [] } },
      },
    };
    expect(visits(tree).map(({ type, node }) => type ?? `bare:${JSON.stringify(node)}`)).toEqual([
      'SelectStmt',
      'ResTarget',
      'ResTarget',
      'bare:{"op":"bare"}',
      'BoolExpr',
    ]);
    expect(visits(tree)[2]!.node).toEqual({ name: 'b' });
  });

  it('stops at the first value the visitor returns', () => {
    const tree = [{ A: { n: 1 } }, { B: { n: 2 } }, { C: { n: 3 } }];
    const seen: string[] = [];
    const found = walkTree(tree, 10, ({ type }) => {
      seen.push(type!);
      return type === 'B' ? 'found B' : undefined;
    });
    expect(found).toBe('found B');
    expect(seen).toEqual(['A', 'B']);
    expect(walkTree(tree, 10, () => undefined)).toBeUndefined();
  });

  it('counts each object and list as one level, and refuses one level past the limit', () => {
    // depth 0: the list, 1: the wrapper object, 2: an empty list inside it.
    const tree = [{ A: { items: [] } }];
    expect(() => walkTree(tree, 2, () => undefined)).not.toThrow();
    expect(() => walkTree([[]], 1, () => undefined)).not.toThrow();
    expect(() => walkTree([[{ A: {} }]], 1, () => undefined)).toThrow(TreeTooDeepError);
    const error = (() => {
      try {
        walkTree([[[[{}]]]], 3, () => undefined);
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(TreeTooDeepError);
    expect((error as TreeTooDeepError).limit).toBe(3);
    expect((error as Error).message).toBe('parse tree deeper than 3 levels');
  });

  it('visits nothing more than the fields of a WITH: not the clause itself, each CTE once', () => {
    // A node at the depth limit whose WITH holds nothing to visit passes.
    expect(() => walkTree({ withClause: { ctes: [] } }, 0, () => undefined)).not.toThrow();
    expect(() => walkTree({ withClause: {} }, 0, () => undefined)).not.toThrow();

    const first = { CommonTableExpr: { ctename: 'first', ctequery: { Q1: {} } } };
    const second = { CommonTableExpr: { ctename: 'second', ctequery: { Q2: {} } } };
    const withClause = { ctes: [first, second], recursive: false, extra: { Unknown: { deep: {} } } };
    const tree = { SelectStmt: { withClause, fromClause: [{ RangeVar: { relname: 'first' } }] } };
    const seen = visits(tree);
    expect(seen.map((v) => v.type ?? 'bare')).toEqual([
      'SelectStmt',
      'RangeVar',
      'Unknown',
      'bare',
      'CommonTableExpr',
      'Q1',
      'CommonTableExpr',
      'Q2',
    ]);
    expect(seen.some((v) => v.node === withClause)).toBe(false);
    const scope = Object.fromEntries(seen.map((v) => [v.type ?? 'bare', v.ctes]));
    expect(scope).toMatchObject({
      SelectStmt: [],
      RangeVar: ['first', 'second'],
      Unknown: ['first', 'second'],
      Q1: [],
      Q2: ['first'],
    });
  });

  it('lets a RECURSIVE WITH see all its CTEs, and a CTE without a name adds only an empty name', () => {
    const cte = (ctename: unknown) => ({ CommonTableExpr: { ctename, ctequery: { Q: { of: ctename } } } });
    const recursive = visits({ withClause: { ctes: [cte('a'), cte('b')], recursive: true } });
    expect(recursive.filter((v) => v.type === 'Q').map((v) => v.ctes)).toEqual([
      ['a', 'b'],
      ['a', 'b'],
    ]);
    const odd = visits({ withClause: { ctes: ['junk', {}, cte(undefined), cte('named')] }, target: { T: {} } });
    expect(odd.find((v) => v.type === 'T')!.ctes).toEqual(['', 'named']);
    const noList = visits({ withClause: { ctes: 'not a list' }, target: { T: {} } });
    expect(noList.map((v) => [v.type, v.ctes])).toEqual([
      [undefined, []],
      ['T', []],
    ]);
  });
});
