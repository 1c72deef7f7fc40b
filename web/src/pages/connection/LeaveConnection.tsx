import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { ErrorText } from '../../components/ui.tsx';
import { del } from '../../lib/api.ts';
import type { Connection } from '../../lib/types.ts';

/** Leaves a connection someone shared with you (your public links to its chats stop working). */
export function LeaveConnection({ connection }: { connection: Connection }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [error, setError] = useState<unknown>(null);
  return (
    <section className="stack" aria-labelledby="leave-heading">
      <h2 id="leave-heading">Leave</h2>
      <p className="muted small">
        {connection.owner.username} shared this database with you. Leaving removes your access; your public links to its
        chats stop working.
      </p>
      <div>
        <ConfirmButton
          className="danger"
          question={`Leave “${connection.name}”?`}
          confirm="Leave"
          onConfirm={async () => {
            try {
              await del(`/connections/${connection.id}/shares/me`);
              queryClient.removeQueries({ queryKey: ['connection', connection.id] });
              await queryClient.invalidateQueries({ queryKey: ['connections'] });
              navigate('/');
            } catch (e) {
              setError(e);
            }
          }}
        >
          Leave this database
        </ConfirmButton>
      </div>
      <ErrorText error={error} />
    </section>
  );
}
