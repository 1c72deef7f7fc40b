import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { ErrorText } from '../../components/ui.tsx';
import { api, del } from '../../lib/api.ts';
import { formatWhen } from '../../lib/format.ts';
import type { Connection } from '../../lib/types.ts';

interface PublicLink {
  session_id: string;
  title: string;
  created_by: { id: string; username: string };
  shared_at: string | null;
}

/** Every chat of the connection shared by public link, whoever shared it, each revocable (owner). */
export function PublicLinks({ connection }: { connection: Connection }) {
  const queryClient = useQueryClient();
  const links = useQuery({
    queryKey: ['public-links', connection.id],
    queryFn: () => api<PublicLink[]>(`/connections/${connection.id}/public-links`),
  });
  return (
    <section className="stack" aria-labelledby="links-heading">
      <h2 id="links-heading">Public links to chats</h2>
      <ul className="plain">
        {links.data?.map((link) => (
          <li key={link.session_id} className="row wrap">
            <span className="grow">
              “{link.title}”{' '}
              <span className="muted small">
                shared by {link.created_by.username}
                {link.shared_at ? `, ${formatWhen(link.shared_at)}` : ''}
              </span>
            </span>
            <ConfirmButton
              label={`Revoke the public link to “${link.title}”`}
              question="Revoke this link? Anyone holding it loses access."
              confirm="Revoke"
              onConfirm={async () => {
                await del(`/connections/${connection.id}/public-links/${link.session_id}`);
                await queryClient.invalidateQueries({ queryKey: ['public-links', connection.id] });
              }}
            >
              Revoke
            </ConfirmButton>
          </li>
        ))}
        {links.data?.length === 0 && <li className="muted">No chat of this database is shared by link.</li>}
      </ul>
      <ErrorText error={links.error} />
    </section>
  );
}
