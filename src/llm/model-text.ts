/*
 * The wrapping small models put around an answer: reasoning in <think> blocks and markdown code fences.
 */

export interface Stripped {
  text: string;
  notes: string[];
  /** The output ended inside a <think> block: the model never got to its answer. */
  cutOffWhileThinking: boolean;
}

const closedThink = /<(think|thinking|reasoning)>[\s\S]*?<\/\1>/gi;
const closingThink = /<\/(?:think|thinking|reasoning)>/gi;
const openingThink = /<(?:think|thinking|reasoning)>/i;

/** Removes reasoning blocks, including a closing tag with no opening (chat templates that pre-fill `<think>`) and an unclosed one (cut off). */
export function stripThinking(raw: string): Stripped {
  const notes: string[] = [];
  let text = raw.replace(closedThink, () => {
    if (notes.length === 0) notes.push('ignored the model’s <think> block');
    return ' ';
  });
  const lastClosing = [...text.matchAll(closingThink)].at(-1);
  if (lastClosing?.index !== undefined) {
    text = text.slice(lastClosing.index + lastClosing[0].length);
    if (notes.length === 0) notes.push('ignored the model’s reasoning before </think>');
  }
  let cutOffWhileThinking = false;
  const opening = openingThink.exec(text);
  if (opening) {
    const before = text.slice(0, opening.index);
    cutOffWhileThinking = before.trim() === '';
    text = before;
    notes.push(
      cutOffWhileThinking
        ? 'the output ended while the model was still thinking (cut off)'
        : 'ignored an unclosed <think> block',
    );
  }
  return { text: text.trim(), notes, cutOffWhileThinking };
}

export interface Fence {
  /** The info string after the backticks, lower-cased: "sql", "json", "" … */
  lang: string;
  body: string;
  /** False when the output ended before the closing backticks. */
  closed: boolean;
  start: number;
}

const sqlStartWords = new Set(['select', 'with']);

/** Every ``` or ~~~ fenced block, in order, also inline ones; an unclosed last fence runs to the end of the text. */
export function findFences(text: string): Fence[] {
  const fences: Fence[] = [];
  const opener = /(`{3,}|~{3,})([A-Za-z][\w+-]*)?/g;
  for (let match = opener.exec(text); match !== null; match = opener.exec(text)) {
    const marker = match[1]!;
    let lang = match[2] ?? '';
    let bodyStart = match.index + match[0].length;
    // "```SELECT 1```" has no info string: the word is already the SQL.
    if (lang && sqlStartWords.has(lang.toLowerCase())) {
      bodyStart -= lang.length;
      lang = '';
    }
    const closer = new RegExp(`${marker[0] === '`' ? '`' : '~'}{${marker.length},}`, 'g');
    closer.lastIndex = bodyStart;
    const end = closer.exec(text);
    const body = text.slice(bodyStart, end ? end.index : text.length).replace(/^[ \t]*\r?\n/, '');
    fences.push({ lang: lang.toLowerCase(), body, closed: end !== null, start: match.index });
    if (!end) break;
    opener.lastIndex = end.index + end[0].length;
  }
  return fences;
}
