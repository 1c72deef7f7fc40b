/**
 * The API's shapes as the web UI uses them, taken from the types generated from the server's OpenAPI
 * document (api-types.ts, `npm run gen:api-types`): a route's schema changes, the UI's types follow.
 */
import type { paths } from './api-types.ts';

type Method = 'get' | 'post' | 'put' | 'delete';

/** The JSON a route answers with (its 200, or 201 for a creation). */
type Answer<P extends keyof paths, M extends Method> = paths[P][M] extends {
  responses: infer R;
}
  ? R extends { 200: { content: { 'application/json': infer J } } }
    ? J
    : R extends { 201: { content: { 'application/json': infer J } } }
      ? J
      : never
  : never;

export type User = Answer<'/auth/me', 'get'>;
export type Connection = Answer<'/connections/{id}', 'get'>;
export type Permission = Connection['permission'];
export type Message = Answer<'/chat/{connection_id}', 'post'>;
export type Column = NonNullable<Message['columns']>[number];
export type Chart = NonNullable<Message['chart']>;

/** What to offer after a message (GET /chat/{cid}/messages/{mid}/next). */
export type NextSteps = Answer<'/chat/{connection_id}/messages/{message_id}/next', 'get'>;

/** A result of SQL edited in the workbench (POST /chat/{cid}/messages/{mid}/run). */
export type Draft = Answer<'/chat/{connection_id}/messages/{message_id}/run', 'post'>;

export type Session = Answer<'/chat/{connection_id}/sessions', 'get'>[number];
export type Insight = Answer<'/intelligence/{connection_id}/insights', 'get'>['items'][number];

/** A business term of a connection (GET /intelligence/{id}/terms). */
export type BusinessTerm = Answer<'/intelligence/{connection_id}/terms', 'get'>['items'][number];

/** A term an answer used, as its provenance records it (provenance is free-form JSON in the API). */
export interface TermUse {
  name: string;
  kind: string;
  expression: string;
  table: string;
  editor: string | null;
}

export const busyStatuses = new Set(['pending', 'analyzing', 'indexing', 'updating']);

/** GET /system/health. */
export type Health = Answer<'/system/health', 'get'>;
