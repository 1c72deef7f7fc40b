/** Quotes an SQL identifier: `ident('Order Items')` → `"Order Items"`. */
export function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** A schema-qualified relation name, both parts quoted. */
export function qualified(schema: string, name: string): string {
  return `${ident(schema)}.${ident(name)}`;
}
