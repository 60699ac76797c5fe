import { validateConfig, type NeuralConfig } from './config';
import { parameterSpecs, PatchTransformer } from './model';

/**
 * A model at rest: JSON (config + where each weight sits in the buffer) and ONE ArrayBuffer of
 * little-endian float32 weights. The same shape is stored in IndexedDB and shipped in
 * public/models/ (model.json + weights.bin).
 */
export interface WeightEntry {
  name: string;
  shape: number[];
  /** Offset into the buffer, in float32 elements. */
  offset: number;
}

export interface CheckpointMeta {
  config: NeuralConfig;
  manifest: WeightEntry[];
}

export interface Checkpoint extends CheckpointMeta {
  weights: ArrayBuffer;
}

/** What a shipped model.json holds: the checkpoint's JSON part plus provenance. */
export interface ShippedModelJson extends CheckpointMeta {
  format: 'shelfcast-transformer';
  name: string;
  createdAt: string;
  weightsFile: string;
  /** What it was trained on, licences, and its validation numbers. */
  provenance: Record<string, unknown>;
}

export async function toCheckpoint(model: PatchTransformer): Promise<Checkpoint> {
  return checkpointFromWeights(model.config, await model.readWeights());
}

export function checkpointFromWeights(config: NeuralConfig, weights: Map<string, Float32Array>): Checkpoint {
  const specs = parameterSpecs(config);
  const manifest: WeightEntry[] = [];
  let offset = 0;
  for (const spec of specs) {
    manifest.push({ name: spec.name, shape: spec.shape, offset });
    offset += spec.shape.reduce((a, b) => a * b, 1);
  }
  const buffer = new Float32Array(offset);
  for (const entry of manifest) {
    const values = weights.get(entry.name);
    if (!values) throw new Error(`checkpoint: no weights for ${entry.name}`);
    buffer.set(values, entry.offset);
  }
  return { config: structuredClone(config), manifest, weights: buffer.buffer };
}

/** Splits a checkpoint back into named weights, checking every size against the config. */
export function weightsOf(checkpoint: Checkpoint): Map<string, Float32Array> {
  validateConfig(checkpoint.config);
  const all = new Float32Array(checkpoint.weights);
  const expected = parameterSpecs(checkpoint.config);
  const byName = new Map(checkpoint.manifest.map((e) => [e.name, e]));
  const out = new Map<string, Float32Array>();
  for (const spec of expected) {
    const entry = byName.get(spec.name);
    if (!entry) throw new Error(`checkpoint is missing weights for ${spec.name}`);
    const size = spec.shape.reduce((a, b) => a * b, 1);
    if (entry.shape.join('x') !== spec.shape.join('x')) {
      throw new Error(`checkpoint weights ${spec.name} have shape ${entry.shape.join('×')}, the config needs ${spec.shape.join('×')}`);
    }
    if (entry.offset + size > all.length) throw new Error(`checkpoint weight buffer is too short for ${spec.name}`);
    out.set(spec.name, all.slice(entry.offset, entry.offset + size));
  }
  return out;
}

export function modelFromCheckpoint(checkpoint: Checkpoint): PatchTransformer {
  return new PatchTransformer(checkpoint.config, weightsOf(checkpoint));
}

/**
 * The same model taking product text embeddings of length `textDim`: a new zero-initialised
 * projection (so forecasts do not change until fine-tuning learns to use the text), or the old
 * projection dropped when the text encoder changed size.
 */
export function withTextDim(checkpoint: Checkpoint, textDim: number): Checkpoint {
  if (checkpoint.config.textDim === textDim) return checkpoint;
  const weights = weightsOf(checkpoint);
  const config: NeuralConfig = { ...checkpoint.config, textDim };
  weights.delete('text/w');
  if (textDim > 0) weights.set('text/w', new Float32Array(textDim * config.dModel));
  return checkpointFromWeights(config, weights);
}

export function parseShippedModel(json: unknown, weights: ArrayBuffer): Checkpoint & { meta: ShippedModelJson } {
  const meta = json as ShippedModelJson;
  if (!meta || meta.format !== 'shelfcast-transformer') throw new Error('model.json is not a Shelfcast Transformer model');
  return { config: meta.config, manifest: meta.manifest, weights, meta };
}
