import { authorizedFetch, errorOf } from '../../lib/api.ts';
import { SseParser } from '../../lib/sse.ts';
import type { Message } from '../../lib/types.ts';

export interface Step {
  step: string;
  ms: number | null;
  detail: Record<string, unknown>;
}

/** Asks over SSE, reporting each step as it finishes; resolves with the stored answer. */
export async function askStreaming(
  connectionId: string,
  body: { question: string; session_id?: string },
  onStep: (step: Step) => void,
): Promise<Message> {
  const response = await authorizedFetch(`/chat/${connectionId}`, {
    method: 'POST',
    headers: { accept: 'text/event-stream', 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok || !response.body) throw await errorOf(response);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  const parser = new SseParser();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    for (const event of parser.push(value)) {
      if (event.event === 'step') onStep(event.data as Step);
      if (event.event === 'answer') return event.data as Message;
      if (event.event === 'error') throw new Error((event.data as { error: { message: string } }).error.message);
    }
  }
  throw new Error('The answer stream ended early');
}
