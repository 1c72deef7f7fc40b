import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useNavigate, useParams } from 'react-router';
import { Badge, ErrorText, Progress, Spinner } from '../components/ui.tsx';
import { api, del, post, put } from '../lib/api.ts';
import { busyStatuses, type Connection, type Insight, type Permission } from '../lib/types.ts';
import { ChatTab } from './ChatTab.tsx';
import { StatusBadge } from './ConnectionsPage.tsx';

type Tab = 'general' | 'chat' | 'intelligence' | 'settings';
const tabsFor: Record<Permission, Tab[]> = {
  chat: ['general', 'chat'],
  view: ['general', 'chat', 'intelligence'],
  owner: ['general', 'chat', 'intelligence', 'settings'],
};

function Sharing({ connection }: { connection: Connection }) {
  const queryClient = useQueryClient();
  const [query, setQuery] = useState('');
  const [permission, setPermission] = useState<Permission>('chat');
  const [error, setError] = useState<unknown>(null);
  const shares = useQuery({
    queryKey: ['shares', connection.id],
    queryFn: () => api<{ user_id: string; username: string; email: string; permission: Permission }[]>(`/connections/${connection.id}/shares`),
  });
  const found = useQuery({
    queryKey: ['user-search', query],
    queryFn: () => api<{ id: string; username: string; email?: string }[]>(`/users/search?q=${encodeURIComponent(query)}`),
    enabled: query.trim().length >= 2,
  });
  const share = async (userId: string) => {
    setError(null);
    try {
      await post(`/connections/${connection.id}/shares`, { user_id: userId, permission });
      setQuery('');
      void queryClient.invalidateQueries({ queryKey: ['shares', connection.id] });
    } catch (e) {
      setError(e);
    }
  };
  return (
    <section className="stack">
      <h2>Sharing</h2>
      <ul>
        {shares.data?.map((s) => (
          <li key={s.user_id} className="row">
            {s.username} <Badge>{s.permission}</Badge>
            <button
              type="button"
              className="link danger"
              onClick={async () => {
                await del(`/connections/${connection.id}/shares/${s.user_id}`);
                void queryClient.invalidateQueries({ queryKey: ['shares', connection.id] });
              }}
            >
              Remove
            </button>
          </li>
        ))}
        {shares.data?.length === 0 && <li className="muted">Not shared with anyone yet.</li>}
      </ul>
      <div className="row wrap">
        <label className="grow">
          Find a person
          <input value={query} onChange={(e) => setQuery(e.target.value)} placeholder="username, or an exact email" />
        </label>
        <label>
          Permission
          <select value={permission} onChange={(e) => setPermission(e.target.value as Permission)}>
            <option value="chat">chat (ask questions)</option>
            <option value="view">view (chat + intelligence)</option>
            <option value="owner">owner (everything)</option>
          </select>
        </label>
      </div>
      <ul>
        {found.data?.map((u) => (
          <li key={u.id} className="row">
            {u.username} {u.email && <span className="muted">{u.email}</span>}
            <button type="button" onClick={() => share(u.id)}>
              Share as {permission}
            </button>
          </li>
        ))}
      </ul>
      <ErrorText error={error} />
    </section>
  );
}

function General({ connection }: { connection: Connection }) {
  return (
    <div className="stack">
      <dl className="facts">
        <dt>Database</dt>
        <dd>
          {connection.database} on {connection.host}:{connection.port}
        </dd>
        <dt>Status</dt>
        <dd>
          <StatusBadge connection={connection} /> {connection.status_message}
        </dd>
        <dt>Last analysed</dt>
        <dd>{connection.last_analyzed_at ? new Date(connection.last_analyzed_at).toLocaleString() : 'not yet'}</dd>
        <dt>Server</dt>
        <dd>{connection.server_version ?? '—'}</dd>
        <dt>Owner</dt>
        <dd>{connection.owner.username}</dd>
        <dt>Your permission</dt>
        <dd>
          <Badge>{connection.permission}</Badge>
        </dd>
      </dl>
      {connection.description && <p>{connection.description}</p>}
      {connection.permission === 'owner' && <Sharing connection={connection} />}
    </div>
  );
}

function InsightCard({ connection, insight }: { connection: Connection; insight: Insight }) {
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const save = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    try {
      await put(`/intelligence/${connection.id}/insights/${insight.id}`, { summary: form.get('summary'), document: form.get('document') });
      setEditing(false);
      void queryClient.invalidateQueries({ queryKey: ['insights', connection.id] });
    } catch (e) {
      setError(e);
    }
  };
  return (
    <article className="card">
      <div className="row between">
        <h3>
          {insight.schema === 'public' ? '' : `${insight.schema}.`}
          {insight.table} <span className="muted small">{insight.row_count.toLocaleString()} rows{insight.row_count_accuracy === 'estimated' ? ' (est.)' : ''}</span>
        </h3>
        {insight.edited && <Badge>edited</Badge>}
      </div>
      {editing ? (
        <form onSubmit={save} className="stack">
          <label>
            Summary
            <textarea name="summary" defaultValue={insight.summary} rows={2} />
          </label>
          <label>
            Document
            <textarea name="document" defaultValue={insight.document} rows={8} />
          </label>
          <ErrorText error={error} />
          <div className="row">
            <button type="submit">Save</button>
            <button type="button" onClick={() => setEditing(false)}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <p>{insight.summary}</p>
      )}
      <details>
        <summary>{insight.columns.length} columns</summary>
        <table>
          <tbody>
            {insight.columns.map((c) => (
              <tr key={c.name}>
                <td>{c.name}</td>
                <td className="muted">{c.data_type}</td>
                <td>
                  <span title={c.strategy_reason}>
                    <Badge tone={c.strategy}>{c.strategy}</Badge>
                  </span>
                </td>
                <td className="small">{c.values.slice(0, 12).map((v) => v.value).join(', ')}{c.values.length > 12 ? ', …' : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
      {connection.permission === 'owner' && !editing && (
        <button type="button" className="link" onClick={() => setEditing(true)}>
          Edit
        </button>
      )}
    </article>
  );
}

function Intelligence({ connection }: { connection: Connection }) {
  const [q, setQ] = useState('');
  const insights = useQuery({ queryKey: ['insights', connection.id], queryFn: () => api<{ items: Insight[]; total: number }>(`/intelligence/${connection.id}/insights?limit=200`) });
  const search = useQuery({
    queryKey: ['search', connection.id, q],
    queryFn: () => api<{ table: string; score: number; reasons: string[] }[]>(`/intelligence/${connection.id}/search?q=${encodeURIComponent(q)}`),
    enabled: q.trim().length > 0,
  });
  const matched = q.trim() ? new Set(search.data?.map((h) => h.table)) : null;
  return (
    <div className="stack">
      <label>
        Search tables, columns and values
        <input value={q} onChange={(e) => setQ(e.target.value)} placeholder="e.g. orders from Berlin" />
      </label>
      {search.data && q.trim() && (
        <ul className="small">
          {search.data.map((h) => (
            <li key={h.table}>
              <strong>{h.table}</strong> — {h.reasons.join('; ')}
            </li>
          ))}
        </ul>
      )}
      {insights.isPending && <Spinner />}
      <ErrorText error={insights.error} />
      {insights.data?.items.filter((i) => !matched || matched.has(i.table)).map((insight) => <InsightCard key={insight.id} connection={connection} insight={insight} />)}
    </div>
  );
}

function Settings({ connection }: { connection: Connection }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ['connection', connection.id] });
  const test = useMutation({ mutationFn: () => post<{ ok: boolean; message: string }>(`/connections/${connection.id}/test`), onSuccess: (r) => setMessage(r.message) });
  const save = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = Object.fromEntries(new FormData(event.currentTarget)) as Record<string, string>;
    setError(null);
    try {
      await put(`/connections/${connection.id}`, {
        name: form.name,
        description: form.description || null,
        host: form.host,
        port: Number(form.port),
        database: form.database,
        username: form.username,
        ssl_mode: form.ssl_mode,
        ...(form.password ? { password: form.password } : {}),
      });
      setMessage('Saved.');
      refresh();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <div className="stack">
      <form onSubmit={save} className="grid2">
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
          <input name="port" type="number" defaultValue={connection.port} />
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
          Password <small className="muted">(empty keeps it; needed again when host, port, database, user or SSL change)</small>
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
        <button type="submit">Save changes</button>
      </form>
      <div className="row wrap">
        <button type="button" onClick={() => test.mutate()} disabled={test.isPending}>
          {test.isPending ? 'Testing…' : 'Test connection'}
        </button>
        <button
          type="button"
          onClick={async () => {
            await post(`/connections/${connection.id}/reanalyze`);
            setMessage('Re-analysis queued.');
            refresh();
          }}
        >
          Re-analyse
        </button>
        <button
          type="button"
          className="danger"
          onClick={async () => {
            if (!window.confirm(`Delete "${connection.name}" and everything AskDB learned about it? The database itself is not touched.`)) return;
            await del(`/connections/${connection.id}`);
            void queryClient.invalidateQueries({ queryKey: ['connections'] });
            navigate('/');
          }}
        >
          Delete
        </button>
      </div>
      {message && <p role="status">{message}</p>}
      <ErrorText error={error ?? test.error} />
    </div>
  );
}

export function ConnectionPage() {
  const { id = '' } = useParams();
  const [tab, setTab] = useState<Tab>('general');
  const connection = useQuery({
    queryKey: ['connection', id],
    queryFn: () => api<Connection>(`/connections/${id}`),
    refetchInterval: (query) => (query.state.data && busyStatuses.has(query.state.data.status) ? 1000 : false),
  });
  if (connection.isPending) return <Spinner />;
  if (connection.error || !connection.data)
    return (
      <main>
        <ErrorText error={connection.error ?? new Error('Connection not found')} />
      </main>
    );
  const c = connection.data;
  const tabs = tabsFor[c.permission];
  const active = tabs.includes(tab) ? tab : 'general';
  return (
    <main>
      <div className="row between">
        <h1>{c.name}</h1>
        <span className="row">
          <Badge>{c.permission}</Badge>
          <StatusBadge connection={c} />
        </span>
      </div>
      {busyStatuses.has(c.status) && (
        <div className="stack">
          <Progress value={c.analysis_progress} label="Analysis progress" />
          <p className="muted small">{c.status_message}</p>
        </div>
      )}
      <div className="tabs" role="tablist" aria-label="Connection sections">
        {tabs.map((t) => (
          <button key={t} type="button" role="tab" aria-selected={t === active} onClick={() => setTab(t)}>
            {t[0]!.toUpperCase() + t.slice(1)}
          </button>
        ))}
      </div>
      <div role="tabpanel">
        {active === 'general' && <General connection={c} />}
        {active === 'chat' && <ChatTab connection={c} />}
        {active === 'intelligence' && <Intelligence connection={c} />}
        {active === 'settings' && <Settings connection={c} />}
      </div>
    </main>
  );
}
