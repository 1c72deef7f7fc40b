/** A cell longer than the cell cap: its first bytes, and how many bytes were dropped. */
export interface CutCell {
  text: string;
  droppedBytes: number;
}

export function isCutCell(cell: unknown): cell is CutCell {
  return typeof cell === 'object' && cell !== null && 'droppedBytes' in cell;
}

/**
 * `text` whole when it holds at most `maxBytes` UTF-8 bytes; otherwise its longest prefix that does,
 * cut on a character boundary and copied, so the long original can be freed at once.
 */
export function cutCell(text: string, maxBytes: number): string | CutCell {
  // A UTF-16 unit takes 1–3 UTF-8 bytes: a string this short always fits, and one this long never does.
  if (text.length * 3 <= maxBytes) return text;
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes <= maxBytes) return text;
  const head = Buffer.from(text.slice(0, maxBytes), 'utf8').subarray(0, maxBytes);
  // A cut through a multi-byte character decodes to U+FFFD at the end: drop it.
  const kept = head.toString('utf8').replace(/\uFFFD$/, '');
  return { text: kept, droppedBytes: bytes - Buffer.byteLength(kept, 'utf8') };
}

/** How a cut cell reads in a result: its text with a visible marker of what is missing. */
export function markCut(cell: CutCell): string {
  return `${cell.text}… [truncated ${cell.droppedBytes} bytes]`;
}
