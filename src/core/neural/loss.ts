import * as tf from '@tensorflow/tfjs';

/**
 * Pinball (quantile) loss: for level q and error e = y − ŷ, q·e when under-forecasting and
 * (q − 1)·e when over-forecasting. Averaged over levels and over the target days whose mask is 1.
 *
 * quantiles [B, H, Q], target [B, H], mask [B, H] → scalar.
 */
export function pinballLoss(quantiles: tf.Tensor3D, target: tf.Tensor2D, mask: tf.Tensor2D, levels: readonly number[]): tf.Scalar {
  return tf.tidy(() => {
    const [B, H, Q] = quantiles.shape;
    const q = tf.tensor3d(Float32Array.from(levels), [1, 1, Q]);
    const error = target.reshape([B, H, 1]).sub(quantiles);
    const loss = tf.maximum(error.mul(q), error.mul(q.sub(1)));
    const weighted = loss.mul(mask.reshape([B, H, 1]));
    return weighted.sum().div(mask.sum().mul(Q).maximum(1)) as tf.Scalar;
  });
}

/** Mean absolute error over masked entries (masked-patch reconstruction). */
export function maskedL1(prediction: tf.Tensor2D, target: tf.Tensor2D, mask: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => prediction.sub(target).abs().mul(mask).sum().div(mask.sum().maximum(1)) as tf.Scalar);
}

/** The same pinball loss in plain numbers, for metrics outside the graph and for checking the graph. */
export function pinball(actual: number, forecast: number, level: number): number {
  const e = actual - forecast;
  return e >= 0 ? level * e : (level - 1) * e;
}
