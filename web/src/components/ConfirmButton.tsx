import { useEffect, useRef, useState } from 'react';

interface ConfirmButtonProps {
  /** The button's text before asking ("Delete", "×"). */
  children: string;
  /** Its accessible name when the text alone says too little ("Delete chat “Orders per month”"). */
  label?: string;
  /** What is asked before acting: "Delete this chat and its answers?". */
  question: string;
  /** The confirming button's text: "Delete chat". */
  confirm: string;
  onConfirm: () => unknown;
  className?: string;
}

/** A destructive action that asks first, in place (no browser dialog), and can be cancelled. */
export function ConfirmButton({
  children,
  label,
  question,
  confirm,
  onConfirm,
  className = 'link danger',
}: ConfirmButtonProps) {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (asking) confirmRef.current?.focus();
  }, [asking]);
  if (!asking)
    return (
      <button type="button" className={className} aria-label={label} onClick={() => setAsking(true)}>
        {children}
      </button>
    );
  return (
    <span className="confirm" role="group" aria-label={question}>
      <span className="small">{question}</span>
      <button
        ref={confirmRef}
        type="button"
        className="danger"
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          try {
            await onConfirm();
          } finally {
            setBusy(false);
            setAsking(false);
          }
        }}
      >
        {confirm}
      </button>
      <button type="button" onClick={() => setAsking(false)}>
        Cancel
      </button>
    </span>
  );
}
