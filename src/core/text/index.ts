export * from './encoder';
export * from './vectors';
export * from './coldStart';
export * from './sentiment';
export type { UseLiteSource } from './useLite';
export * from './pca';
export * from './coldStartModel';
