export * from './encoder';
export * from './vectors';
export * from './coldStart';
export * from './sentiment';
export { loadEmbedder, trainSentimentHead, type EncoderSources } from './loaders';
export type { LoadProgress, TransformersSource } from './transformersEncoder';
export type { UseLiteSource } from './useLite';
export * from './pca';
export * from './coldStartModel';
