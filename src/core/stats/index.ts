export * from './quantile';
export * from './random';
