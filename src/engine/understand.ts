import type { AggregateFn, Comparison } from './ast.ts';
import { readPeriods, type DateUnit, type Period } from './time.ts';
import {
  adjectiveBase,
  attributesOf,
  glossOf,
  isEnglishWord,
  isGradedAdjective,
  singular,
  stopWords,
  verbBase,
} from '../text/index.ts';
import type { Token } from './tokenize.ts';

/** A reading of a few words that shapes the query rather than naming something in the database. */
export type Cue =
  | { type: 'aggregate'; fn: AggregateFn }
  /** highest, most, longest…: an order or a MAX/MIN, decided by context; `hint` names likely columns. */
  | { type: 'extreme'; direction: 'asc' | 'desc'; hint: string[]; explicit: boolean }
  | { type: 'group' }
  | { type: 'orderBy' }
  | { type: 'direction'; direction: 'asc' | 'desc' }
  | { type: 'alphabetical' }
  | { type: 'top'; n: number }
  | { type: 'compare'; op: Comparison; value: number }
  | { type: 'between'; low: number; high: number }
  | { type: 'negation' }
  | { type: 'distinct' }
  | { type: 'ratio'; percent: boolean }
  | { type: 'like'; mode: 'prefix' | 'suffix' | 'contains' }
  | { type: 'period'; period: Period }
  | { type: 'bucket'; unit: DateUnit; word: string }
  | { type: 'or' }
  /** Words that only qualify another reading ("inclusive of today"): read, then set aside. */
  | { type: 'noop' }
  | { type: 'limitOne' }
  /** "all the information about X": every column of the rows asked for. */
  | { type: 'everything' }
  /** A comparison with a figure the engine cannot compute inline ("less than the average salary"). */
  | { type: 'unsupported'; what: string }
  /** "of the data", "in the data": relative periods count back from the latest date present, not from today. */
  | { type: 'anchor' };

export interface CueMatch {
  cue: Cue;
  start: number;
  end: number;
}

type Phrase = [string, Cue | ((tokens: Token[], end: number) => { cue: Cue; end: number } | null)];

const desc = (hint: string[] = [], explicit = false): Cue => ({ type: 'extreme', direction: 'desc', hint, explicit });
const asc = (hint: string[] = [], explicit = false): Cue => ({ type: 'extreme', direction: 'asc', hint, explicit });
const temporal = ['date', 'time', 'timestamp', 'year'];

const numberAfter =
  (op: Comparison) =>
  (tokens: Token[], end: number): { cue: Cue; end: number } | null => {
    let at = end;
    if (tokens[at]?.text === '$') at++;
    const t = tokens[at];
    if (t?.kind !== 'number' || t.value === undefined) return null;
    return { cue: { type: 'compare', op, value: t.value }, end: at + 1 };
  };

/** "greater than or equal to 5", "greater than or equal 5": the inclusive comparisons. */
function orEqual(words: string[], op: Comparison): Phrase[] {
  return words.flatMap((w): Phrase[] => [
    [`${w} than or equal to`, numberAfter(op)],
    [`${w} than or equal`, numberAfter(op)],
    [`${w} or equal to`, numberAfter(op)],
  ]);
}

const phrases: Phrase[] = [
  ['how many', { type: 'aggregate', fn: 'count' }],
  ['total number of', { type: 'aggregate', fn: 'count' }],
  ['total count of', { type: 'aggregate', fn: 'count' }],
  ['number of', { type: 'aggregate', fn: 'count' }],
  // "the number and average age of students": a count of the rows the next figure is over.
  ['the number and', { type: 'aggregate', fn: 'count' }],
  ['the count and', { type: 'aggregate', fn: 'count' }],
  ['count of', { type: 'aggregate', fn: 'count' }],
  ['count the number of', { type: 'aggregate', fn: 'count' }],
  ['count the', { type: 'aggregate', fn: 'count' }],
  ['# of', { type: 'aggregate', fn: 'count' }],
  ['total', { type: 'aggregate', fn: 'sum' }],
  ['sum of', { type: 'aggregate', fn: 'sum' }],
  ['combined', { type: 'aggregate', fn: 'sum' }],
  ['average', { type: 'aggregate', fn: 'avg' }],
  ['avg', { type: 'aggregate', fn: 'avg' }],
  ['mean', { type: 'aggregate', fn: 'avg' }],
  ['maximum', desc([], true)],
  ['max', desc([], true)],
  ['minimum', asc([], true)],
  ['min', asc([], true)],
  ['most recent', desc(temporal)],
  ['least recent', asc(temporal)],
  ['latest', desc(temporal)],
  ['newest', desc(temporal)],
  ['earliest', asc(temporal)],
  ['highest', desc()],
  ['greatest', desc()],
  ['most', desc()],
  ['lowest', asc()],
  ['least', asc()],
  ['fewest', asc()],
  ['ordered by', { type: 'orderBy' }],
  ['order by', { type: 'orderBy' }],
  ['sorted by', { type: 'orderBy' }],
  ['sort by', { type: 'orderBy' }],
  ['ranked by', { type: 'orderBy' }],
  ['in order of', { type: 'orderBy' }],
  ['order the results by', { type: 'orderBy' }],
  ['order them by', { type: 'orderBy' }],
  ['in descending order', { type: 'direction', direction: 'desc' }],
  ['in ascending order', { type: 'direction', direction: 'asc' }],
  ['descending', { type: 'direction', direction: 'desc' }],
  ['ascending', { type: 'direction', direction: 'asc' }],
  ['from highest to lowest', { type: 'direction', direction: 'desc' }],
  ['highest to lowest', { type: 'direction', direction: 'desc' }],
  ['from largest to smallest', { type: 'direction', direction: 'desc' }],
  ['largest to smallest', { type: 'direction', direction: 'desc' }],
  ['from longest to shortest', { type: 'direction', direction: 'desc' }],
  ['from most to least', { type: 'direction', direction: 'desc' }],
  ['most to least', { type: 'direction', direction: 'desc' }],
  ['from best to worst', { type: 'direction', direction: 'desc' }],
  ['highest first', { type: 'direction', direction: 'desc' }],
  ['from lowest to highest', { type: 'direction', direction: 'asc' }],
  ['lowest to highest', { type: 'direction', direction: 'asc' }],
  ['from smallest to largest', { type: 'direction', direction: 'asc' }],
  ['from least to most', { type: 'direction', direction: 'asc' }],
  ['lowest first', { type: 'direction', direction: 'asc' }],
  ['oldest first', { type: 'direction', direction: 'asc' }],
  ['newest first', { type: 'direction', direction: 'desc' }],
  ['alphabetically', { type: 'alphabetical' }],
  ['in alphabetical order', { type: 'alphabetical' }],
  ['alphabetical order', { type: 'alphabetical' }],
  ['for each', { type: 'group' }],
  ['in each', { type: 'group' }],
  ['for every', { type: 'group' }],
  ['grouped by', { type: 'group' }],
  ['group by', { type: 'group' }],
  ['broken down by', { type: 'group' }],
  ['split by', { type: 'group' }],
  ['per', { type: 'group' }],
  ['each', { type: 'group' }],
  ['every', { type: 'group' }],
  ['by', { type: 'group' }],
  ...orEqual(['more', 'greater', 'higher', 'larger', 'bigger'], '>='),
  ...orEqual(['less', 'fewer', 'lower', 'smaller'], '<='),
  ['not less than', numberAfter('>=')],
  ['not more than', numberAfter('<=')],
  ['not fewer than', numberAfter('>=')],
  ['more than', numberAfter('>')],
  ['greater than', numberAfter('>')],
  ['higher than', numberAfter('>')],
  ['larger than', numberAfter('>')],
  ['bigger than', numberAfter('>')],
  ['over', numberAfter('>')],
  ['above', numberAfter('>')],
  ['exceeding', numberAfter('>')],
  ['>', numberAfter('>')],
  ['at least', numberAfter('>=')],
  ['no less than', numberAfter('>=')],
  ['>=', numberAfter('>=')],
  ['less than', numberAfter('<')],
  ['fewer than', numberAfter('<')],
  ['lower than', numberAfter('<')],
  ['smaller than', numberAfter('<')],
  ['under', numberAfter('<')],
  ['below', numberAfter('<')],
  ['<', numberAfter('<')],
  ['at most', numberAfter('<=')],
  ['no more than', numberAfter('<=')],
  ['<=', numberAfter('<=')],
  ['equal to', numberAfter('=')],
  ['exactly', numberAfter('=')],
  ['=', numberAfter('=')],
  ['not equal to', numberAfter('<>')],
  ['!=', numberAfter('<>')],
  ['<>', numberAfter('<>')],
  [
    'between',
    (tokens, end) => {
      const a = tokens[end];
      const joiner = tokens[end + 1];
      const b = tokens[end + 2];
      if (a?.kind !== 'number' || b?.kind !== 'number' || !joiner || !['and', 'to', '-'].includes(joiner.lower))
        return null;
      return { cue: { type: 'between', low: a.value!, high: b.value! }, end: end + 3 };
    },
  ],
  [
    'top',
    (tokens, end) => {
      const t = tokens[end];
      if (t?.kind === 'number' && t.value !== undefined && Number.isInteger(t.value) && t.value > 0 && t.value < 1000)
        return { cue: { type: 'top', n: t.value }, end: end + 1 };
      return { cue: desc(), end };
    },
  ],
  // "which 5 products sold the most", "the 5 best …": a count after which/what/the, with a superlative later, is a top N.
  ...(['which', 'what', 'the'] as const).map(
    (word): Phrase => [
      word,
      (tokens, end) => {
        const t = tokens[end];
        if (t?.kind !== 'number' || t.value === undefined || !Number.isInteger(t.value) || t.value < 1 || t.value > 999)
          return null;
        const ranked = tokens
          .slice(end + 1)
          .some(
            (w) => ['most', 'least', 'fewest', 'top', 'best', 'worst'].includes(w.lower) || isGradedAdjective(w.lower),
          );
        return ranked ? { cue: { type: 'top', n: t.value }, end: end + 1 } : null;
      },
    ],
  ),
  ['not', { type: 'negation' }],
  ['without', { type: 'negation' }],
  ['never', { type: 'negation' }],
  ['no', { type: 'negation' }],
  ["don't", { type: 'negation' }],
  ["doesn't", { type: 'negation' }],
  ["didn't", { type: 'negation' }],
  ["haven't", { type: 'negation' }],
  ["hasn't", { type: 'negation' }],
  ["isn't", { type: 'negation' }],
  ["aren't", { type: 'negation' }],
  ['distinct', { type: 'distinct' }],
  ['unique', { type: 'distinct' }],
  ['different', { type: 'distinct' }],
  ['ratio', { type: 'ratio', percent: false }],
  ['fraction', { type: 'ratio', percent: false }],
  ['proportion', { type: 'ratio', percent: false }],
  ['percentage', { type: 'ratio', percent: true }],
  ['share of', { type: 'ratio', percent: true }],
  ['percent', { type: 'ratio', percent: true }],
  ['%', { type: 'ratio', percent: true }],
  ['starts with', { type: 'like', mode: 'prefix' }],
  ['starting with', { type: 'like', mode: 'prefix' }],
  ['start with', { type: 'like', mode: 'prefix' }],
  ['begins with', { type: 'like', mode: 'prefix' }],
  ['beginning with', { type: 'like', mode: 'prefix' }],
  ['begin with', { type: 'like', mode: 'prefix' }],
  ['ends with', { type: 'like', mode: 'suffix' }],
  ['ending with', { type: 'like', mode: 'suffix' }],
  ['end with', { type: 'like', mode: 'suffix' }],
  ['contains', { type: 'like', mode: 'contains' }],
  ['containing', { type: 'like', mode: 'contains' }],
  ['contain', { type: 'like', mode: 'contains' }],
  ['contained', { type: 'like', mode: 'contains' }],
  ['include the word', { type: 'like', mode: 'contains' }],
  ['includes the word', { type: 'like', mode: 'contains' }],
  ['including the word', { type: 'like', mode: 'contains' }],
  ['or', { type: 'or' }],
  ['in terms of', { type: 'orderBy' }],
  ['of the week', { type: 'noop' }],
  [
    'inclusive of',
    (tokens, end) => {
      // "inclusive of 30 days ago": restates the bound of a period just read.
      const ago = tokens.findIndex((t, k) => k >= end && k < end + 4 && t.lower === 'ago');
      return ago > 0 ? { cue: { type: 'noop' }, end: ago + 1 } : null;
    },
  ],
  ['both inclusive', { type: 'noop' }],
  ['inclusive', { type: 'noop' }],
  ['all the information', { type: 'everything' }],
  ['all information', { type: 'everything' }],
  ['all the info', { type: 'everything' }],
  ['all info', { type: 'everything' }],
  ['all the details', { type: 'everything' }],
  ['all details', { type: 'everything' }],
  ['full details', { type: 'everything' }],
  ['all the attributes', { type: 'everything' }],
  ['all attributes', { type: 'everything' }],
  ['all the columns', { type: 'everything' }],
  ['all columns', { type: 'everything' }],
  ['all the fields', { type: 'everything' }],
  ['all fields', { type: 'everything' }],
  ['everything about', { type: 'everything' }],
  ['of the data', { type: 'anchor' }],
  ['in the data', { type: 'anchor' }],
  ['of the dataset', { type: 'anchor' }],
  ['in the dataset', { type: 'anchor' }],
  ['the letter', { type: 'noop' }],
  ['the string', { type: 'noop' }],
  ['the word', { type: 'noop' }],
  ['monthly', { type: 'bucket', unit: 'month', word: 'monthly' }],
  ['yearly', { type: 'bucket', unit: 'year', word: 'yearly' }],
  ['annually', { type: 'bucket', unit: 'year', word: 'annually' }],
  ['annual', { type: 'bucket', unit: 'year', word: 'annual' }],
  ['weekly', { type: 'bucket', unit: 'week', word: 'weekly' }],
  ['daily', { type: 'bucket', unit: 'day', word: 'daily' }],
  ['quarterly', { type: 'bucket', unit: 'quarter', word: 'quarterly' }],
];

const sortedPhrases = phrases
  .map(([text, cue]) => ({ words: text.split(' '), cue }))
  .sort((a, b) => b.words.length - a.words.length);

/** Reads the cues of a question: aggregations, grouping, order, comparisons, periods, negation… */
export function readCues(tokens: Token[], now: Date): CueMatch[] {
  const found: CueMatch[] = readPeriods(tokens, now).map((p) => ({
    cue: { type: 'period', period: p.period },
    start: p.start,
    end: p.end,
  }));
  const taken = (i: number) => found.some((f) => i >= f.start && i < f.end);
  found.push(...readSpans(tokens, taken));
  found.push(...readOpenBounds(tokens, taken));
  found.push(...readFigureComparisons(tokens, taken));
  for (let i = 0; i < tokens.length; i++) {
    if (taken(i)) continue;
    const graded = readGraded(tokens, i);
    if (graded) {
      found.push(graded);
      i = graded.end - 1;
      continue;
    }
    for (const phrase of sortedPhrases) {
      const end = i + phrase.words.length;
      if (end > tokens.length) continue;
      if (!phrase.words.every((w, k) => tokens[i + k]!.lower === w)) continue;
      if ([...Array(phrase.words.length).keys()].some((k) => taken(i + k))) continue;
      const read = typeof phrase.cue === 'function' ? phrase.cue(tokens, end) : { cue: phrase.cue, end };
      if (!read) continue;
      found.push({ cue: read.cue, start: i, end: read.end });
      i = read.end - 1;
      break;
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

const upWords = new Set(['more', 'greater', 'higher', 'larger', 'bigger', 'above', 'over', 'longer', 'older']);
const downWords = new Set(['less', 'fewer', 'lower', 'smaller', 'below', 'under', 'shorter', 'younger']);

/** "3 or more orders", "$50 or less": a bound that includes the number named. */
function readOpenBounds(tokens: Token[], taken: (i: number) => boolean): CueMatch[] {
  const found: CueMatch[] = [];
  tokens.forEach((t, i) => {
    if (t.kind !== 'number' || t.value === undefined || tokens[i + 1]?.lower !== 'or' || taken(i)) return;
    const word = tokens[i + 2]?.lower ?? '';
    const op: Comparison | null = upWords.has(word) ? '>=' : downWords.has(word) ? '<=' : null;
    if (!op || tokens[i + 3]?.lower === 'than') return;
    const start = tokens[i - 1]?.text === '$' ? i - 1 : i;
    found.push({ cue: { type: 'compare', op, value: t.value }, start, end: i + 3 });
  });
  return found;
}

const comparingWords = new Set([...upWords, ...downWords, 'exceeding', 'exceeds', 'exceed', 'beyond']);
const figureWords = new Set([
  'average',
  'avg',
  'mean',
  'median',
  'maximum',
  'max',
  'minimum',
  'min',
  'total',
  'highest',
  'lowest',
  'overall',
]);

/**
 * "earned less than the average salary", "above the maximum": a comparison with a figure computed
 * over the data. The engine has no reading for it; the cue stays unused so the question is not
 * answered as if the comparison were not there.
 */
function readFigureComparisons(tokens: Token[], taken: (i: number) => boolean): CueMatch[] {
  const found: CueMatch[] = [];
  tokens.forEach((t, i) => {
    if (!comparingWords.has(t.lower) || taken(i)) return;
    let k = i + 1;
    if (tokens[k]?.lower === 'than') k++;
    if (tokens[k]?.lower === 'that' && tokens[k + 1]?.lower === 'of') k += 2;
    if (tokens[k]?.lower === 'the') k++;
    if (!figureWords.has(tokens[k]?.lower ?? '')) return;
    found.push({
      cue: { type: 'unsupported', what: 'a comparison with a figure computed over the data' },
      start: i,
      end: k + 1,
    });
  });
  return found;
}

/** Adjectives at the low end of the scale their attribute measures (shortest → least length). */
const lowPole = new Set([
  'short',
  'small',
  'little',
  'low',
  'young',
  'cheap',
  'few',
  'light',
  'narrow',
  'shallow',
  'slow',
  'poor',
  'near',
  'thin',
  'weak',
  'bad',
  'early',
  'inexpensive',
]);

/**
 * A graded adjective ("longest", "most expensive", "least popular") ranks by what the adjective
 * measures: WordNet's attribute of it (long → length) and the nouns of its definition (expensive →
 * price). The ranking column is then chosen among the columns those words name.
 */
function readGraded(tokens: Token[], i: number): CueMatch | null {
  const token = tokens[i]!;
  if (token.kind !== 'word') return null;
  const qualifier = token.lower === 'most' || token.lower === 'least' ? token.lower : null;
  const word = qualifier ? tokens[i + 1] : token;
  if (word?.kind !== 'word') return null;
  let base: string;
  if (qualifier) {
    if (!isEnglishWord(word.lower, 'adj') || isEnglishWord(word.lemma, 'noun') || temporalWords.has(word.lower))
      return null;
    base = word.lower;
  } else {
    if (!/(est|best|worst)$/.test(word.lower) || !isGradedAdjective(word.lower)) return null;
    base = adjectiveBase(word.lower);
    if (['high', 'great', 'low', 'late', 'new', 'early', 'few', 'many', 'much', 'little'].includes(base)) return null;
  }
  const low = lowPole.has(base) !== (qualifier === 'least');
  const hint = measuredBy(base);
  return { cue: low ? asc(hint) : desc(hint), start: i, end: qualifier ? i + 2 : i + 1 };
}

const temporalWords = new Set(['recent', 'late', 'new', 'early']);

function measuredBy(adjective: string): string[] {
  const attributes = attributesOf(adjective);
  const definition = (glossOf(adjective, 'adj').split(/[;"]/)[0] ?? '').toLowerCase().match(/[a-z]+/g) ?? [];
  const nouns = definition
    .filter((w) => w.length > 3 && !stopWords.has(w) && isEnglishWord(singular(w), 'noun') && !isEnglishWord(w, 'adj'))
    .map(singular);
  return [...new Set([...attributes, ...nouns])];
}

const highWords = new Set([
  'best',
  'highest',
  'most',
  'largest',
  'biggest',
  'top',
  'greatest',
  'longest',
  'newest',
  'latest',
]);
const lowWords = new Set([
  'worst',
  'lowest',
  'least',
  'smallest',
  'bottom',
  'shortest',
  'oldest',
  'earliest',
  'fewest',
]);

/** "(starting) from the best ratings to the lowest": a direction around the name of what is ranked. */
function readSpans(tokens: Token[], taken: (i: number) => boolean): CueMatch[] {
  const found: CueMatch[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i]!.lower !== 'from' || taken(i)) continue;
    const start = tokens[i - 1]?.lower === 'starting' ? i - 1 : i;
    let k = i + 1;
    if (tokens[k]?.lower === 'the') k++;
    const first = tokens[k]?.lower ?? '';
    if (!highWords.has(first) && !lowWords.has(first)) continue;
    const to = tokens.findIndex((t, j) => j > k && j <= k + 4 && t.lower === 'to');
    if (to < 0 || to === k + 1) continue;
    let e = to + 1;
    if (tokens[e]?.lower === 'the') e++;
    const last = tokens[e]?.lower ?? '';
    if (!(highWords.has(first) && lowWords.has(last)) && !(lowWords.has(first) && highWords.has(last))) continue;
    found.push({ cue: { type: 'direction', direction: highWords.has(first) ? 'desc' : 'asc' }, start, end: k + 1 });
    found.push({ cue: { type: 'noop' }, start: to, end: e + 1 });
    i = e;
  }
  return found;
}

/** Words that only hold a question together; never a reason to doubt an answer. */
export const glueWords = new Set(
  `a an the of in on at to for from with and or as is are was were be been being do does did has have had
  what which who whom whose when where how there their them they it its this that these those all any some
  me my i we our you your please can could would should will show list return give display get find tell
  want know need let also just only include including along together respectively either
  name names named called overall entire whole database table record records entry entries row rows value values
  total number count amount result results data info information then than into out up s 's one ones
  by per each every among across within exist exists existing available present currently ever
  'd 'll 're 've like such much many more less times also make sure us so get got`.split(/\s+/),
);

const unitWords = new Set(
  `meter metre kilometer km mile foot feet inch dollar usd euro pound kg kilogram gram square cubic percent`.split(' '),
);

/** Words of a question's phrasing that rarely decide which data is meant. */
const discourseWords = new Set(
  `breakdown trend overall along well whether too via through corresponding respective part combination detail
  list order sort rank group first value people person`.split(/\s+/),
);

/**
 * Verbs and units a question may use that say little about which data is meant: inflected verb forms
 * (sold, visited, living), verbs that are no noun or adjective (belong, occur), units and phrasing words.
 */
export function isSoftWord(word: string): boolean {
  const lemma = singular(word);
  if (unitWords.has(lemma) || discourseWords.has(lemma)) return true;
  const base = verbBase(word);
  if (isEnglishWord(lemma, 'noun')) return base !== word && !/s$/.test(word) && isEnglishWord(base, 'verb');
  return isEnglishWord(base, 'verb');
}
