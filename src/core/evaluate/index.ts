export * from './metrics';
export * from './backtest';
export * from './demandClass';
export * from './registry';
export * from './auto';
export * from './builtins';
