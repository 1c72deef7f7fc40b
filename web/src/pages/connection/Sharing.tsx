import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { Badge, ErrorText } from '../../components/ui.tsx';
import { api, del, post } from '../../lib/api.ts';
import type { Connection, Permission } from '../../lib/types.ts';

interface Share {
  user_id: string;
  username: string;
  permission: Permission;
}

/** Who else may use the connection (owner): share by username or exact email, change, remove. */
export function Sharing({ connection }: { connection: Connection }) {
  const queryClient = useQueryClient();
  const [query, setQuery] = useState('');
  const [permission, setPermission] = useState<Permission>('chat');
  const [error, setError] = useState<unknown>(null);
  const shares = useQuery({
    queryKey: ['shares', connection.id],
    queryFn: () => api<Share[]>(`/connections/${connection.id}/shares`),
  });
  const found = useQuery({
    queryKey: ['user-search', query],
    queryFn: () =>
      api<{ id: string; username: string; email?: string }[]>(`/users/search?q=${encodeURIComponent(query.trim())}`),
    enabled: query.trim().length >= 2,
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['shares', connection.id] });
  const share = async (userId: string) => {
    setError(null);
    try {
      await post(`/connections/${connection.id}/shares`, { user_id: userId, permission });
      setQuery('');
      await refresh();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <section className="stack" aria-labelledby="sharing-heading">
      <h2 id="sharing-heading">Sharing</h2>
      <ul className="plain">
        {shares.data?.map((s) => (
          <li key={s.user_id} className="row">
            {s.username} <Badge>{s.permission}</Badge>
            <ConfirmButton
              label={`Remove ${s.username}`}
              question={`Stop sharing with ${s.username}? Their public links to its chats stop working too.`}
              confirm="Remove"
              onConfirm={async () => {
                await del(`/connections/${connection.id}/shares/${s.user_id}`);
                await refresh();
                void queryClient.invalidateQueries({ queryKey: ['public-links', connection.id] });
              }}
            >
              Remove
            </ConfirmButton>
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
            <option value="view">view (chat + intelligence + SQL)</option>
            <option value="owner">owner (everything)</option>
          </select>
        </label>
      </div>
      {found.data && query.trim().length >= 2 && (
        <ul className="plain" aria-label="People found">
          {found.data.map((u) => (
            <li key={u.id} className="row">
              {u.username} {u.email && <span className="muted">{u.email}</span>}
              <button type="button" onClick={() => share(u.id)}>
                Share as {permission}
              </button>
            </li>
          ))}
          {found.data.length === 0 && <li className="muted">Nobody by that name.</li>}
        </ul>
      )}
      <ErrorText error={error} />
    </section>
  );
}
