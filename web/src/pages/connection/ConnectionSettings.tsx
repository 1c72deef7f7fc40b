import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { ErrorText } from '../../components/ui.tsx';
import { del, post, put } from '../../lib/api.ts';
import type { Connection } from '../../lib/types.ts';

interface TestResult {
  ok: boolean;
  message: string;
  warnings: string[];
}

type Outcome = { tone: 'good' | 'bad'; text: string; warnings?: string[] } | null;

/** Where and as whom to log in, as the form says now (an empty password keeps the stored one). */
function targetOf(form: HTMLFormElement) {
  const values = Object.fromEntries(new FormData(form)) as Record<string, string>;
  return {
    host: values.host ?? '',
    port: Number(values.port),
    database: values.database ?? '',
    username: values.username ?? '',
    ssl_mode: values.ssl_mode ?? 'prefer',
    ...(values.password ? { password: values.password } : {}),
    name: values.name ?? '',
    description: values.description || null,
  };
}

/** The connection's settings (owner): edit, test what is typed, re-analyse, delete. */
export function ConnectionSettings({ connection }: { connection: Connection }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const form = useRef<HTMLFormElement>(null);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<'saving' | 'testing' | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['connection', connection.id] });
  const clear = () => {
    setOutcome(null);
    setError(null);
  };
  const act = async (kind: 'saving' | 'testing', action: () => Promise<Outcome>) => {
    clear();
    setBusy(kind);
    try {
      setOutcome(await action());
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };
  const save = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const { name, description, ...target } = targetOf(event.currentTarget);
    void act('saving', async () => {
      await put(`/connections/${connection.id}`, { name, description, ...target });
      await refresh();
      return { tone: 'good', text: 'Saved.' };
    });
  };
  const test = () =>
    act('testing', async () => {
      const { name: _name, description: _description, ...target } = targetOf(form.current!);
      const result = await post<TestResult>(`/connections/${connection.id}/test`, target);
      return {
        tone: result.ok ? 'good' : 'bad',
        text: result.ok ? `Connected: ${result.message}` : `Could not connect: ${result.message}`,
        warnings: result.warnings,
      };
    });
  return (
    <div className="stack">
      <form ref={form} onSubmit={save} onChange={clear} className="grid2" aria-label="Connection settings">
        <label>
          Name
          <input name="name" defaultValue={connection.name} required />
        </label>
        <label>
          Description
          <input name="description" defaultValue={connection.description ?? ''} />
        </label>
        <label>
          Host
          <input name="host" defaultValue={connection.host} required />
        </label>
        <label>
          Port
          <input name="port" type="number" defaultValue={connection.port} min={1} max={65535} />
        </label>
        <label>
          Database
          <input name="database" defaultValue={connection.database} required />
        </label>
        <label>
          User
          <input name="username" defaultValue={connection.username} required />
        </label>
        <label>
          Password{' '}
          <small className="muted">(empty keeps it; needed again when host, port, database, user or SSL change)</small>
          <input name="password" type="password" autoComplete="new-password" />
        </label>
        <label>
          SSL
          <select name="ssl_mode" defaultValue={connection.ssl_mode}>
            {['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'].map((m) => (
              <option key={m}>{m}</option>
            ))}
          </select>
        </label>
        <div className="row wrap">
          <button type="submit" className="primary" disabled={busy !== null}>
            {busy === 'saving' ? 'Saving…' : 'Save changes'}
          </button>
          <button type="button" onClick={() => void test()} disabled={busy !== null}>
            {busy === 'testing' ? 'Testing…' : 'Test connection'}
          </button>
        </div>
      </form>
      <div aria-live="polite">
        {outcome && (
          <div role="status" className={outcome.tone === 'good' ? 'good' : 'error'}>
            <p>{outcome.text}</p>
            {outcome.warnings?.map((w) => (
              <p key={w} className="small">
                ⚠ {w}
              </p>
            ))}
          </div>
        )}
        <ErrorText error={error} />
      </div>
      <div className="row wrap">
        <button
          type="button"
          onClick={() =>
            void act('saving', async () => {
              await post(`/connections/${connection.id}/reanalyze`);
              await refresh();
              return { tone: 'good', text: 'Re-analysis queued.' };
            })
          }
        >
          Re-analyse
        </button>
        <ConfirmButton
          className="danger"
          question={`Delete “${connection.name}” and everything AskDB learned about it? The database itself is not touched.`}
          confirm="Delete connection"
          onConfirm={async () => {
            await del(`/connections/${connection.id}`);
            void queryClient.invalidateQueries({ queryKey: ['connections'] });
            navigate('/');
          }}
        >
          Delete
        </ConfirmButton>
      </div>
    </div>
  );
}
