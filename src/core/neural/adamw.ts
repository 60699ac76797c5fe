import * as tf from '@tensorflow/tfjs';

export interface AdamWOptions {
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  /** Decoupled weight decay λ (Loshchilov & Hutter): w ← w − η·(Adam step + λ·w). */
  weightDecay?: number;
  /** Gradients are rescaled so their global L2 norm is at most this (0 = no clipping). */
  clipNorm?: number;
}

export interface OptimisedParam {
  variable: tf.Variable;
  /** Whether weight decay applies (matrices yes; biases, norms, embeddings no). */
  decay: boolean;
}

/**
 * AdamW. tfjs ships Adam, whose L2 regularisation would go through the adaptive denominator;
 * AdamW decays the weights directly, scaled by the same scheduled learning rate as the step
 * (PyTorch's AdamW does the same).
 */
export class AdamW {
  private readonly beta1: number;
  private readonly beta2: number;
  private readonly epsilon: number;
  private readonly weightDecay: number;
  private readonly clipNorm: number;
  private readonly moments = new Map<string, { m: tf.Variable; v: tf.Variable }>();
  private t = 0;

  constructor(private readonly params: readonly OptimisedParam[], options: AdamWOptions = {}) {
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.epsilon = options.epsilon ?? 1e-8;
    this.weightDecay = options.weightDecay ?? 0.01;
    this.clipNorm = options.clipNorm ?? 1;
    for (const p of params) {
      this.moments.set(p.variable.name, {
        m: tf.tidy(() => tf.variable(tf.zerosLike(p.variable), false)),
        v: tf.tidy(() => tf.variable(tf.zerosLike(p.variable), false)),
      });
    }
  }

  get steps(): number {
    return this.t;
  }

  /** One update with learning rate `lr`; `grads` is keyed by variable name (as tf.variableGrads returns). */
  apply(grads: tf.NamedTensorMap, lr: number): void {
    this.t++;
    const t = this.t;
    tf.tidy(() => {
      let scale: tf.Tensor | number = 1;
      if (this.clipNorm > 0) {
        const squares = this.params.map((p) => grads[p.variable.name]).filter((g) => g !== undefined).map((g) => g.square().sum());
        const norm = tf.addN(squares).sqrt();
        scale = tf.minimum(1, tf.div(this.clipNorm, norm.add(1e-6)));
      }
      const correction1 = 1 - this.beta1 ** t;
      const correction2 = 1 - this.beta2 ** t;
      for (const p of this.params) {
        const raw = grads[p.variable.name];
        if (!raw) continue;
        const g = raw.mul(scale);
        const state = this.moments.get(p.variable.name)!;
        const m = state.m.mul(this.beta1).add(g.mul(1 - this.beta1));
        const v = state.v.mul(this.beta2).add(g.square().mul(1 - this.beta2));
        state.m.assign(m);
        state.v.assign(v);
        let update = m.div(correction1).div(v.div(correction2).sqrt().add(this.epsilon));
        if (p.decay && this.weightDecay > 0) update = update.add(p.variable.mul(this.weightDecay));
        p.variable.assign(p.variable.sub(update.mul(lr)));
      }
    });
  }

  dispose(): void {
    for (const { m, v } of this.moments.values()) {
      m.dispose();
      v.dispose();
    }
    this.moments.clear();
  }
}

export interface ScheduleOptions {
  peak: number;
  warmupSteps: number;
  totalSteps: number;
  /** Final learning rate as a fraction of the peak. */
  floor?: number;
}

/** Linear warm-up to the peak, then cosine decay to floor·peak at totalSteps (and flat after). */
export function learningRate(step: number, o: ScheduleOptions): number {
  const floor = (o.floor ?? 0.05) * o.peak;
  if (o.warmupSteps > 0 && step < o.warmupSteps) return o.peak * ((step + 1) / o.warmupSteps);
  const span = Math.max(1, o.totalSteps - o.warmupSteps);
  const progress = Math.min(1, (step - o.warmupSteps) / span);
  return floor + (o.peak - floor) * 0.5 * (1 + Math.cos(Math.PI * progress));
}
