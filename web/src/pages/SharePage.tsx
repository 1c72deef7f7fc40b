import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { Spinner } from '../components/ui.tsx';
import { errorOf } from '../lib/api.ts';
import type { Message } from '../lib/types.ts';
import { useTitle } from '../lib/use-title.ts';
import { MessageView } from './chat/MessageView.tsx';

interface PublicChat {
  title: string;
  connection_name: string;
  shared_at: string | null;
  messages: Message[];
}

export function SharePage() {
  const { token = '' } = useParams();
  const chat = useQuery({
    queryKey: ['public', token],
    queryFn: async () => {
      const response = await fetch(`/chat/public/${encodeURIComponent(token)}`);
      if (!response.ok) throw await errorOf(response);
      return (await response.json()) as PublicChat;
    },
    retry: false,
  });
  useTitle(chat.data ? chat.data.title : chat.error ? 'Chat not found' : null, 'Shared chat');
  if (chat.isPending) return <Spinner />;
  if (chat.error)
    return (
      <main className="narrow">
        <h1>Chat not found</h1>
        <p>This shared chat does not exist or is no longer shared.</p>
      </main>
    );
  return (
    <main>
      <h1>{chat.data.title}</h1>
      <p className="muted">A chat about “{chat.data.connection_name}”, shared from AskDB.</p>
      {chat.data.messages.map((m) => (
        <MessageView key={m.message_id} message={m} />
      ))}
    </main>
  );
}
