/*
 * Operators a query may use: the symbols of pg_catalog's operators (PostgreSQL 15–18). An operator
 * is a function call in disguise, and a database may define its own (`CREATE OPERATOR +++ ...`,
 * calling any function), so a symbol that no built-in operator has is refused, and an operator
 * named with a schema (`OPERATOR(s.+)`) must name pg_catalog. Pinning pg_catalog first on the
 * search path (src/targets/search-path.ts) makes built-in symbols resolve to built-ins wherever an
 * exact match exists.
 */

export const BUILTIN_OPERATORS: ReadonlySet<string> = new Set([
  '!!', '!~', '!~*', '!~~', '!~~*', '##', '#', '#-', '#>', '#>>', '%', '&&', '&', '&<', '&<|', '&>', '*', '*<', '*<=',
  '*<>', '*=', '*>', '*>=', '+', '-', '->', '->>', '-|-', '/', '<', '<->', '<<', '<<=', '<<|', '<=', '<>', '<@', '<^',
  '=', '>', '>=', '>>', '>>=', '>^', '?#', '?&', '?', '?-', '?-|', '?|', '?||', '@', '@-@', '@>', '@?', '@@', '@@@',
  '^', '^@', '|&>', '|', '|/', '|>>', '||', '||/', '~', '~*', '~<=~', '~<~', '~=', '~>=~', '~>~', '~~', '~~*',
  // The parser's spelling of `!=`.
  '!=',
]);

export function isBuiltinOperator(symbol: string): boolean {
  return BUILTIN_OPERATORS.has(symbol);
}
