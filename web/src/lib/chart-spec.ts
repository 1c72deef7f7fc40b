import { humanLabel } from './format.ts';

type Spec = Record<string, unknown>;
type Channel = { field?: string; title?: unknown; type?: string; axis?: Record<string, unknown> | null };

/**
 * The server's proposed Vega-Lite spec, dressed for people: axis titles from column names
 * ("Number of orders"), and no `$schema` (specs stored before the v6 upgrade said v5, and vega-embed
 * warns about a version mismatch; the library's own version is the one that draws).
 */
export function presentSpec(spec: Spec): Spec {
  const { $schema: _schema, encoding, ...rest } = spec;
  if (!encoding || typeof encoding !== 'object') return rest;
  const titled = Object.fromEntries(
    Object.entries(encoding as Record<string, Channel>).map(([channel, def]) => [
      channel,
      def && typeof def === 'object' && def.field && def.title === undefined
        ? { ...def, title: humanLabel(def.field) }
        : def,
    ]),
  );
  return { ...rest, encoding: titled };
}
