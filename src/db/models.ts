import { liveQuery, type Observable } from 'dexie';
import { ALL_PRODUCTS, type Checkpoint, type FreezeMode, type NeuralConfig, type WeightEntry } from '../core/neural';
import { database } from './connection';

/** Which products a model serves: every product (ALL_PRODUCTS), or one category. */
export { ALL_PRODUCTS };

/** The shipped pre-trained model is not stored; versions trained from it name it as their parent. */
export const SHIPPED_MODEL_ID = 'shipped';

export type ModelStatus = 'active' | 'archived' | 'rejected';

export interface ModelScore {
  /** Mean absolute scaled error of the median (seasonal-naive scaling). */
  mase: number;
  /** Pinball loss at P10/P50/P90, scaled like MASE. */
  scaledPinball: number;
  products: number;
}

/**
 * One trained Transformer version: its weights as ONE ArrayBuffer, the JSON config to rebuild it,
 * and its lineage (parent, the data it saw, how it scored), so every version knows where it came from.
 */
export interface ModelRecord {
  id: string;
  kind: 'transformer';
  createdAt: string;
  /** ALL_PRODUCTS or a category name. */
  group: string;
  status: ModelStatus;
  /** The version it was fine-tuned from (SHIPPED_MODEL_ID for the shipped weights). */
  parentId: string;
  /** Why it was made: a fine-tune the seller asked for, or a continual update after new sales. */
  origin: 'fine-tune' | 'continual';
  config: NeuralConfig;
  manifest: WeightEntry[];
  weights: ArrayBuffer;
  /** The sales it was trained on. */
  dataRange: { first: string; last: string; products: number; windows: number };
  metrics: {
    valLossBefore: number;
    valLossAfter: number;
    /** Backtest on the last horizon of the data, this version vs its parent. */
    backtest?: { model: ModelScore; parent: ModelScore; horizon: number };
  };
  training: {
    freeze: FreezeMode;
    epochs: number;
    bestEpoch: number;
    seconds: number;
    backend: string;
    stoppedBecause: string;
    fallbacks: string[];
    windowsPerSecond: number;
  };
  /** Plain-language reason when the version was not kept. */
  rejectedBecause?: string;
}

export function checkpointOf(record: ModelRecord): Checkpoint {
  return { config: record.config, manifest: record.manifest, weights: record.weights };
}

/**
 * Stores a new version. When `activate` is true it becomes the group's active model and the
 * previous one is archived, in one transaction (a crash never leaves two active models).
 */
export async function saveModel(record: ModelRecord, activate: boolean): Promise<void> {
  const db = database();
  await db.transaction('rw', db.models, async () => {
    if (activate) {
      await db.models.where('group').equals(record.group).filter((m) => m.status === 'active').modify({ status: 'archived' });
    }
    await db.models.put({ ...record, status: activate ? 'active' : record.status === 'active' ? 'archived' : record.status });
  });
}

/** The model that forecasts `group` now, or undefined when the shipped weights do. */
export async function activeModel(group = ALL_PRODUCTS): Promise<ModelRecord | undefined> {
  return database().models.where('group').equals(group).filter((m) => m.status === 'active').first();
}

/** Every active model, keyed by group. */
export async function activeModels(): Promise<Map<string, ModelRecord>> {
  const list = await database().models.where('status').equals('active').toArray();
  return new Map(list.map((m) => [m.group, m]));
}

/** One-click rollback: makes `id` the active version of its group (or, for the shipped id, no local version). */
export async function activateModel(id: string, group = ALL_PRODUCTS): Promise<void> {
  const db = database();
  await db.transaction('rw', db.models, async () => {
    if (id === SHIPPED_MODEL_ID) {
      await db.models.where('group').equals(group).filter((m) => m.status === 'active').modify({ status: 'archived' });
      return;
    }
    const target = await db.models.get(id);
    if (!target) throw new Error(`no stored model version "${id}"`);
    await db.models.where('group').equals(target.group).filter((m) => m.status === 'active').modify({ status: 'archived' });
    await db.models.update(id, { status: 'active', rejectedBecause: undefined });
  });
}

/** Model versions without their weights, newest first (what the Models view lists). */
export type ModelSummary = Omit<ModelRecord, 'weights'> & { weightBytes: number };

export function observeModels(): Observable<ModelSummary[]> {
  return liveQuery(async () => {
    const all = await database().models.orderBy('createdAt').reverse().toArray();
    return all.map(({ weights, ...rest }) => ({ ...rest, weightBytes: weights.byteLength }));
  });
}

export async function getModel(id: string): Promise<ModelRecord | undefined> {
  return database().models.get(id);
}

/** Settings key of the Transformer's preferences. */
export const NEURAL_SETTINGS_KEY = 'neural';

export interface NeuralSettings {
  /** After an import with new days, continue training every version in use (continual learning). */
  autoUpdate: boolean;
}

export const DEFAULT_NEURAL_SETTINGS: NeuralSettings = { autoUpdate: true };

export async function getNeuralSettings(): Promise<NeuralSettings> {
  const stored = await database().settings.get(NEURAL_SETTINGS_KEY);
  return { ...DEFAULT_NEURAL_SETTINGS, ...(stored?.value as Partial<NeuralSettings> | undefined) };
}

export async function setNeuralSettings(settings: NeuralSettings): Promise<void> {
  await database().settings.put({ key: NEURAL_SETTINGS_KEY, value: settings });
}

export function observeNeuralSettings(): Observable<NeuralSettings> {
  return liveQuery(getNeuralSettings);
}
