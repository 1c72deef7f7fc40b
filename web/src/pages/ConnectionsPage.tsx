import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { ErrorRetry } from '../components/ErrorRetry.tsx';
import { Badge, ErrorText, Progress, Spinner } from '../components/ui.tsx';
import { useTitle } from '../lib/use-title.ts';
import { ApiError, api, post } from '../lib/api.ts';
import { busyStatuses, type Connection } from '../lib/types.ts';

export function StatusBadge({ connection }: { connection: Connection }) {
  const tone = connection.status === 'ready' ? 'good' : connection.status === 'error' ? 'bad' : 'busy';
  return <Badge tone={tone}>{connection.status}</Badge>;
}

function useConnections() {
  return useQuery({
    queryKey: ['connections'],
    queryFn: () => api<Connection[]>('/connections'),
    refetchInterval: (query) => (query.state.data?.some((c) => busyStatuses.has(c.status)) ? 1000 : false),
  });
}

function DemoButton() {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const demo = useMutation({
    mutationFn: () => post<Connection>('/connections/demo'),
    onSuccess: (connection) => {
      void queryClient.invalidateQueries({ queryKey: ['connections'] });
      navigate(`/db/${connection.id}`);
    },
    onError: (error) => {
      const existing =
        error instanceof ApiError && error.status === 409
          ? (error.details as { connection_id?: string })?.connection_id
          : undefined;
      if (existing) navigate(`/db/${existing}`);
    },
  });
  return (
    <div className="demo-card">
      <div>
        <h2>Try the demo database</h2>
        <p className="muted">
          A fictional retailer with three years of customers, orders, products, stores and payments. Add it in one click
          and ask it anything.
        </p>
      </div>
      <button type="button" className="primary" onClick={() => demo.mutate()} disabled={demo.isPending}>
        {demo.isPending ? 'Adding the demo…' : 'Try the demo database'}
      </button>
      {!(demo.error instanceof ApiError && demo.error.status === 409) && <ErrorText error={demo.error} />}
    </div>
  );
}

function AddConnection({ onDone }: { onDone: () => void }) {
  const [mode, setMode] = useState<'form' | 'url'>('form');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = Object.fromEntries(new FormData(event.currentTarget)) as Record<string, string>;
    setBusy(true);
    setError(null);
    try {
      const created =
        mode === 'url'
          ? await post<Connection>('/connections/from-url', {
              url: form.url,
              ...(form.name ? { name: form.name } : {}),
            })
          : await post<Connection>('/connections', {
              name: form.name,
              host: form.host,
              port: Number(form.port || 5432),
              database: form.database,
              username: form.username,
              password: form.password ?? '',
              ssl_mode: form.ssl_mode,
            });
      await queryClient.invalidateQueries({ queryKey: ['connections'] });
      onDone();
      navigate(`/db/${created.id}`);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }
  return (
    <section className="card" aria-label="Add a connection">
      <div className="tabs" role="tablist">
        <button type="button" role="tab" aria-selected={mode === 'form'} onClick={() => setMode('form')}>
          Fill in the fields
        </button>
        <button type="button" role="tab" aria-selected={mode === 'url'} onClick={() => setMode('url')}>
          Paste a URL
        </button>
      </div>
      <form onSubmit={submit} className="stack">
        {mode === 'url' ? (
          <>
            <label>
              Connection URL
              <input name="url" required placeholder="postgresql://user:password@host:5432/database?sslmode=require" />
            </label>
            <label>
              Name <small className="muted">(optional)</small>
              <input name="name" />
            </label>
          </>
        ) : (
          <div className="grid2">
            <label>
              Name
              <input name="name" required />
            </label>
            <label>
              Host
              <input name="host" required placeholder="db.example.com" />
            </label>
            <label>
              Port
              <input name="port" type="number" defaultValue={5432} min={1} max={65535} />
            </label>
            <label>
              Database
              <input name="database" required />
            </label>
            <label>
              User
              <input name="username" required autoComplete="off" />
            </label>
            <label>
              Password
              <input name="password" type="password" autoComplete="new-password" />
            </label>
            <label>
              SSL
              <select name="ssl_mode" defaultValue="prefer">
                {['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'].map((m) => (
                  <option key={m}>{m}</option>
                ))}
              </select>
            </label>
          </div>
        )}
        <p className="muted">The connection is tested before it is saved.</p>
        <ErrorText error={error} />
        <button type="submit" disabled={busy}>
          {busy ? 'Testing the connection…' : 'Test and save'}
        </button>
      </form>
    </section>
  );
}

export function ConnectionsPage() {
  useTitle('Your databases');
  const connections = useConnections();
  const [adding, setAdding] = useState(false);
  return (
    <main>
      <div className="row between">
        <h1>Your databases</h1>
        <button type="button" onClick={() => setAdding((a) => !a)}>
          {adding ? 'Close' : 'Add a connection'}
        </button>
      </div>
      {adding && <AddConnection onDone={() => setAdding(false)} />}
      {connections.isPending && <Spinner />}
      <ErrorRetry error={connections.error} onRetry={() => void connections.refetch()} />
      {connections.data && !connections.data.some((c) => c.name.startsWith('Demo:')) && <DemoButton />}
      {connections.data?.length === 0 && (
        <p className="muted">No connections yet: try the demo, or add your own PostgreSQL database.</p>
      )}
      <ul className="connection-list">
        {connections.data?.map((c) => (
          <li key={c.id} className="card">
            <div className="row between">
              <Link to={`/db/${c.id}`} className="title">
                {c.name}
              </Link>
              <span className="row">
                <Badge>{c.permission}</Badge>
                <StatusBadge connection={c} />
              </span>
            </div>
            <p className="muted">
              {c.database} on {c.host}:{c.port} · owner {c.owner.username}
            </p>
            {busyStatuses.has(c.status) && <Progress value={c.analysis_progress} label={`Analysis of ${c.name}`} />}
            {c.status === 'error' && <p className="error">{c.status_message}</p>}
          </li>
        ))}
      </ul>
    </main>
  );
}
