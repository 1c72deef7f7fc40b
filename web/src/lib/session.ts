/** Where the browser keeps the tokens between visits. */
export interface Tokens {
  access_token: string;
  refresh_token: string;
}

/** The part of the Web Storage API used here (localStorage in the browser, a Map in tests). */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

const KEY = 'askdb.tokens';
const browserStore = () => (globalThis as unknown as { localStorage: KeyValueStore }).localStorage;

export function loadTokens(storage: KeyValueStore = browserStore()): Tokens | null {
  try {
    const raw = storage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Tokens) : null;
  } catch {
    return null;
  }
}

export function saveTokens(tokens: Tokens | null, storage: KeyValueStore = browserStore()): void {
  if (tokens)
    storage.setItem(KEY, JSON.stringify({ access_token: tokens.access_token, refresh_token: tokens.refresh_token }));
  else storage.removeItem(KEY);
}
