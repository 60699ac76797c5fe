import * as tf from '@tensorflow/tfjs';
import { mulberry32 } from '../stats';
import {
  contextDays, horizonDays, staticFeatures, tokenCount, tokenFeatures, validateConfig, type FreezeMode, type NeuralConfig,
} from './config';
import type { WindowBatch } from './windows';

/**
 * The network, written with plain tfjs ops over named variables (no tf.layers): we need custom
 * attention, a custom quantile head, layer freezing by name and one-buffer checkpoints, and this keeps
 * each of those a few lines.
 *
 * Tokens: 16 history patches (7 days each: normalised values, observed mask, promo, event, relative
 * price; plus the weekday and yearly position of the patch) followed by 4 future tokens with the same
 * known-future inputs and no values. A pre-LayerNorm Transformer encoder mixes them; each future token's
 * output becomes its 7 days × Q quantiles. Statics (level, scale, zero share, age, category, text)
 * are projected and added to every token.
 */
export type ParamGroup = 'embed' | 'encoder' | 'head' | 'recon';

export interface ParamSpec {
  name: string;
  shape: number[];
  group: ParamGroup;
  /** Encoder layer index, for "fine-tune the last layers". */
  layer?: number;
  /** Decoupled weight decay applies to matrices only (not biases, norms or embeddings). */
  decay: boolean;
  init: 'glorot' | 'zeros' | 'ones' | 'small' | 'headBias';
}

export function parameterSpecs(cfg: NeuralConfig): ParamSpec[] {
  const d = cfg.dModel;
  const F = tokenFeatures(cfg);
  const S = staticFeatures(cfg);
  const PQ = cfg.patch * cfg.levels.length;
  const specs: ParamSpec[] = [
    { name: 'embed/w', shape: [F, d], group: 'embed', decay: true, init: 'glorot' },
    { name: 'embed/b', shape: [d], group: 'embed', decay: false, init: 'zeros' },
    { name: 'embed/pos', shape: [tokenCount(cfg), d], group: 'embed', decay: false, init: 'small' },
    { name: 'static/w', shape: [S, d], group: 'embed', decay: true, init: 'glorot' },
  ];
  // Zero-initialised: adding text to a model trained without it leaves its forecasts unchanged.
  if (cfg.textDim > 0) specs.push({ name: 'text/w', shape: [cfg.textDim, d], group: 'embed', decay: true, init: 'zeros' });
  for (let l = 0; l < cfg.layers; l++) {
    const p = `layer${l}/`;
    specs.push(
      { name: `${p}ln1/g`, shape: [d], group: 'encoder', layer: l, decay: false, init: 'ones' },
      { name: `${p}ln1/b`, shape: [d], group: 'encoder', layer: l, decay: false, init: 'zeros' },
      { name: `${p}attn/qkv`, shape: [d, 3 * d], group: 'encoder', layer: l, decay: true, init: 'glorot' },
      { name: `${p}attn/qkvb`, shape: [3 * d], group: 'encoder', layer: l, decay: false, init: 'zeros' },
      { name: `${p}attn/out`, shape: [d, d], group: 'encoder', layer: l, decay: true, init: 'glorot' },
      { name: `${p}attn/outb`, shape: [d], group: 'encoder', layer: l, decay: false, init: 'zeros' },
      { name: `${p}ln2/g`, shape: [d], group: 'encoder', layer: l, decay: false, init: 'ones' },
      { name: `${p}ln2/b`, shape: [d], group: 'encoder', layer: l, decay: false, init: 'zeros' },
      { name: `${p}ff/w1`, shape: [d, cfg.ffn], group: 'encoder', layer: l, decay: true, init: 'glorot' },
      { name: `${p}ff/b1`, shape: [cfg.ffn], group: 'encoder', layer: l, decay: false, init: 'zeros' },
      { name: `${p}ff/w2`, shape: [cfg.ffn, d], group: 'encoder', layer: l, decay: true, init: 'glorot' },
      { name: `${p}ff/b2`, shape: [d], group: 'encoder', layer: l, decay: false, init: 'zeros' },
    );
  }
  specs.push(
    { name: 'head/ln/g', shape: [d], group: 'head', decay: false, init: 'ones' },
    { name: 'head/ln/b', shape: [d], group: 'head', decay: false, init: 'zeros' },
    { name: 'head/w', shape: [d, PQ], group: 'head', decay: true, init: 'glorot' },
    { name: 'head/b', shape: [PQ], group: 'head', decay: false, init: 'headBias' },
    { name: 'recon/w', shape: [d, cfg.patch], group: 'recon', decay: true, init: 'glorot' },
    { name: 'recon/b', shape: [cfg.patch], group: 'recon', decay: false, init: 'zeros' },
  );
  return specs;
}


export function isTrainable(spec: ParamSpec, mode: FreezeMode, cfg: NeuralConfig): boolean {
  if (mode === 'all') return true;
  if (spec.group === 'head') return true;
  // Text and category inputs are new per seller: they always train.
  if (spec.name === 'text/w' || spec.name === 'static/w') return true;
  return mode === 'last' && spec.group === 'encoder' && spec.layer === cfg.layers - 1;
}

let instances = 0;

/** How far below zero units (in scale units) the lowest raw quantile may go before clipping. */
export const FLOOR_MARGIN = 1;

export interface ForwardOutput {
  /** [B, horizon, levels] normalised quantiles, ascending along the last axis; ≥ 0 units once clipped at the floor. */
  quantiles: tf.Tensor3D;
  /** [B, contextDays] reconstruction of the history (only when asked). */
  recon?: tf.Tensor2D;
}

export interface BatchTensors {
  tokens: tf.Tensor3D;
  statics: tf.Tensor2D;
  text?: tf.Tensor2D;
  floor: tf.Tensor3D;
}

export class PatchTransformer {
  readonly config: NeuralConfig;
  readonly specs: ParamSpec[];
  readonly params = new Map<string, tf.Variable>();
  private readonly id = ++instances;

  /** A fresh network with seeded random weights, or one built from saved weights. */
  constructor(config: NeuralConfig, weights?: Map<string, Float32Array>, seed = 1) {
    validateConfig(config);
    this.config = structuredClone(config);
    this.specs = parameterSpecs(this.config);
    const random = mulberry32(seed);
    for (const spec of this.specs) {
      const values = weights?.get(spec.name) ?? initialValues(spec, this.config, random);
      const size = spec.shape.reduce((a, b) => a * b, 1);
      if (values.length !== size) throw new Error(`weights for ${spec.name} have ${values.length} values, expected ${size}`);
      this.params.set(spec.name, makeVariable(values, spec.shape, `tfm${this.id}/${spec.name}`));
    }
  }

  get parameterCount(): number {
    return this.specs.reduce((n, s) => n + s.shape.reduce((a, b) => a * b, 1), 0);
  }

  variables(filter: (spec: ParamSpec) => boolean = () => true): tf.Variable[] {
    return this.specs.filter(filter).map((s) => this.p(s.name));
  }

  /** Copies every weight out of the backend (for checkpoints, best-epoch snapshots and moving backends). */
  async readWeights(): Promise<Map<string, Float32Array>> {
    const out = new Map<string, Float32Array>();
    for (const spec of this.specs) out.set(spec.name, (await this.p(spec.name).data()) as Float32Array);
    return out;
  }

  writeWeights(weights: Map<string, Float32Array>): void {
    for (const spec of this.specs) {
      const values = weights.get(spec.name);
      if (values) tf.tidy(() => this.p(spec.name).assign(tf.tensor(values, spec.shape)));
    }
  }

  /**
   * Recreates every variable from `weights` on the current backend. Used after a backend failure:
   * the old variables may live on a lost device, so they are dropped rather than read.
   */
  rebuild(weights: Map<string, Float32Array>): void {
    for (const v of this.params.values()) {
      try {
        v.dispose();
      } catch {
        // A lost WebGPU device can fail to release its buffers; they are gone with it anyway.
      }
    }
    this.params.clear();
    for (const spec of this.specs) {
      const values = weights.get(spec.name);
      if (!values) throw new Error(`no saved weights for ${spec.name}`);
      this.params.set(spec.name, makeVariable(values, spec.shape, `tfm${this.id}/${spec.name}`));
    }
  }

  dispose(): void {
    for (const v of this.params.values()) v.dispose();
    this.params.clear();
  }

  toTensors(batch: WindowBatch): BatchTensors {
    const cfg = this.config;
    return {
      tokens: tf.tensor3d(batch.tokens, [batch.size, tokenCount(cfg), tokenFeatures(cfg)]),
      statics: tf.tensor2d(batch.statics, [batch.size, staticFeatures(cfg)]),
      text: cfg.textDim > 0 ? tf.tensor2d(batch.text ?? new Float32Array(batch.size * cfg.textDim), [batch.size, cfg.textDim]) : undefined,
      floor: tf.tensor3d(batch.floor, [batch.size, 1, 1]),
    };
  }

  /** The forward pass. Call inside tf.tidy (or a gradient function). */
  forward(x: BatchTensors, training: boolean, withRecon = false): ForwardOutput {
    const cfg = this.config;
    const B = x.tokens.shape[0];
    const T = tokenCount(cfg);
    const d = cfg.dModel;
    const rate = training ? cfg.dropout : 0;

    let statics = mm(x.statics, this.p('static/w'));
    if (x.text && cfg.textDim > 0) statics = statics.add(mm(x.text, this.p('text/w')));
    const flat = x.tokens.reshape([B * T, tokenFeatures(cfg)]);
    let h = mm(flat, this.p('embed/w')).add(this.p('embed/b')).reshape([B, T, d])
      .add(this.p('embed/pos'))
      .add(statics.reshape([B, 1, d])) as tf.Tensor3D;
    h = dropout(h, rate);

    for (let l = 0; l < cfg.layers; l++) {
      const p = `layer${l}/`;
      const a = this.attention(layerNorm(h, this.p(`${p}ln1/g`), this.p(`${p}ln1/b`)), p, B, T);
      h = h.add(dropout(a, rate));
      const n2 = layerNorm(h, this.p(`${p}ln2/g`), this.p(`${p}ln2/b`)).reshape([B * T, d]);
      const f1 = gelu(mm(n2, this.p(`${p}ff/w1`)).add(this.p(`${p}ff/b1`)));
      const f2 = mm(dropout(f1, rate), this.p(`${p}ff/w2`)).add(this.p(`${p}ff/b2`)).reshape([B, T, d]);
      h = h.add(dropout(f2, rate));
    }
    h = layerNorm(h, this.p('head/ln/g'), this.p('head/ln/b'));

    const Tc = cfg.contextPatches;
    const Hp = cfg.horizonPatches;
    const Q = cfg.levels.length;
    const future = h.slice([0, Tc, 0], [B, Hp, d]).reshape([B * Hp, d]);
    const raw = mm(future, this.p('head/w')).add(this.p('head/b')).reshape([B, horizonDays(cfg), Q]);
    // Non-crossing by construction: every quantile sits a softplus above the previous one. The
    // lowest starts a softplus above FLOOR_MARGIN below the floor (-level/scale = zero units), so
    // low quantiles can reach exactly zero units once clipped at 0 (which keeps them ordered):
    // intermittent products really do sell nothing on most days.
    const quantiles = tf.cumsum(tf.softplus(raw), 2).add(x.floor).sub(FLOOR_MARGIN) as tf.Tensor3D;

    let recon: tf.Tensor2D | undefined;
    if (withRecon) {
      const past = h.slice([0, 0, 0], [B, Tc, d]).reshape([B * Tc, d]);
      recon = mm(past, this.p('recon/w')).add(this.p('recon/b')).reshape([B, contextDays(cfg)]);
    }
    return { quantiles, recon };
  }

  private attention(x: tf.Tensor3D, prefix: string, B: number, T: number): tf.Tensor3D {
    const d = this.config.dModel;
    const heads = this.config.heads;
    const dk = d / heads;
    const qkv = mm(x.reshape([B * T, d]), this.p(`${prefix}attn/qkv`)).add(this.p(`${prefix}attn/qkvb`));
    const split = (k: number) => qkv.slice([0, k * d], [B * T, d]).reshape([B, T, heads, dk]).transpose([0, 2, 1, 3]);
    const q = split(0).mul(1 / Math.sqrt(dk));
    const k = split(1);
    const v = split(2);
    const weights = tf.softmax(bmm(q, k.transpose([0, 1, 3, 2])));
    const context = bmm(weights, v).transpose([0, 2, 1, 3]).reshape([B * T, d]);
    return mm(context, this.p(`${prefix}attn/out`)).add(this.p(`${prefix}attn/outb`)).reshape([B, T, d]);
  }

  private p(name: string): tf.Variable {
    const v = this.params.get(name);
    if (!v) throw new Error(`model has no parameter ${name}`);
    return v;
  }
}

/**
 * Matrix products whose gradients use explicit transposes. tfjs derives matMul's gradient as matMuls
 * with transposeA/B flags, and the WASM backend's kernel for those is ~20× slower than transposing
 * first (npm run bench:train shows the step time); WebGPU/WebGL lose nothing by it.
 */
const mm = tf.customGrad(((a: tf.Tensor, b: tf.Tensor, save: tf.GradSaveFunc) => {
  save([a, b]);
  return {
    value: tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D),
    gradFunc: (dy: tf.Tensor, [sa, sb]: tf.Tensor[]) => [tf.matMul(dy as tf.Tensor2D, tf.transpose(sb)), tf.matMul(tf.transpose(sa), dy as tf.Tensor2D)],
  };
}) as unknown as Parameters<typeof tf.customGrad>[0]) as (a: tf.Tensor, b: tf.Tensor) => tf.Tensor2D;

/** Batched product of [B, H, m, k] by [B, H, k, n], gradients as above. */
const bmm = tf.customGrad(((a: tf.Tensor, b: tf.Tensor, save: tf.GradSaveFunc) => {
  save([a, b]);
  const swap = (t: tf.Tensor) => tf.transpose(t, [0, 1, 3, 2]);
  return {
    value: tf.matMul(a as tf.Tensor4D, b as tf.Tensor4D),
    gradFunc: (dy: tf.Tensor, [sa, sb]: tf.Tensor[]) => [tf.matMul(dy as tf.Tensor4D, swap(sb) as tf.Tensor4D), tf.matMul(swap(sa) as tf.Tensor4D, dy as tf.Tensor4D)],
  };
}) as unknown as Parameters<typeof tf.customGrad>[0]) as (a: tf.Tensor, b: tf.Tensor) => tf.Tensor4D;

/** A variable holding a copy of `values` (tidy drops the temporary tensor it is made from). */
function makeVariable(values: Float32Array, shape: number[], name: string): tf.Variable {
  return tf.tidy(() => tf.variable(tf.tensor(values, shape), true, name));
}

function layerNorm<T extends tf.Tensor>(x: T, gain: tf.Tensor, bias: tf.Tensor): T {
  const mean = x.mean(-1, true);
  const centred = x.sub(mean);
  const variance = centred.square().mean(-1, true);
  return centred.mul(variance.add(1e-5).rsqrt()).mul(gain).add(bias) as T;
}

/** GELU, sigmoid approximation (x·σ(1.702x)): two cheap ops with kernels on every backend. */
function gelu<T extends tf.Tensor>(x: T): T {
  return x.mul(tf.sigmoid(x.mul(1.702))) as T;
}

function dropout<T extends tf.Tensor>(x: T, rate: number): T {
  return rate > 0 ? (tf.dropout(x, rate) as T) : x;
}

function initialValues(spec: ParamSpec, cfg: NeuralConfig, random: () => number): Float32Array {
  const size = spec.shape.reduce((a, b) => a * b, 1);
  const out = new Float32Array(size);
  switch (spec.init) {
    case 'zeros':
      return out;
    case 'ones':
      return out.fill(1);
    case 'small':
      for (let i = 0; i < size; i++) out[i] = (random() * 2 - 1) * 0.02;
      return out;
    case 'glorot': {
      const [fanIn, fanOut] = spec.shape;
      const limit = Math.sqrt(6 / (fanIn + fanOut));
      for (let i = 0; i < size; i++) out[i] = (random() * 2 - 1) * limit;
      return out;
    }
    case 'headBias': {
      // Start with the lowest quantile at zero units (softplus = FLOOR_MARGIN) and the others
      // 0.3 scale apart.
      const Q = cfg.levels.length;
      for (let i = 0; i < size; i++) out[i] = Math.log(Math.expm1(i % Q === 0 ? FLOOR_MARGIN : 0.3));
      return out;
    }
  }
}
