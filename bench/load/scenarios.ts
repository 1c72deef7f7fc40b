/** The load bench's scenarios, as autocannon request sequences over a stack's users and connection. */
import type { Scenario, Step } from './measure.ts';
import type { BenchUser } from './setup.ts';
import { routeSql } from './target.ts';

export interface ScenarioInput {
  connectionId: string;
  users: BenchUser[];
  connections: number;
  seconds: number;
  rate?: number;
}

/** Round-robin over a list, shared by every client of one scenario. */
function rotation<T>(items: T[]): () => T {
  let next = 0;
  return () => items[next++ % items.length]!;
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

export function health(input: ScenarioInput): Scenario {
  return {
    name: 'GET /system/health',
    connections: input.connections,
    seconds: input.seconds,
    rate: input.rate,
    steps: [{ method: 'GET', path: '/system/health' }],
  };
}

export function sqlRoute(input: ScenarioInput): Scenario {
  const user = rotation(input.users);
  return {
    name: 'POST /connections/{id}/sql',
    connections: input.connections,
    seconds: input.seconds,
    rate: input.rate,
    steps: [
      {
        method: 'POST',
        path: `/connections/${input.connectionId}/sql`,
        headers: () => bearer(user().token),
        body: () => ({ sql: routeSql }),
      },
    ],
  };
}

/** One question per request, each in a new chat session, from a pool of questions. */
export function chat(input: ScenarioInput, name: string, questions: string[]): Scenario {
  const user = rotation(input.users);
  const question = rotation(questions);
  return {
    name,
    connections: input.connections,
    seconds: input.seconds,
    rate: input.rate,
    steps: [
      {
        method: 'POST',
        path: `/chat/${input.connectionId}`,
        headers: () => bearer(user().token),
        body: () => ({ question: question() }),
      },
    ],
  };
}

/** What people do: log in, list connections, ask, read the session back, share it. Answers are the unit. */
export function mixed(input: ScenarioInput, questions: string[], onAnswer?: (messageId: string) => void): Scenario {
  const user = rotation(input.users);
  const question = rotation(questions);
  const auth = (c: Record<string, any>) => bearer(c.token as string);
  const steps: Step[] = [
    {
      method: 'POST',
      path: '/auth/login',
      body: (c) => {
        const u = user();
        c.user = u;
        return { username: u.username, password: u.password };
      },
      capture: (body, c) => {
        if (typeof body?.access_token === 'string') c.token = body.access_token;
      },
    },
    { method: 'GET', path: '/connections', headers: auth },
    {
      method: 'POST',
      path: `/chat/${input.connectionId}`,
      headers: auth,
      body: () => ({ question: question() }),
      capture: (body, c) => {
        c.session = body.session_id;
        if (typeof body.message_id === 'string') onAnswer?.(body.message_id);
      },
      counts: true,
    },
    { method: 'GET', path: (c) => `/chat/${input.connectionId}/sessions/${c.session}`, headers: auth },
    {
      method: 'POST',
      path: (c) => `/chat/${input.connectionId}/sessions/${c.session}/share`,
      headers: auth,
      body: () => ({ shared: true }),
    },
  ];
  return {
    name: 'mixed (login, list, ask, read, share)',
    connections: input.connections,
    seconds: input.seconds,
    rate: input.rate,
    steps,
  };
}
