import { useQuery } from '@tanstack/react-query';
import { Navigate, useNavigate, useParams } from 'react-router';
import { ErrorRetry } from '../components/ErrorRetry.tsx';
import { TabPanel, Tabs } from '../components/Tabs.tsx';
import { Badge, Progress, Spinner } from '../components/ui.tsx';
import { ApiError, api } from '../lib/api.ts';
import { isTab, paths, tabLabel, tabsOf } from '../lib/routes.ts';
import { busyStatuses, type Connection } from '../lib/types.ts';
import { useTitle } from '../lib/use-title.ts';
import { ChatTab } from './chat/ChatTab.tsx';
import { ConnectionSettings } from './connection/ConnectionSettings.tsx';
import { General } from './connection/General.tsx';
import { Intelligence } from './connection/Intelligence.tsx';
import { StatusBadge } from './ConnectionsPage.tsx';

/** Names the page after the tab and the database (the chat names itself after the open chat). */
function Title({ parts }: { parts: (string | null | undefined)[] }) {
  useTitle(...parts);
  return null;
}

/** One database: /db/:id/:tab, and /db/:id/chat/:sessionId for one chat. */
export function ConnectionPage() {
  const { id = '', tab, sessionId } = useParams();
  const navigate = useNavigate();
  const connection = useQuery({
    queryKey: ['connection', id],
    queryFn: () => api<Connection>(`/connections/${id}`),
    refetchInterval: (query) => (query.state.data && busyStatuses.has(query.state.data.status) ? 1000 : false),
  });
  if (connection.isPending) return <Spinner />;
  if (connection.error || !connection.data) {
    const missing = connection.error instanceof ApiError && connection.error.status === 404;
    return (
      <main>
        <Title parts={[missing ? 'Not found' : 'Error']} />
        <h1>{missing ? 'Database not found' : 'This database could not be loaded'}</h1>
        {missing ? (
          <p>It does not exist, or it is not shared with you.</p>
        ) : (
          <ErrorRetry error={connection.error} onRetry={() => void connection.refetch()} />
        )}
      </main>
    );
  }
  const c = connection.data;
  const tabs = tabsOf(c.permission);
  if (!isTab(tab) || !tabs.includes(tab) || (sessionId && tab !== 'chat'))
    return <Navigate to={paths.tab(c.id, 'general')} replace />;
  return (
    <main>
      {tab !== 'chat' && <Title parts={[tabLabel(tab), c.name]} />}
      <div className="row between wrap">
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
      <Tabs
        id="db"
        label="Database sections"
        tabs={tabs}
        active={tab}
        labelOf={tabLabel}
        onSelect={(t) => navigate(paths.tab(c.id, t))}
      />
      <TabPanel id="db" active={tab}>
        {tab === 'general' && <General connection={c} />}
        {tab === 'chat' && <ChatTab connection={c} sessionId={sessionId ?? null} />}
        {tab === 'intelligence' && <Intelligence connection={c} />}
        {tab === 'settings' && <ConnectionSettings connection={c} />}
      </TabPanel>
    </main>
  );
}
