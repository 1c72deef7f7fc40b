import { useAuth } from '../../auth.tsx';
import { Badge } from '../../components/ui.tsx';
import type { Connection } from '../../lib/types.ts';
import { StatusBadge } from '../ConnectionsPage.tsx';
import { BusinessTerms } from './BusinessTerms.tsx';
import { LeaveConnection } from './LeaveConnection.tsx';
import { PublicLinks } from './PublicLinks.tsx';
import { Sharing } from './Sharing.tsx';

export function General({ connection }: { connection: Connection }) {
  const { user } = useAuth();
  const owner = connection.permission === 'owner';
  const creator = user?.id === connection.owner.id;
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
      {owner && <Sharing connection={connection} />}
      {owner && <PublicLinks connection={connection} />}
      {/* Without the Intelligence tab, chat sharees read the accepted terms answers use here. */}
      {connection.permission === 'chat' && <BusinessTerms connection={connection} />}
      {!creator && user && <LeaveConnection connection={connection} />}
    </div>
  );
}
