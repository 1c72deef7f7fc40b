import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { ErrorText } from '../../components/ui.tsx';
import { api, del } from '../../lib/api.ts';
import { formatWhen } from '../../lib/format.ts';
import { paths } from '../../lib/routes.ts';
import type { Connection, Session } from '../../lib/types.ts';

function useSessions(connection: Connection) {
  return useQuery({
    queryKey: ['sessions', connection.id],
    queryFn: () => api<Session[]>(`/chat/${connection.id}/sessions`),
  });
}

/** The person's chats on this database, newest first, each a link (so Back and reload keep it). */
export function SessionList({ connection, current }: { connection: Connection; current: string | null }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const sessions = useSessions(connection);
  const remove = async (session: Session) => {
    await del(`/chat/${connection.id}/sessions/${session.id}`);
    if (session.id === current) navigate(paths.chat(connection.id));
    queryClient.removeQueries({ queryKey: ['session', connection.id, session.id] });
    await queryClient.invalidateQueries({ queryKey: ['sessions', connection.id] });
  };
  return (
    <nav className="sessions" aria-label="Your chats">
      <Link to={paths.chat(connection.id)} className="button">
        New chat
      </Link>
      <ul>
        {sessions.data?.map((s) => (
          <li key={s.id} className={s.id === current ? 'active' : undefined}>
            <Link to={paths.chat(connection.id, s.id)} aria-current={s.id === current ? 'page' : undefined}>
              <span className="session-title">{s.title}</span>
              <time className="muted small" dateTime={s.updated_at}>
                {formatWhen(s.updated_at)}
              </time>
            </Link>
            <ConfirmButton
              label={`Delete chat “${s.title}”`}
              question="Delete this chat and its answers?"
              confirm="Delete chat"
              onConfirm={() => remove(s)}
            >
              ×
            </ConfirmButton>
          </li>
        ))}
      </ul>
      {sessions.data?.length === 0 && <p className="muted small">No chats yet.</p>}
      <ErrorText error={sessions.error} />
    </nav>
  );
}
