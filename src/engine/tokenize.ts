import { lemma } from './lexicon.ts';

type TokenKind = 'word' | 'number' | 'quoted' | 'symbol' | 'isodate';

export interface Token {
  kind: TokenKind;
  /** The text as written (for quoted tokens: without the quotes). */
  text: string;
  /** Lower-cased text. */
  lower: string;
  /** Dictionary form of a word (plural → singular); equals `lower` for other kinds. */
  lemma: string;
  /** Numeric value of a number token. */
  value?: number;
  /** Index of the token in the question. */
  index: number;
  /** Written in capitals amid lower-case words ("US", "IT"): a name, never a function word. */
  acronym?: true;
}

const smallNumbers: Record<string, number> = {
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};
const multipliers: Record<string, number> = {
  hundred: 100,
  thousand: 1_000,
  million: 1_000_000,
  billion: 1_000_000_000,
};

// Quotes open only at a word boundary, so apostrophes inside words (What's, Mark’s) stay in the word.
const pattern =
  /(?<iso>\b\d{4}-\d{2}-\d{2}\b)|(?<quoted>(?<![\p{L}\p{N}])(?:"[^"]+"|“[^”]+”|'[^']+'(?![\p{L}\p{N}])|‘[^’]+’(?![\p{L}\p{N}])|`[^`]+`))|(?<number>\$?\d[\d,]*(?:\.\d+)?%?(?:st|nd|rd|th|k|m)?\b)|(?<word>[\p{L}][\p{L}\p{N}_]*(?:-(?:ins?|ups?|outs?|ons?|offs?)\b)?(?:['’][\p{L}]+)?)|(?<symbol>>=|<=|<>|!=|[<>=%#?,;.&/+*-])/gu;

/** Splits a question into words, numbers (including number words), quoted values, ISO dates and symbols. */
export function tokenize(question: string): Token[] {
  const raw: Omit<Token, 'index'>[] = [];
  for (const match of question.matchAll(pattern)) {
    const groups = match.groups ?? {};
    if (groups.iso) raw.push(plain('isodate', groups.iso));
    else if (groups.quoted) {
      const inner = groups.quoted.slice(1, -1).trim();
      raw.push({ kind: 'quoted', text: inner, lower: inner.toLowerCase(), lemma: inner.toLowerCase() });
    } else if (groups.number) raw.push(numberToken(groups.number));
    else if (groups.word) raw.push(wordToken(groups.word));
    else if (groups.symbol) raw.push(plain('symbol', groups.symbol));
  }
  const mixedCase = raw.some((t) => t.kind === 'word' && /\p{Ll}/u.test(t.text));
  return foldNumberWords(raw).map((token, index) =>
    mixedCase && token.kind === 'word' && /^\p{Lu}{2,4}$/u.test(token.text)
      ? { ...token, index, acronym: true as const }
      : { ...token, index },
  );
}

function plain(kind: TokenKind, text: string): Omit<Token, 'index'> {
  return { kind, text, lower: text.toLowerCase(), lemma: text.toLowerCase() };
}

function wordToken(text: string): Omit<Token, 'index'> {
  const lower = text.toLowerCase().replace(/’/g, "'");
  // Phrasal nouns are one word: check-ins → checkin, sign-ups → signup.
  return { kind: 'word', text, lower, lemma: lemma(lower.replace(/'s$/, '').replace(/-/g, '')) };
}

function numberToken(text: string): Omit<Token, 'index'> {
  let digits = text.replace(/[$,%]/g, '').replace(/(st|nd|rd|th)$/, '');
  let scale = 1;
  if (digits.endsWith('k')) {
    scale = 1_000;
    digits = digits.slice(0, -1);
  }
  if (digits.endsWith('m')) {
    scale = 1_000_000;
    digits = digits.slice(0, -1);
  }
  const value = Number(digits) * scale;
  return { kind: 'number', text, lower: text.toLowerCase(), lemma: text.toLowerCase(), value };
}

/** "a hundred thousand" → 100000, "five" → 5, "2 million" → 2000000. */
function foldNumberWords(tokens: Omit<Token, 'index'>[]): Omit<Token, 'index'>[] {
  const out: Omit<Token, 'index'>[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const startsNumber =
      (token.kind === 'word' && (token.lower in smallNumbers || token.lower in multipliers)) ||
      (token.kind === 'word' &&
        token.lower === 'a' &&
        tokens[i + 1]?.lower !== undefined &&
        tokens[i + 1]!.lower in multipliers) ||
      (token.kind === 'number' && tokens[i + 1]?.lower !== undefined && tokens[i + 1]!.lower in multipliers);
    if (!startsNumber) {
      out.push(token);
      continue;
    }
    let total = 0;
    let current = 0;
    let j = i;
    const texts: string[] = [];
    for (; j < tokens.length; j++) {
      const t = tokens[j]!;
      if (t.kind === 'number' && j === i) current = t.value ?? 0;
      else if (t.kind === 'word' && t.lower === 'a' && j === i) current = 1;
      else if (t.kind === 'word' && t.lower in smallNumbers) current += smallNumbers[t.lower]!;
      else if (t.kind === 'word' && t.lower in multipliers) {
        const m = multipliers[t.lower]!;
        if (m === 100) current = (current || 1) * 100;
        else {
          total += (current || 1) * m;
          current = 0;
        }
      } else if (
        t.kind === 'word' &&
        t.lower === 'and' &&
        j > i &&
        tokens[j + 1]?.lower !== undefined &&
        tokens[j + 1]!.lower in smallNumbers
      )
        continue;
      else break;
      texts.push(t.text);
    }
    const value = total + current;
    const text = texts.join(' ');
    out.push({ kind: 'number', text, lower: text.toLowerCase(), lemma: text.toLowerCase(), value });
    i = j - 1;
  }
  return out;
}
