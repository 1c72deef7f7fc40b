/**
 * Word knowledge of the built-in engine: dictionary forms, synonyms and the abbreviations databases
 * use in names. Kept in one module so a fuller NL package could replace it later.
 */

const irregularPlurals: Record<string, string> = {
  people: 'person', persons: 'person', children: 'child', men: 'man', women: 'woman', feet: 'foot',
  teeth: 'tooth', mice: 'mouse', geese: 'goose', data: 'data', criteria: 'criterion', indices: 'index',
  matrices: 'matrix', vertices: 'vertex', analyses: 'analysis', statuses: 'status', addresses: 'address',
  businesses: 'business', classes: 'class', sales: 'sale', series: 'series', species: 'species',
  news: 'news', lives: 'life', wives: 'wife', leaves: 'leaf', shelves: 'shelf', halves: 'half',
  movies: 'movie', cookies: 'cookie', employees: 'employee', fees: 'fee', quizzes: 'quiz',
  heroes: 'hero', potatoes: 'potato', tomatoes: 'tomato', buses: 'bus', taxes: 'tax', boxes: 'box',
  categories: 'category', cities: 'city', countries: 'country', companies: 'company',
};

const notPlural = new Set([
  'is', 'was', 'has', 'does', 'this', 'its', 'his', 'us', 'as', 'yes', 'plus', 'status', 'bus', 'gas',
  'canvas', 'alias', 'bonus', 'campus', 'census', 'corpus', 'virus', 'basis', 'analysis', 'axis',
  'thesis', 'crisis', 'diagnosis', 'always', 'perhaps', 'less', 'across', 'news', 'series', 'species',
  'physics', 'mathematics', 'economics', 'statistics', 'analytics', 'politics', 'ethics', 'metrics',
  'whereas', 'previous', 'various', 'famous', 'serious', 'numerous', 'continuous', 'gross', 'loss',
  'class', 'glass', 'pass', 'mass', 'boss', 'address', 'business', 'access', 'process', 'success',
  'progress', 'express', 'miss', 'kiss', 'chess', 'dress', 'cross', 'ms', 'dps', 'gps', 'sms', 'os',
  'kudos', 'atlas', 'texas', 'paris', 'ios', 'has', 'was', 'towards', 'afterwards', 'sometimes',
]);

/** Singular dictionary form of an English word (lower-case in, lower-case out). */
export function lemma(word: string): string {
  if (word === 'ids') return 'id';
  if (word.length <= 3 || notPlural.has(word)) return word;
  const irregular = irregularPlurals[word];
  if (irregular) return irregular;
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (/(ss|us|is)$/.test(word)) return word;
  if (/(ches|shes|xes|zes|sses)$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

/** Words that carry no meaning for linking. */
export const stopWords = new Set(
  `a an the of in on at to for from by with and or as is are was were be been being do does did has have had
  i me my we our you your it its they them their this that these those there here what which who whom whose
  when where how why all any some each every per please can could would should will shall may might must
  also just only very so than then into onto out about over under up down s 's such
  give show list return display get find tell want know need let like me us he she his her him
  one ones whole database data table record records entry entries row rows value values information info
  overall currently current respectively`
    .split(/\s+/)
    .filter(Boolean),
);

/** Groups of words that name the same thing in questions and schemas. The first word is the canonical one. */
const synonymGroups: string[][] = [
  ['customer', 'client', 'buyer', 'purchaser', 'shopper', 'consumer', 'patron'],
  ['employee', 'staff', 'worker', 'personnel'],
  ['product', 'item', 'good', 'merchandise'],
  ['order', 'purchase'],
  ['price', 'cost', 'fee', 'charge'],
  ['amount', 'sum', 'value', 'total'],
  ['revenue', 'income', 'earning', 'turnover'],
  ['quantity', 'qty', 'count', 'unit'],
  ['country', 'nation'],
  ['city', 'town'],
  ['state', 'province', 'region'],
  ['population', 'people', 'inhabitant', 'resident'],
  ['name', 'title', 'label'],
  ['description', 'desc', 'detail'],
  ['date', 'day', 'time', 'when', 'timestamp', 'datetime'],
  ['year', 'yr'],
  ['rating', 'score', 'star', 'grade', 'rate'],
  ['review', 'feedback', 'comment'],
  ['category', 'type', 'kind', 'class', 'genre', 'group', 'classification'],
  ['status', 'state'],
  ['company', 'firm', 'business', 'organization', 'organisation', 'org', 'enterprise'],
  ['supplier', 'vendor', 'provider'],
  ['user', 'member', 'account'],
  ['transaction', 'trade', 'tx', 'txn', 'deal'],
  ['address', 'location', 'addr'],
  ['phone', 'telephone', 'mobile', 'tel'],
  ['email', 'mail', 'e-mail'],
  ['length', 'long', 'longest', 'shortest'],
  ['altitude', 'height', 'elevation', 'tall', 'high'],
  ['area', 'size', 'surface'],
  ['car', 'vehicle', 'automobile', 'auto'],
  ['payment', 'pay', 'paid'],
  ['salary', 'wage', 'pay', 'compensation'],
  ['department', 'dept', 'division'],
  ['student', 'pupil', 'learner'],
  ['teacher', 'instructor', 'professor', 'lecturer'],
  ['course', 'class', 'subject'],
  ['movie', 'film'],
  ['song', 'track'],
  ['doctor', 'physician'],
  ['patient', 'case'],
  ['begin', 'start'],
  ['finish', 'end'],
  ['join', 'signup', 'register', 'registration', 'enrol', 'enroll'],
];

export const synonyms: ReadonlyMap<string, ReadonlySet<string>> = (() => {
  const map = new Map<string, Set<string>>();
  for (const group of synonymGroups)
    for (const word of group) {
      const set = map.get(word) ?? new Set<string>();
      for (const other of group) if (other !== word) set.add(other);
      map.set(word, set);
    }
  return map;
})();

/** Abbreviations found in column and table names, mapped to the word they stand for. */
export const abbreviations: Record<string, string> = {
  qty: 'quantity', amt: 'amount', num: 'number', no: 'number', nbr: 'number', cnt: 'count', id: 'id',
  cust: 'customer', cus: 'customer', usr: 'user', emp: 'employee', empl: 'employee', dept: 'department',
  prod: 'product', cat: 'category', desc: 'description', descr: 'description', addr: 'address',
  tx: 'transaction', txn: 'transaction', trx: 'transaction', trans: 'transaction', dt: 'date',
  ts: 'timestamp', tm: 'time', yr: 'year', mo: 'month', mth: 'month', wk: 'week', dy: 'day', hr: 'hour',
  pct: 'percent', perc: 'percent', avg: 'average', tot: 'total', min: 'minimum', max: 'maximum',
  org: 'organization', pub: 'publication', ref: 'reference', inv: 'inventory', acct: 'account',
  acc: 'account', bal: 'balance', pmt: 'payment', pymt: 'payment', txt: 'text', msg: 'message',
  img: 'image', pic: 'picture', loc: 'location', lat: 'latitude', lng: 'longitude', lon: 'longitude',
  long: 'longitude', st: 'street', ave: 'avenue', co: 'company', corp: 'corporation', mgr: 'manager',
  sup: 'supplier', supp: 'supplier', vend: 'vendor', ord: 'order', prc: 'price',
  crtd: 'created', upd: 'updated', del: 'deleted', stat: 'status', sts: 'status', ccy: 'currency',
  cur: 'currency', curr: 'currency', pop: 'population', cnty: 'county', ctry: 'country', cntry: 'country',
  tel: 'phone', ph: 'phone', dob: 'birth date', fname: 'first name', lname: 'last name', dob_: 'birth date',
  
};

/** Words commonly seen inside database names, used to split names written without separators. */
export const nameVocabulary = new Set(
  `id key code name title type kind status state date time day week month year quarter hour minute
  created updated deleted modified start end begin finish first last full middle short long display
  number count total amount sum price cost value rate ratio percent average min max avg qty quantity
  open close closed high low volume daily weekly monthly yearly annual epoch ms sec source
  customer client user account member person people employee staff manager salesperson
  order item product category group tag label line detail header summary note comment description text
  message email mail phone mobile address street city town state zip postal country region county
  latitude longitude lat lng location place site store shop branch office department team
  payment invoice bill receipt charge fee tax commission discount credit debit balance currency ccy
  transaction trade share shares stock ticker symbol exchange market fund price sale sales revenue profit
  color model inventory snapshot
  book keyword reference
  review rating score business
  area length capital density population
  join joined signup settlement settled active inactive flag is has
  parent child level rank position size weight height width depth age gender birth birthday
  url homepage link image photo file path version hash`.split(/\s+/).filter(Boolean),
);

/** Words in a name that qualify rather than identify (a `country_name` column is about the country). */
export const genericNameWords = new Set(['name', 'id', 'code', 'key', 'num', 'number', 'no', 'value', 'text', 'str', 'desc']);

/** Splits a database name into lower-case words: snake_case, camelCase, digits, then known words. */
export function splitName(name: string, extraVocabulary?: ReadonlySet<string>): string[] {
  const parts = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/([a-zA-Z])(\d)/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  return parts.flatMap((part) => segment(part, extraVocabulary));
}

/** Splits a run of letters into known words when it can be covered completely (dailyprice → daily price). */
export function segment(part: string, extraVocabulary?: ReadonlySet<string>): string[] {
  const known = (w: string) =>
    nameVocabulary.has(w) || nameVocabulary.has(lemma(w)) || w in abbreviations || (extraVocabulary?.has(w) ?? false);
  if (part.length <= 3 || known(part)) return [part];
  // Fewest pieces wins; pieces of one or two letters only when they are known abbreviations.
  const best: (string[] | null)[] = new Array(part.length + 1).fill(null);
  best[0] = [];
  for (let end = 1; end <= part.length; end++)
    for (let start = 0; start < end; start++) {
      const before = best[start];
      const piece = part.slice(start, end);
      if (!before || !known(piece)) continue;
      if (piece.length < 2) continue;
      const candidate = [...before, piece];
      const current = best[end];
      if (!current || candidate.length < current.length) best[end] = candidate;
    }
  return best[part.length] ?? [part];
}

/** The word an abbreviation stands for, else the word itself, in dictionary form. */
export function expand(word: string): string[] {
  const full = abbreviations[word];
  return (full ?? lemma(word)).split(' ');
}

/** True when two dictionary-form words may name the same thing. */
export function related(a: string, b: string): boolean {
  if (a === b) return true;
  return synonyms.get(a)?.has(b) ?? false;
}
