export * from './encoder';
export * from './vectors';
export * from './coldStart';
export * from './sentiment';
export type { UseLiteSource } from './useLite';
export * from './pca';
export * from './coldStartModel';
export * from './ngrams';
export * from './zhLexicon';
export * from './ngramSentiment';
export * from './ngramSentimentTraining';
export * from './ngramSimilarity';
// transformerText.ts (tfjs) is imported by path where it is trained, so importing this index never loads tfjs.
