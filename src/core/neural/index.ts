/**
 * The Transformer room's light entry point: configuration, labels, backend selection and types —
 * no TensorFlow.js at run time, so the page can import it without loading tfjs. Workers, scripts,
 * the CLI and tests import './runtime' for the network, training and forecasting.
 */
export * from './backend';
export * from './config';
export type { FutureCovariates, ProductStatics } from './covariates';
export type { Checkpoint, CheckpointMeta, ShippedModelJson, WeightEntry } from './checkpoint';
export type { EpochRecord, TrainOptions, TrainProgress, TrainResult } from './train';
export type { HoldoutScore } from './holdout';
export type { PathCorrelation } from './paths';
