import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { phases, startReading, type Reading } from '../../src/engine/interpret/index.ts';
import { linkMentions } from '../../src/engine/link.ts';
import { memoryValueLookup } from '../../src/engine/memory-values.ts';
import { indexSchema } from '../../src/engine/schema-index.ts';
import { tokenize } from '../../src/engine/tokenize.ts';
import { readCues } from '../../src/engine/understand.ts';
import { createShop, type Shop } from './shop.ts';

/**
 * Each phase of interpretation on its own: the reading is run up to the phase before, then the
 * phase under test, and only what that phase claims is checked.
 */
describe('interpretation phases', () => {
  let shop: Shop;
  beforeAll(async () => {
    shop = await createShop(true);
  });
  afterAll(async () => {
    await shop?.close();
  });

  async function readUpTo(question: string, last: string): Promise<{ before: Reading; after: Reading }> {
    const index = indexSchema(shop.model);
    const tokens = tokenize(question);
    const cues = readCues(tokens, new Date('2024-03-15T00:00:00Z'));
    const free = tokens.map((_, i) => !cues.some((c) => i >= c.start && i < c.end && c.cue.type !== 'bucket'));
    const mentions = await linkMentions(tokens, free, index, memoryValueLookup(shop.model));
    const reading = startReading(tokens, cues, mentions);
    const at = phases.findIndex((p) => p.name === last);
    expect(at, `phase ${last}`).toBeGreaterThanOrEqual(0);
    for (const phase of phases.slice(0, at)) phase.run(reading);
    const before = structuredClone({ ...reading, items: [] }) as Reading;
    phases[at]!.run(reading);
    return { before, after: reading };
  }
  const names = (r: Reading) => r.frame.used.map((u) => `${u.text}:${u.role}`);

  it('runs the phases in a fixed order that ends with leftovers', () => {
    expect(phases.map((p) => p.name)).toEqual([
      'terms',
      'measures',
      'structure',
      'values',
      'subject',
      'shown',
      'order',
      'alternatives',
      'ratio',
      'leftovers',
      'term ranking',
    ]);
  });

  it('measures: an aggregate cue claims the mention after it; "the maximum X" is MAX, "with the maximum X" a ranking', async () => {
    const { after } = await readUpTo('average price of products in each category', 'measures');
    expect(after.frame.measures).toMatchObject([{ fn: 'avg', column: { name: 'price' } }]);
    expect(after.frame.groups).toEqual([]);
    const max = (await readUpTo('the maximum price of products', 'measures')).after;
    expect(max.frame.measures).toMatchObject([{ fn: 'max', column: { name: 'price' } }]);
    expect(max.extreme).toBeNull();
    const ranked = (await readUpTo('the product with the maximum price', 'measures')).after;
    expect(ranked.frame.measures).toEqual([]);
    expect(ranked.extreme).toMatchObject({ direction: 'desc', column: { name: 'price' } });
  });

  it('structure: groups, comparisons and negation from their cues', async () => {
    const grouped = (await readUpTo('average price of products in each category', 'structure')).after;
    expect(grouped.frame.groups).toMatchObject([{ kind: 'entity', table: { name: 'categories' } }]);
    const compared = (await readUpTo('products with a price of 45 or more', 'structure')).after;
    expect(compared.frame.filters).toMatchObject([{ kind: 'compare', column: { name: 'price' }, op: '>=', value: 45 }]);
    const negated = (await readUpTo('Which customers have no orders?', 'structure')).after;
    expect(negated.frame.filters).toMatchObject([{ kind: 'absent', table: { name: 'orders' } }]);
  });

  it('values: stored values become filters, "A or B" one IN list, a number after a table its key', async () => {
    const { before, after } = await readUpTo('How many orders from Berlin or Paris?', 'values');
    expect(before.frame.filters).toEqual([]);
    expect(after.frame.filters).toMatchObject([
      { kind: 'equals', column: { name: 'city' }, values: ['Berlin', 'Paris'], negated: false },
    ]);
    const keyed = (await readUpTo('the status of order 3', 'values')).after;
    expect(keyed.frame.filters).toMatchObject([
      { kind: 'compare', column: { name: 'id', table: { name: 'orders' } }, op: '=', value: 3 },
    ]);
  });

  it('subject: the first table named after an asking word, and whether its rows are asked for', async () => {
    const { after } = await readUpTo('Which customers live in Berlin?', 'subject');
    expect(after.frame.subject?.name).toBe('customers');
    expect(after.frame.asked).toBe(true);
    expect(names(after)).toContain('customers:subject');
  });

  it('shown: columns left over are shown, "all the information" shows every column, a bare "id" the key', async () => {
    const shown = (await readUpTo('the name and price of products', 'shown')).after;
    expect(shown.frame.projections.map((c) => c.name)).toEqual(expect.arrayContaining(['name', 'price']));
    const everything = (await readUpTo('all the information about customers', 'shown')).after;
    expect(everything.frame.projections.map((c) => c.name).sort()).toEqual([
      'city',
      'country',
      'id',
      'name',
      'signup_date',
    ]);
    expect(everything.frame.listed).toBe(true);
    const id = (await readUpTo('the id and name of the product with the highest price', 'shown')).after;
    expect(id.frame.projections.map((c) => c.name)).toContain('id');
  });

  it('order: a superlative becomes an order with a limit of one for a singular subject, or MAX per group', async () => {
    const one = (await readUpTo('the product with the highest price', 'order')).after;
    expect(one.frame.order).toMatchObject({ by: { kind: 'column', column: { name: 'price' } }, direction: 'desc' });
    expect(one.frame.limit).toBe(1);
    const perGroup = (await readUpTo('For each category, what is the highest price of its products?', 'order')).after;
    expect(perGroup.frame.order).toBeNull();
    expect(perGroup.frame.measures).toMatchObject([{ fn: 'max', column: { name: 'price' } }]);
  });

  it('alternatives: conditions with an "or" between them hold together', async () => {
    const { after } = await readUpTo('products with a price greater than 50 or less than 15', 'alternatives');
    expect(after.frame.filters).toMatchObject([
      {
        kind: 'any',
        filters: [
          { op: '>', value: 50 },
          { op: '<', value: 15 },
        ],
      },
    ]);
  });

  it('ratio: the conditions after "percentage of" are the numerator', async () => {
    const { after } = await readUpTo('What percentage of orders were shipped?', 'ratio');
    expect(after.frame.ratio).toMatchObject({
      percent: true,
      numerator: [{ kind: 'equals', values: ['shipped'] }],
      denominator: null,
    });
    expect(after.frame.filters).toEqual([]);
  });

  it('leftovers: an unused cue is noted, a comparison with a computed figure and contradictory values block', async () => {
    const computed = (await readUpTo('products with a price less than the average price', 'leftovers')).after;
    expect(computed.frame.blocked.join(' ')).toMatch(/comparison with a figure computed/);
    const both = (await readUpTo('customers from both Berlin and Paris', 'leftovers')).after;
    expect(both.frame.blocked.join(' ')).toMatch(/"both"/);
    const fine = (await readUpTo('How many orders from Berlin?', 'leftovers')).after;
    expect(fine.frame.blocked).toEqual([]);
    expect(fine.frame.loose).toEqual([]);
  });
});
