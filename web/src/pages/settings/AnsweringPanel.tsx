import { ErrorRetry } from '../../components/ErrorRetry.tsx';
import { Badge, Spinner } from '../../components/ui.tsx';
import { useHealth } from '../../lib/health.ts';

const providerName: Record<string, string> = {
  builtin: 'the built-in engine',
  ollama: 'Ollama',
  openai: 'an OpenAI-compatible server',
};

/** Which engine answers questions here, and how an operator connects a language model. */
export function AnsweringPanel() {
  const health = useHealth();
  if (health.isPending) return <Spinner />;
  if (health.error || !health.data) return <ErrorRetry error={health.error} onRetry={() => void health.refetch()} />;
  const { llm } = health.data;
  const builtin = llm.provider === 'builtin';
  return (
    <section className="stack" aria-labelledby="answering-heading">
      <h2 id="answering-heading">Answering</h2>
      <p>
        In use: <strong>{providerName[llm.provider] ?? llm.provider}</strong>{' '}
        {!builtin && (llm.ok ? <Badge tone="good">answering</Badge> : <Badge tone="bad">not reachable</Badge>)}
        {!builtin && 'url' in llm && llm.url && <span className="muted small"> at {llm.url}</span>}
      </p>
      {!builtin && !llm.ok && llm.error && (
        <p className="error">{llm.error}: the built-in engine answers until it is back.</p>
      )}
      <p>
        The built-in engine links the words of a question to tables, columns and stored values and writes the SQL
        itself, with no model and no data leaving this server. It answers counts, totals, averages, groupings, filters
        and time series, and says which words it could not place rather than guessing.
        {builtin
          ? ' For harder questions (several joins, subqueries, unusual wording), connect a language model.'
          : ' With a language model connected, the engine still answers the questions it is sure of; the others take one call to the model.'}
      </p>
      <h3>Connecting a language model</h3>
      <p>The person running AskDB sets these in its environment (or its .env file) and restarts it:</p>
      <p>A local Ollama:</p>
      <pre className="sql">
        <code>
          {'ollama pull qwen2.5:3b\nLLM_PROVIDER=ollama OLLAMA_BASE_URL=http://127.0.0.1:11434 OLLAMA_MODEL=qwen2.5:3b'}
        </code>
      </pre>
      <p>Any OpenAI-compatible server:</p>
      <pre className="sql">
        <code>
          {
            'LLM_PROVIDER=openai OPENAI_BASE_URL=http://127.0.0.1:8080/v1 OPENAI_MODEL=<model> OPENAI_API_KEY=<key, if needed>'
          }
        </code>
      </pre>
      <p className="muted small">
        AskDB {health.data.version}. <a href="/system/health">/system/health</a> shows whether the model endpoint
        answers.
      </p>
    </section>
  );
}
