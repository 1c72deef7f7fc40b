import { useState } from 'react';
import { post } from '../../lib/api.ts';
import type { Connection, Session } from '../../lib/types.ts';

/** Shares the chat by public link, or stops sharing it. */
export function ShareToggle({
  connection,
  session,
  onChange,
}: {
  connection: Connection;
  session: Session;
  onChange: () => void;
}) {
  const [copied, setCopied] = useState(false);
  const link = session.share_token ? `${window.location.origin}/share/${session.share_token}` : null;
  const toggle = async () => {
    await post(`/chat/${connection.id}/sessions/${session.id}/share`, { shared: !session.shared });
    setCopied(false);
    onChange();
  };
  return (
    <div className="row wrap share">
      <button type="button" onClick={toggle}>
        {session.shared ? 'Stop sharing' : 'Share this chat'}
      </button>
      {link && (
        <>
          <input readOnly value={link} aria-label="Public link" className="grow" onFocus={(e) => e.target.select()} />
          <button type="button" onClick={() => void navigator.clipboard?.writeText(link).then(() => setCopied(true))}>
            {copied ? 'Copied' : 'Copy link'}
          </button>
        </>
      )}
    </div>
  );
}
