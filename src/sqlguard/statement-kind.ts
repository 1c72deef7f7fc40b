import { unwrapNode, type AstObject } from './walk.ts';

const NAMES: Record<string, string> = {
  InsertStmt: 'INSERT',
  UpdateStmt: 'UPDATE',
  DeleteStmt: 'DELETE',
  MergeStmt: 'MERGE',
  TruncateStmt: 'TRUNCATE',
  CreateStmt: 'CREATE TABLE',
  CreateTableAsStmt: 'CREATE TABLE AS',
  CreateSeqStmt: 'CREATE SEQUENCE',
  CreateTrigStmt: 'CREATE TRIGGER',
  CreateFunctionStmt: 'CREATE FUNCTION',
  CreateRoleStmt: 'CREATE ROLE',
  IndexStmt: 'CREATE INDEX',
  ViewStmt: 'CREATE VIEW',
  RuleStmt: 'CREATE RULE',
  DefineStmt: 'CREATE',
  CompositeTypeStmt: 'CREATE TYPE',
  CreateEnumStmt: 'CREATE TYPE',
  CreatedbStmt: 'CREATE DATABASE',
  DropdbStmt: 'DROP DATABASE',
  DropStmt: 'DROP',
  AlterTableStmt: 'ALTER',
  GrantStmt: 'GRANT or REVOKE',
  GrantRoleStmt: 'GRANT or REVOKE',
  VacuumStmt: 'VACUUM or ANALYZE',
  ExplainStmt: 'EXPLAIN',
  CopyStmt: 'COPY',
  DoStmt: 'DO',
  CallStmt: 'CALL',
  VariableSetStmt: 'SET or RESET',
  VariableShowStmt: 'SHOW',
  TransactionStmt: 'transaction control (BEGIN, COMMIT, ROLLBACK, SAVEPOINT)',
  CheckPointStmt: 'CHECKPOINT',
  SecLabelStmt: 'SECURITY LABEL',
  CommentStmt: 'COMMENT',
  DeclareCursorStmt: 'DECLARE CURSOR',
  ClosePortalStmt: 'CLOSE',
  RefreshMatViewStmt: 'REFRESH MATERIALIZED VIEW',
};

/** A statement kind as a person would name it: `DeleteStmt` → "DELETE", `AlterSystemStmt` → "ALTER SYSTEM". */
export function statementKindName(type: string, body: AstObject): string {
  if (type === 'CreateTableAsStmt' && body.objtype === 'OBJECT_MATVIEW') return 'CREATE MATERIALIZED VIEW';
  if (
    type === 'ExplainStmt' &&
    Array.isArray(body.options) &&
    body.options.some((option) => unwrapNode(option)?.[1].defname === 'analyze')
  ) {
    return 'EXPLAIN ANALYZE';
  }
  return (
    NAMES[type] ??
    type
      .replace(/Stmt$/, '')
      .replace(/([a-z])([A-Z])/g, '$1 $2')
      .toUpperCase()
  );
}
