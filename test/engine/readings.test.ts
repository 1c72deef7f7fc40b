import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerQuestion, type EngineResult } from '../../src/engine/index.ts';
import { memoryValueLookup } from '../../src/engine/memory-values.ts';
import { indexSchema } from '../../src/engine/schema-index.ts';
import { analyzeDatabase } from '../../src/intelligence/analyze.ts';
import type { DatabaseModel } from '../../src/intelligence/model.ts';
import type { QueryFn } from '../../src/intelligence/query.ts';
import { createScratchDatabase, type ScratchDatabase } from '../helpers/pg.ts';

/**
 * A small league, shaped to test general readings the shop fixture cannot: a one-to-one table
 * (each athlete is a person), reviews of athletes, a column named like an aggregate (total_points),
 * a year-like column, place columns, a country column with more values than analysis keeps, and
 * two teams that share a name.
 */
const leagueSql = `
CREATE TABLE people (id int PRIMARY KEY, name text NOT NULL, age int NOT NULL);
CREATE TABLE teams (code text PRIMARY KEY, title text NOT NULL, founded int NOT NULL, home_city text NOT NULL, country text NOT NULL, active boolean NOT NULL);
CREATE TABLE athletes (person_id int PRIMARY KEY REFERENCES people(id), team_code text NOT NULL REFERENCES teams(code), total_points numeric NOT NULL);
CREATE TABLE athlete_reviews (id int PRIMARY KEY, athlete_id int NOT NULL REFERENCES athletes(person_id), stars int NOT NULL);
INSERT INTO people VALUES (1, 'Ada', 30), (2, 'Bo', 30), (3, 'Cy', 25), (4, 'Di', 41);
INSERT INTO teams VALUES ('RAV', 'Ravens', 1899, 'Austin', 'US', true), ('OWL', 'Ravens', 1920, 'Boston', 'US', true),
  ('FOX', 'Foxes', 1950, 'Graz', 'Austria', false), ('ELK', 'Elks', 1975, 'Linz', 'Austria', true),
  ('YAK', 'Yaks', 2001, 'Perth', 'Australia', false);
INSERT INTO athletes VALUES (1, 'RAV', 120), (2, 'OWL', 95), (3, 'FOX', 60), (4, 'ELK', 80);
INSERT INTO athlete_reviews VALUES (1, 1, 5), (2, 1, 4), (3, 2, 2), (4, 3, 5), (5, 4, 3), (6, 4, 1);
`;

describe('general readings on a league database', () => {
  let db: ScratchDatabase;
  let client: pg.Client;
  let model: DatabaseModel;
  beforeAll(async () => {
    db = await createScratchDatabase('askdb_readings');
    client = new pg.Client({ connectionString: db.url });
    await client.connect();
    await client.query(leagueSql);
    const query: QueryFn = async <T>(sql: string, params: unknown[] = []) =>
      (await client.query(sql, params)).rows as T[];
    // Keep two samples and no category lists: the countries seen are the two most frequent, 'Austria' and 'US'.
    model = await analyzeDatabase(query, { categoryThreshold: 2, sampleSize: 2 });
  });
  afterAll(async () => {
    await client?.end();
    await db?.drop();
  });

  const ask = (question: string): Promise<EngineResult> =>
    answerQuestion(question, model, { values: memoryValueLookup(model), threshold: 0 });
  async function sqlOf(question: string): Promise<string> {
    const result = await ask(question);
    if (result.kind !== 'sql') throw new Error(`abstained on "${question}": ${result.message}`);
    return result.sql;
  }
  const rows = async (question: string) =>
    (await client.query({ text: await sqlOf(question), rowMode: 'array' })).rows.map((r: unknown[]) =>
      r.map((v) => (typeof v === 'string' && /^\d+(\.\d+)?$/.test(v) ? Number(v) : v)),
    );

  it('counts the head of a noun compound: "athlete reviews" are reviews', async () => {
    expect(await rows('How many athlete reviews have more than 3 stars?')).toEqual([[3]]);
  });

  it('reads "by their total points" as the total_points column, not a SUM, and a one-to-one join keeps duplicates', async () => {
    const sql = await sqlOf('What are the ages of the athletes, ordered descending by their total points?');
    expect(sql).not.toMatch(/SUM\(|DISTINCT/);
    expect(await rows('What are the ages of the athletes, ordered descending by their total points?')).toEqual([
      [30, 120],
      [30, 95],
      [41, 80],
      [25, 60],
    ]);
  });

  it('groups by the rows counted, so two teams with one name stay two groups', async () => {
    const perTeam = await rows('How many athletes are there in each team?');
    expect(perTeam.map((r) => r.at(-1))).toEqual([1, 1, 1, 1]);
    const titled = await rows('Show the title of each team and the number of athletes');
    const ravens = titled.filter((r) => r.includes('Ravens'));
    expect(ravens.map((r) => r.at(-1))).toEqual([1, 1]);
    expect(perTeam).toHaveLength(4);
  });

  it('reads "the number and average age" as a count beside the average', async () => {
    expect(await rows('Find the number and average age of people')).toEqual([[4, 31.5]]);
  });

  it('refuses to average over rows a join repeats', async () => {
    // Athlete 1 has two reviews above 3 stars: a join would count their points twice.
    const result = await ask('What is the average total points of athletes with reviews of more than 3 stars?');
    expect(result.kind).not.toBe('sql');
    if (result.kind !== 'sql') expect(result.message).toMatch(/more than once/);
  });

  it('counts the plural noun after a number instead of comparing the column before it', async () => {
    // Five stars has two reviews; "stars > 1" would list every review.
    expect(await rows('List the stars for which there are more than one reviews.')).toEqual([[5]]);
  });

  it('refuses to measure a column the question fixes to one value', async () => {
    const result = await ask('How many titles are there for the team Ravens?');
    expect(result.kind).not.toBe('sql');
    if (result.kind !== 'sql') expect(result.message).toMatch(/both measured and fixed/);
  });

  it('reads a yes/no column named as an adjective as a filter on the rows', async () => {
    expect(await rows('How many active teams are there?')).toEqual([[3]]);
    expect(await sqlOf('Which teams are active?')).toMatch(/WHERE teams\.active = 'true'/);
  });

  it('reads "which 2 …" and "the 2 …" before a superlative as a top 2', async () => {
    expect(await sqlOf('Which 2 athletes have the highest total points?')).toMatch(/LIMIT 2$/);
    expect((await rows('List the 2 athletes with the highest total points')).map((r) => r.at(-1))).toEqual([120, 95]);
  });

  it('reads "the word X" after "contain" as the pattern X', async () => {
    expect(await sqlOf('Which teams have a title that contains the word Rav?')).toMatch(/ILIKE '%Rav%'/);
  });

  it('sorts by a column named for a generic word ("sorted by codes")', async () => {
    expect(await sqlOf('What are the codes and titles of teams, sorted by codes?')).toMatch(
      /ORDER BY teams\.code ASC$/,
    );
  });

  it('does not count rows for "the most" followed by a word it could not place', async () => {
    const result = await answerQuestion('Which country has the most fans?', model, {
      values: memoryValueLookup(model),
      threshold: 0,
    });
    if (result.kind === 'sql') expect(result.sql).not.toMatch(/COUNT/);
  });

  it('shows a column once even when a group and the rows both name it ("every team")', async () => {
    const sql = await sqlOf('List every team whose title starts with R in alphabetical order.');
    const shown = sql.slice('SELECT '.length, sql.indexOf(' FROM ')).split(', ');
    expect(new Set(shown).size).toBe(shown.length);
  });

  it('never adds up a reference column', () => {
    const column = indexSchema(model).columns.find(
      (c) => c.table.name === 'athlete_reviews' && c.name === 'athlete_id',
    );
    expect(column?.identifier).toBe(true);
  });

  it('reads "US" in capitals as a value and "us" as a pronoun', async () => {
    expect(await rows('How many teams are based in the US?')).toEqual([[2]]);
    expect(await sqlOf('Show us the titles of teams')).not.toMatch(/WHERE/);
  });

  it('answers "when" with a year-like column and "where" with the place columns', async () => {
    expect(await rows('When was the team Ravens founded?')).toContainEqual(expect.arrayContaining([1899]));
    expect(await rows('Where is the team Elks?')).toEqual([expect.arrayContaining(['Linz', 'Austria'])]);
  });

  it('refuses "when" when nothing shown is a date or time', async () => {
    const result = await ask('When did Ada score the most points?');
    expect(result.kind).not.toBe('sql');
  });

  it('looks for a capitalised name as written when the column values were only sampled', async () => {
    // "Australia" is near the sampled "Austria", but the column holds more values than were kept.
    const sql = await sqlOf('How many teams are in Australia?');
    expect(sql).toContain("'Australia'");
    expect(await rows('How many teams are in Australia?')).toEqual([[1]]);
  });
});
