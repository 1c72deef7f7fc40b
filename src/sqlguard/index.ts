export { checkSql, checkSqlSync, loadSqlGuard, MAX_SQL_BYTES } from './guard.ts';
export type { GuardAccepted, GuardRejectionCode, GuardVerdict, RelationRef } from './types.ts';
