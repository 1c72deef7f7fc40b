import type { Filter } from '../frame.ts';
import type { CueItem, Reading } from './reading.ts';

const ratioConnectors = new Set(['that', 'which', 'who', 'with', 'are', 'were', 'is', 'was', 'have', 'has', 'had']);
const wholeWords = ['all', 'total', 'overall', 'whole', 'entire'];

/**
 * "the ratio of X with A to X with B", "what percentage of X are A (out of all X)": splits the
 * conditions into a numerator and a denominator; conditions on other columns bound both.
 */
export function readRatio(r: Reading): void {
  const { tokens, items, filterAt, usedTokens, frame } = r;
  const cueItem = items.find((x): x is CueItem => x.kind === 'cue' && x.cue.type === 'ratio');
  if (cueItem?.cue.type !== 'ratio') return;
  const after = (f: Filter) => (filterAt.get(f) ?? -1) > cueItem.start;
  const toAt = tokens.findIndex(
    (t, k) => k > cueItem.start && (t.lower === 'to' || (t.lower === 'out' && tokens[k + 1]?.lower === 'of')),
  );
  const conditions = frame.filters.filter((f) => after(f) && f.kind !== 'period');
  let numerator: Filter[];
  let denominator: Filter[] | null;
  if (toAt > 0) {
    const first = conditions.filter((f) => filterAt.get(f)! < toAt);
    const second = conditions.filter((f) => filterAt.get(f)! > toAt);
    const columnsOf = (fs: Filter[]) =>
      new Set(
        fs.flatMap((f) =>
          'column' in f && f.column
            ? [f.column]
            : f.kind === 'any'
              ? f.filters.flatMap((x) => ('column' in x && x.column ? [x.column] : []))
              : [],
        ),
      );
    const firstColumns = columnsOf(first);
    numerator = first;
    const whole = tokens.slice(toAt, toAt + 5).some((t) => wholeWords.includes(t.lower));
    const matching = second.filter((f) => [...columnsOf([f])].some((c) => firstColumns.has(c)));
    if (!whole && matching.length === 0) return;
    denominator = whole ? null : matching;
    for (let k = toAt; k < toAt + 5 && k < tokens.length; k++)
      if (wholeWords.includes(tokens[k]!.lower) || ['to', 'out', 'of', 'the', 'number'].includes(tokens[k]!.lower))
        usedTokens.add(k);
  } else {
    const connector = tokens.findIndex((t, k) => k > cueItem.start + 1 && ratioConnectors.has(t.lower));
    if (connector < 0) return;
    numerator = conditions.filter((f) => filterAt.get(f)! > connector);
    denominator = null;
    usedTokens.add(connector);
  }
  if (numerator.length === 0) return;
  cueItem.used = true;
  frame.filters = frame.filters.filter((f) => !numerator.includes(f) && !(denominator ?? []).includes(f));
  // "the ratio of the length of X to the length of Y" compares a figure, not how many rows.
  const figure = frame.used.find(
    (u) =>
      u.role === 'show' &&
      u.candidate.kind === 'column' &&
      u.candidate.column.numeric &&
      u.start > cueItem.start &&
      u.start <= cueItem.end + 2,
  );
  const of = figure?.candidate.kind === 'column' ? figure.candidate.column : null;
  if (of) frame.projections = frame.projections.filter((c) => c !== of);
  if (of)
    for (const u of frame.used)
      if (u.role === 'show' && u.candidate.kind === 'column' && u.candidate.column === of) u.role = 'ratio';
  frame.ratio = { percent: cueItem.cue.percent, numerator, denominator, of };
}
