import { isSoftWord } from '../understand.ts';
import { conflictingValues } from './conditions.ts';
import type { MentionItem, Reading } from './reading.ts';

/** Words no phase claimed: "both" that only lists columns is read; cues and names left over are noted; conflicts block. */
export function settleLeftovers(r: Reading): void {
  // "give both the names and the population": "both" only lists columns.
  r.tokens.forEach((t, k) => {
    if (t.lower !== 'both') return;
    const next = r.items.find((x): x is MentionItem => x.kind === 'mention' && x.start > k);
    if (next && r.frame.used.some((u) => u.start === next.start && u.role === 'show')) r.usedTokens.add(k);
  });
  for (const item of r.items) {
    const text = r.tokens
      .slice(item.start, item.end)
      .map((t) => t.text)
      .join(' ');
    const unitAfter = item.kind === 'cue' && item.cue.type === 'group' && isSoftWord(r.tokens[item.end]?.lower ?? '');
    if (item.kind === 'cue' && item.cue.type === 'unsupported')
      r.frame.blocked.push(`"${text}" asks for ${item.cue.what}, which I cannot compute`);
    else if (
      item.kind === 'cue' &&
      !item.used &&
      item.cue.type !== 'or' &&
      !unitAfter &&
      !(item.cue.type === 'group' && r.tokens[item.start]!.lower === 'by')
    )
      r.frame.loose.push(`could not apply "${text}"`);
    if (item.used) for (let k = item.start; k < item.end; k++) r.usedTokens.add(k);
    if (item.kind === 'mention' && !item.used && item.mention.candidates[0]!.score >= 0.7)
      r.frame.loose.push(`"${text}" has no clear role`);
  }
  r.frame.blocked.push(...conflictingValues(r.tokens, r.frame));
}
