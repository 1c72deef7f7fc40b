export { checkSql, checkSqlSync, loadSqlGuard, MAX_SQL_BYTES } from './guard.ts';
export type {
  GuardAccepted,
  GuardOptions,
  GuardRejected,
  GuardRejectionCode,
  GuardVerdict,
  RelationRef,
} from './types.ts';
