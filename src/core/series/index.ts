export * from './types';
export * from './calendar';
export * from './aggregate';
export * from './forecast';
export * from './censor';
export * from './closures';
export * from './weekly';
