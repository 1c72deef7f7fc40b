import { describe, expect, it } from 'vitest';
import {
  adjectiveBase,
  attributesOf,
  isEnglishWord,
  isGradedAdjective,
  singular,
  splitIdentifier,
  stopWords,
  synonymsOf,
  verbBase,
} from '../../src/text/index.ts';

describe('the shared text module', () => {
  it('makes nouns singular with WordNet, keeping mass nouns and guessing unknown words', () => {
    expect(['categories', 'statuses', 'buses', 'analyses', 'people', 'data', 'species', 'ids'].map(singular)).toEqual([
      'category',
      'status',
      'bus',
      'analysis',
      'person',
      'data',
      'species',
      'id',
    ]);
    // Not plurals at all: left alone.
    expect(['status', 'campus', 'business', 'address', 'this', 'was'].map(singular)).toEqual([
      'status',
      'campus',
      'business',
      'address',
      'this',
      'was',
    ]);
    // Words WordNet does not know still lose a plain plural ending.
    expect(singular('dorms')).toBe('dorm');
    expect(singular('webhooks')).toBe('webhook');
  });

  it('finds the base of verbs and graded adjectives', () => {
    expect(['sold', 'visited', 'written', 'taught'].map(verbBase)).toEqual(['sell', 'visit', 'write', 'teach']);
    expect(['longest', 'best', 'cheapest', 'heaviest'].map(adjectiveBase)).toEqual(['long', 'good', 'cheap', 'heavy']);
    expect(isGradedAdjective('tallest')).toBe(true);
    expect(isGradedAdjective('forest')).toBe(false);
  });

  it('splits identifiers at case, separators and digits, and run-together English words', () => {
    expect(splitIdentifier('sbCustJoinDate')).toEqual(['sb', 'cust', 'join', 'date']);
    expect(splitIdentifier('order_items')).toEqual(['order', 'items']);
    expect(splitIdentifier('dailyprice')).toEqual(['daily', 'price']);
    expect(splitIdentifier('birthdate')).toEqual(['birth', 'date']);
    expect(splitIdentifier('address2')).toEqual(['address', '2']);
    // A whole English word stays whole; so does a run nothing covers.
    expect(splitIdentifier('population')).toEqual(['population']);
    expect(splitIdentifier('xqzvtrw')).toEqual(['xqzvtrw']);
    // A short prefix before a generic name word is the table's initials: cname, dname, stuid.
    expect(splitIdentifier('cname')).toEqual(['c', 'name']);
    expect(splitIdentifier('stuid')).toEqual(['stu', 'id']);
    expect(splitIdentifier('dnumber')).toEqual(['d', 'number']);
    // The database's own words help: "stuaddress" is one piece until the schema says "stu" is a word.
    expect(splitIdentifier('stuaddress')).toEqual(['stuaddress']);
    expect(splitIdentifier('stuaddress', new Set(['stu']))).toEqual(['stu', 'address']);
    // A name the database uses whole is still split into the words that make it.
    expect(splitIdentifier('roomname', new Set(['roomname', 'bedtype']))).toEqual(['room', 'name']);
  });

  it('relates words through WordNet, by their common senses only', () => {
    expect(synonymsOf('customer').has('client')).toBe(true);
    expect(synonymsOf('movie').has('film')).toBe(true);
    expect(synonymsOf('salary').has('wage')).toBe(true);
    // A noun's verb senses stay out ("order" is not "tell").
    expect(synonymsOf('order').has('tell')).toBe(false);
    expect(synonymsOf('customer').has('order')).toBe(false);
  });

  it('says what an adjective measures', () => {
    expect(attributesOf('long')).toContain('length');
    expect(attributesOf('old')).toContain('age');
    expect(attributesOf('heavy')).toContain('weight');
    expect(attributesOf('blue')).toEqual([]);
  });

  it('knows English words and function words', () => {
    expect(isEnglishWord('warehouse')).toBe(true);
    expect(isEnglishWord('warehouse', 'verb')).toBe(true);
    expect(isEnglishWord('sbtx')).toBe(false);
    expect(stopWords.has('the')).toBe(true);
    expect(stopWords.has('customer')).toBe(false);
  });

  it('is safe with names that are also object properties', () => {
    for (const word of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      expect(typeof singular(word.toLowerCase())).toBe('string');
      expect(Array.isArray(splitIdentifier(word))).toBe(true);
      expect(synonymsOf(word.toLowerCase())).toBeInstanceOf(Set);
    }
  });
});
