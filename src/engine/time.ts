import { type Expr, lit } from './ast.ts';
import type { Token } from './tokenize.ts';

export type DateUnit = 'day' | 'week' | 'month' | 'quarter' | 'year';

/** A stretch of time named in a question, as bounds on a date column: from ≤ date < until. */
export interface Period {
  from?: Expr;
  until?: Expr;
  /** A calendar year named alone ("in 2021"): a numeric year column can take it directly. */
  year?: number;
  /** A month named ("in April 2021", "in March"): a month-name column can take it directly. */
  month?: number;
  words: string;
}

const months = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
const monthAbbreviations = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const unitWords: Record<string, DateUnit> = {
  day: 'day',
  days: 'day',
  week: 'week',
  weeks: 'week',
  month: 'month',
  months: 'month',
  quarter: 'quarter',
  quarters: 'quarter',
  year: 'year',
  years: 'year',
};

function monthOf(word: string): number | null {
  const full = months.indexOf(word);
  if (full >= 0) return full + 1;
  const short = monthAbbreviations.indexOf(word.replace(/\.$/, ''));
  return short >= 0 && word !== 'may' ? short + 1 : short >= 0 ? 5 : null;
}

export function monthName(month: number): string {
  return months[month - 1]!.replace(/^./, (c) => c.toUpperCase());
}

const iso = (y: number, m: number, d: number) =>
  lit(`${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
const castDate = (e: Expr): Expr => ({ kind: 'cast', expr: e, type: 'date' });
const truncToday = (unit: DateUnit): Expr =>
  castDate({ kind: 'call', name: 'date_trunc', args: [lit(unit), { kind: 'today' }] });
const shift = (base: Expr, amount: number, unit: DateUnit): Expr =>
  unit === 'quarter'
    ? { kind: 'dateShift', base, amount: amount * 3, unit: 'month' }
    : { kind: 'dateShift', base, amount, unit };

export interface PeriodMatch {
  period: Period;
  start: number;
  end: number;
}

/**
 * Reads the periods of a question: years, months, quarters, explicit dates, ranges and
 * spans relative to today ("in the past 30 days", "last month", "since March 2023").
 */
export function readPeriods(tokens: Token[], now: Date): PeriodMatch[] {
  const found: PeriodMatch[] = [];
  const lower = (i: number) => tokens[i]?.lower ?? '';
  const yearAt = (i: number) => {
    const t = tokens[i];
    return t?.kind === 'number' &&
      t.value !== undefined &&
      Number.isInteger(t.value) &&
      t.value >= 1900 &&
      t.value <= 2100 &&
      !t.text.includes(',')
      ? t.value
      : null;
  };
  for (let i = 0; i < tokens.length; i++) {
    if (found.some((f) => i >= f.start && i < f.end)) continue;
    const date = readDate(tokens, i);
    // between DATE and DATE / from DATE to DATE
    if ((lower(i) === 'between' || lower(i) === 'from') && readDate(tokens, i + 1)) {
      const a = readDate(tokens, i + 1)!;
      const joiner = lower(a.end);
      const b =
        joiner === 'and' || joiner === 'to' || joiner === 'through' || joiner === 'until'
          ? readDate(tokens, a.end + 1)
          : null;
      if (b) {
        found.push({ period: { from: a.from, until: b.until, words: words(tokens, i, b.end) }, start: i, end: b.end });
        i = b.end - 1;
        continue;
      }
    }
    // since / after / before / on or after DATE
    const boundWord = ['since', 'after', 'before', 'until', 'from'].includes(lower(i)) ? lower(i) : null;
    const onOr = lower(i) === 'on' && lower(i + 1) === 'or' && ['after', 'before'].includes(lower(i + 2));
    if (boundWord || onOr) {
      const at = onOr ? i + 3 : i + 1;
      const d = readDate(tokens, at);
      if (d) {
        const which = onOr ? lower(i + 2) : boundWord!;
        const period: Period =
          which === 'before' || which === 'until'
            ? { until: which === 'until' || onOr ? d.until : d.from, words: words(tokens, i, d.end) }
            : { from: which === 'after' && !onOr ? d.until : d.from, words: words(tokens, i, d.end) };
        found.push({ period, start: i, end: d.end });
        i = d.end - 1;
        continue;
      }
    }
    // in the last / past / previous N units; last N units
    const relStart =
      ['in', 'over', 'during', 'within', 'for'].includes(lower(i)) && lower(i + 1) === 'the'
        ? i + 2
        : ['in', 'over', 'during', 'within'].includes(lower(i))
          ? i + 1
          : i;
    if (['last', 'past', 'previous', 'recent'].includes(lower(relStart))) {
      const n = tokens[relStart + 1];
      const unitAt = n?.kind === 'number' ? relStart + 2 : relStart + 1;
      const unit = unitWords[lower(unitAt)];
      if (unit) {
        const amount = n?.kind === 'number' ? (n.value ?? 1) : 1;
        const end = unitAt + 1;
        const calendar = n?.kind !== 'number' && lower(relStart) !== 'past';
        const period: Period = calendar
          ? { from: shift(truncToday(unit), -1, unit), until: truncToday(unit), words: '' }
          : { from: shift({ kind: 'today' }, -amount, unit), words: '' };
        period.words = words(tokens, i, end);
        found.push({ period, start: i, end });
        i = end - 1;
        continue;
      }
    }
    // this month / this year / today / yesterday
    if (['this', 'current'].includes(lower(i)) && unitWords[lower(i + 1)]) {
      const unit = unitWords[lower(i + 1)]!;
      found.push({ period: { from: truncToday(unit), words: words(tokens, i, i + 2) }, start: i, end: i + 2 });
      i++;
      continue;
    }
    if (lower(i) === 'today') {
      found.push({
        period: { from: { kind: 'today' }, until: shift({ kind: 'today' }, 1, 'day'), words: 'today' },
        start: i,
        end: i + 1,
      });
      continue;
    }
    if (lower(i) === 'yesterday') {
      found.push({
        period: { from: shift({ kind: 'today' }, -1, 'day'), until: { kind: 'today' }, words: 'yesterday' },
        start: i,
        end: i + 1,
      });
      continue;
    }
    // (the) first/second/third/fourth quarter of YEAR, Q1 YEAR
    const ordinal = ['first', 'second', 'third', 'fourth', '1st', '2nd', '3rd', '4th'].indexOf(lower(i));
    if (ordinal >= 0 && lower(i + 1) === 'quarter') {
      const y = yearAt(i + 2) ?? (lower(i + 2) === 'of' || lower(i + 2) === 'in' ? yearAt(i + 3) : null);
      if (y) {
        const q = (ordinal % 4) + 1;
        const end = yearAt(i + 2) ? i + 3 : i + 4;
        found.push({
          period: {
            from: iso(y, q * 3 - 2, 1),
            until: q === 4 ? iso(y + 1, 1, 1) : iso(y, q * 3 + 1, 1),
            words: words(tokens, i, end),
          },
          start: i,
          end,
        });
        i = end - 1;
        continue;
      }
    }
    const qMatch = /^q([1-4])$/.exec(lower(i));
    if (qMatch && yearAt(i + 1)) {
      const q = Number(qMatch[1]);
      const y = yearAt(i + 1)!;
      found.push({
        period: {
          from: iso(y, q * 3 - 2, 1),
          until: q === 4 ? iso(y + 1, 1, 1) : iso(y, q * 3 + 1, 1),
          words: words(tokens, i, i + 2),
        },
        start: i,
        end: i + 2,
      });
      i++;
      continue;
    }
    if (date) {
      found.push({
        period: {
          from: date.from,
          until: date.until,
          year: date.year,
          month: date.month,
          words: words(tokens, i, date.end),
        },
        start: i,
        end: date.end,
      });
      i = date.end - 1;
      continue;
    }
    // A month named alone: the most recent such month (this year's, or last year's when still to come).
    const m = monthOf(lower(i));
    if (m && tokens[i]!.kind === 'word' && /^[A-Z]/.test(tokens[i]!.text) && lower(i) !== 'may') {
      const y = m <= now.getMonth() + 1 ? now.getFullYear() : now.getFullYear() - 1;
      found.push({
        period: {
          from: iso(y, m, 1),
          until: m === 12 ? iso(y + 1, 1, 1) : iso(y, m + 1, 1),
          month: m,
          words: words(tokens, i, i + 1),
        },
        start: i,
        end: i + 1,
      });
    }
  }
  return found;
}

interface DateRead {
  from: Expr;
  until: Expr;
  year?: number;
  month?: number;
  end: number;
}

/** A single date or calendar stretch at `i`: 2023-04-01, April 1 2023, Apr 1, 2023, April 2023, 2023, year 2023. */
function readDate(tokens: Token[], i: number): DateRead | null {
  const t = tokens[i];
  if (!t) return null;
  const next = (k: number) => tokens[i + k];
  const yearOf = (tok: Token | undefined) =>
    tok?.kind === 'number' &&
    tok.value !== undefined &&
    Number.isInteger(tok.value) &&
    tok.value >= 1900 &&
    tok.value <= 2100 &&
    !tok.text.includes(',')
      ? tok.value
      : null;
  if (t.kind === 'isodate') {
    const [y, m, d] = t.text.split('-').map(Number) as [number, number, number];
    return { from: iso(y, m, d), until: dayAfter(y, m, d), end: i + 1 };
  }
  if (t.kind === 'word' && t.lower === 'year' && yearOf(next(1))) {
    const y = yearOf(next(1))!;
    return { from: iso(y, 1, 1), until: iso(y + 1, 1, 1), year: y, end: i + 2 };
  }
  if (yearOf(t)) {
    const y = yearOf(t)!;
    return { from: iso(y, 1, 1), until: iso(y + 1, 1, 1), year: y, end: i + 1 };
  }
  const m = t.kind === 'word' ? monthOf(t.lower) : null;
  if (m) {
    const day =
      next(1)?.kind === 'number' && (next(1)!.value ?? 0) >= 1 && (next(1)!.value ?? 0) <= 31 && !yearOf(next(1))
        ? next(1)!.value!
        : null;
    const afterDay = day ? (next(2)?.text === ',' ? 3 : 2) : 1;
    const y = yearOf(next(afterDay)) ?? (next(afterDay)?.lower === 'of' ? yearOf(next(afterDay + 1)) : null);
    const yearTokens = yearOf(next(afterDay)) ? 1 : y ? 2 : 0;
    if (day && y) return { from: iso(y, m, day), until: dayAfter(y, m, day), end: i + afterDay + yearTokens };
    if (!day && y)
      return {
        from: iso(y, m, 1),
        until: m === 12 ? iso(y + 1, 1, 1) : iso(y, m + 1, 1),
        year: y,
        month: m,
        end: i + 1 + yearTokens,
      };
  }
  return null;
}

function dayAfter(y: number, m: number, d: number): Expr {
  const next = new Date(Date.UTC(y, m - 1, d + 1));
  return iso(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate());
}

function words(tokens: Token[], start: number, end: number): string {
  return tokens
    .slice(start, end)
    .map((t) => t.text)
    .join(' ')
    .replace(/ ,/g, ',');
}
