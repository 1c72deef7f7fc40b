/** One place for the text handling the engine, retrieval and analysis share. */
export { abbreviations } from './abbreviations.ts';
export { splitIdentifier } from './identifiers.ts';
export { adjectiveBase, isGradedAdjective, singular, verbBase } from './inflect.ts';
export { stopWords } from './stopwords.ts';
export { attributesOf, glossOf, isEnglishWord, isKindOf, loadWordNet, synonymsOf } from './wordnet.ts';
