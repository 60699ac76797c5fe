/**
 * Everything of the Transformer room, TensorFlow.js included: for workers, scripts, the CLI and
 * tests (the page imports the light './index').
 */
export * from './index';
export * from './covariates';
export * from './windows';
export * from './model';
export * from './loss';
export * from './adamw';
export * from './train';
export * from './synthetic';
export * from './paths';
export * from './checkpoint';
export * from './calibrate';
export * from './forecaster';
export * from './holdout';
export * from './shipped';
export * from './finetune';
export * from './register';
export * from './combine';
