import { parseArrayLiteral, type ArrayLiteral } from './array-literal.ts';
import type { ColumnType } from './column-types.ts';
import type { JsonValue } from './types.ts';

/*
 * Turns PostgreSQL's text form of a value into a JSON-safe value (the rules are listed on
 * ReadOnlyResult). Values arrive as text for every type, so nothing is parsed by node-postgres's
 * global type parsers and no Date object ever shifts a timestamp through the process's time zone.
 */

export type CellConverter = (text: string) => JsonValue;

// Built-in type OIDs are fixed by PostgreSQL (pg_type.dat).
const OID = {
  bool: 16,
  int8: 20,
  int2: 21,
  int4: 23,
  oid: 26,
  json: 114,
  float4: 700,
  float8: 701,
  timestamp: 1114,
  timestamptz: 1184,
  jsonb: 3802,
} as const;

const asText: CellConverter = (text) => text;

const SCALAR_CONVERTERS = new Map<number, CellConverter>([
  [OID.bool, (text) => text === 't'],
  [OID.int2, Number],
  [OID.int4, Number],
  [OID.oid, Number],
  [OID.int8, toSafeInteger],
  [OID.float4, toFiniteNumber],
  [OID.float8, toFiniteNumber],
  [OID.json, parseJson],
  [OID.jsonb, parseJson],
  [OID.timestamp, toIsoTimestamp],
  [OID.timestamptz, toIsoTimestamp],
]);

export function converterFor(type: ColumnType): CellConverter {
  const scalar = SCALAR_CONVERTERS.get(type.scalarOid) ?? asText;
  if (!type.isArray) return scalar;
  return (text) => {
    let literal: ArrayLiteral;
    try {
      literal = parseArrayLiteral(text, type.delimiter);
    } catch {
      return text;
    }
    return convertElements(literal, scalar);
  };
}

function convertElements(items: ArrayLiteral, convert: CellConverter): JsonValue[] {
  return items.map((item) =>
    item === null ? null : Array.isArray(item) ? convertElements(item, convert) : convert(item),
  );
}

/** int8 stays a number only while a JavaScript number holds it exactly. */
function toSafeInteger(text: string): JsonValue {
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : text;
}

/** JSON has no NaN or Infinity; those keep PostgreSQL's spelling. */
function toFiniteNumber(text: string): JsonValue {
  const value = Number(text);
  return Number.isFinite(value) ? value : text;
}

function parseJson(text: string): JsonValue {
  return JSON.parse(text) as JsonValue;
}

const ISO_STYLE_TIMESTAMP =
  /^(\d{4,}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}(?:\.\d+)?)(?:([+-]\d{2})(?::(\d{2}))?(?::(\d{2}))?)?$/;

/**
 * '2024-05-01 13:45:00.123456+02' → '2024-05-01T13:45:00.123456+02:00'. Microseconds and the
 * session's offset are kept; BC dates and ±infinity keep PostgreSQL's text.
 */
function toIsoTimestamp(text: string): JsonValue {
  const match = ISO_STYLE_TIMESTAMP.exec(text);
  if (!match) return text;
  const [, date, time, offsetHours, offsetMinutes, offsetSeconds] = match;
  if (offsetHours === undefined) return `${date}T${time}`;
  const offset = `${offsetHours}:${offsetMinutes ?? '00'}${offsetSeconds ? `:${offsetSeconds}` : ''}`;
  return `${date}T${time}${offset}`;
}
