import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { ErrorRetry } from '../../components/ErrorRetry.tsx';
import { Badge, ErrorText, Spinner } from '../../components/ui.tsx';
import { api, del, post } from '../../lib/api.ts';

interface AccessToken {
  id: string;
  name: string;
  prefix: string;
  created_at: string;
  last_used_at: string | null;
  expires_at: string | null;
  expired: boolean;
}

const tokensKey = ['access-tokens'];
const day = (iso: string | null, none: string) => (iso ? new Date(iso).toLocaleDateString() : none);

/** The token just created: shown once, with a button to copy it. */
function NewToken({ token, onDone }: { token: string; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="stack card" role="status">
      <p>
        <strong>Copy this token now:</strong> it is shown only once. It acts as you, with your permissions on each
        database, until you revoke it.
      </p>
      <div className="row wrap">
        <input
          readOnly
          value={token}
          aria-label="New access token"
          className="grow"
          onFocus={(e) => e.target.select()}
        />
        <button type="button" onClick={() => void navigator.clipboard?.writeText(token).then(() => setCopied(true))}>
          {copied ? 'Copied' : 'Copy token'}
        </button>
        <button type="button" className="link" onClick={onDone}>
          Done
        </button>
      </div>
      <p className="muted small">
        Use it as <code>ASKDB_TOKEN</code> for <code>askdb ask</code> and <code>askdb mcp</code>, or as{' '}
        <code>Authorization: Bearer …</code> at <code>{window.location.origin}/mcp</code>.
      </p>
    </div>
  );
}

/** Personal access tokens for scripts, `askdb ask` and MCP clients: create, copy once, revoke. */
export function AccessTokensPanel() {
  const queryClient = useQueryClient();
  const tokens = useQuery({ queryKey: tokensKey, queryFn: () => api<AccessToken[]>('/auth/tokens') });
  const [created, setCreated] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: (body: { name: string; expires_in_days?: number }) =>
      post<AccessToken & { token: string }>('/auth/tokens', body),
    onSuccess: (token) => {
      setCreated(token.token);
      void queryClient.invalidateQueries({ queryKey: tokensKey });
    },
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const days = Number(form.get('days'));
    create.mutate({ name: String(form.get('name') ?? ''), ...(days > 0 ? { expires_in_days: days } : {}) });
    event.currentTarget.reset();
  };
  const revoke = async (id: string) => {
    await del(`/auth/tokens/${id}`);
    await queryClient.invalidateQueries({ queryKey: tokensKey });
  };

  return (
    <section className="stack" aria-labelledby="tokens-heading">
      <h2 id="tokens-heading">Access tokens</h2>
      <p>
        Personal access tokens let scripts, <code>askdb ask</code> and AI assistants (through AskDB&apos;s MCP server)
        use AskDB as you. A token cannot create other tokens or change your password.
      </p>
      {created && <NewToken token={created} onDone={() => setCreated(null)} />}
      <form onSubmit={submit} className="row wrap" aria-label="Create an access token">
        <label className="grow">
          Name
          <input name="name" required maxLength={100} placeholder="What will use it? e.g. Claude Desktop" />
        </label>
        <label>
          Expires
          <select name="days" defaultValue="90">
            <option value="30">in 30 days</option>
            <option value="90">in 90 days</option>
            <option value="365">in a year</option>
            <option value="0">never</option>
          </select>
        </label>
        <button type="submit" disabled={create.isPending}>
          Create token
        </button>
      </form>
      <ErrorText error={create.error} />
      {tokens.isPending ? (
        <Spinner />
      ) : tokens.error || !tokens.data ? (
        <ErrorRetry error={tokens.error} onRetry={() => void tokens.refetch()} />
      ) : tokens.data.length === 0 ? (
        <p className="muted">No tokens yet.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Token</th>
              <th scope="col">Created</th>
              <th scope="col">Last used</th>
              <th scope="col">Expires</th>
              <th scope="col">
                <span className="visually-hidden">Revoke</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {tokens.data.map((t) => (
              <tr key={t.id}>
                <td>{t.name}</td>
                <td>
                  <code>{t.prefix}…</code>
                </td>
                <td>{day(t.created_at, '')}</td>
                <td>{day(t.last_used_at, 'never')}</td>
                <td>{t.expired ? <Badge tone="bad">expired</Badge> : day(t.expires_at, 'never')}</td>
                <td>
                  <ConfirmButton
                    label={`Revoke token “${t.name}”`}
                    question="Revoke this token? Whatever uses it stops working at once."
                    confirm="Revoke"
                    onConfirm={() => revoke(t.id)}
                  >
                    Revoke
                  </ConfirmButton>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
