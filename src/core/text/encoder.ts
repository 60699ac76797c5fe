/**
 * One face for every sentence encoder Shelfcast can run: the bundled Universal Sentence Encoder
 * lite (tfjs) and transformers.js feature-extraction models. Named TextEmbedder, not TextEncoder,
 * so it never shadows the platform's TextEncoder (UTF-8) class.
 */
export interface TextEmbedder {
  /** Identifies the weights: part of the embedding cache key, so two models never share vectors. */
  readonly key: string;
  /** Human name for the UI ("Universal Sentence Encoder lite"). */
  readonly label: string;
  /** Where it computes, e.g. "tfjs wasm", "onnxruntime webgpu". */
  readonly device: string;
  readonly dimension: number;
  /** Unit-length embeddings, one per text, in order. Texts should come from prepareText(). */
  embed(texts: readonly string[]): Promise<Float32Array[]>;
  dispose(): Promise<void> | void;
}

/** Devices transformers.js can run a model on here. */
export type TransformersDevice = 'webgpu' | 'wasm';
/** Weight files: q8 reads onnx/model_quantized.onnx, fp32 reads onnx/model.onnx. */
export type TransformersDtype = 'q8' | 'fp32';

/** Which encoder the seller chose. */
export type EncoderChoice =
  | { kind: 'use-lite' }
  | { kind: 'transformers'; model: string; device: TransformersDevice; dtype: TransformersDtype };

export const DEFAULT_ENCODER: EncoderChoice = { kind: 'use-lite' };
export const USE_LITE_KEY = 'use-lite';
export const USE_LITE_LABEL = 'Universal Sentence Encoder lite (bundled, English)';

/** Hugging Face style model ids: "org/name" or a path of such segments; nothing that escapes a folder. */
const MODEL_ID = /^[A-Za-z0-9][\w.-]*(\/[A-Za-z0-9][\w.-]*)*$/;

export function validateModelId(model: string): string | undefined {
  if (!model.trim()) return 'Enter a model id, e.g. Xenova/all-MiniLM-L6-v2.';
  if (!MODEL_ID.test(model) || model.split('/').some((part) => part === '..' || part === '.')) {
    return `"${model}" is not a model id: use letters, digits, "-", "_", "." and "/" (e.g. Xenova/all-MiniLM-L6-v2).`;
  }
  return undefined;
}

/** Cache key of a choice. The device is not part of it: the same weights give the same vectors. */
export function encoderKey(choice: EncoderChoice): string {
  return choice.kind === 'use-lite' ? USE_LITE_KEY : `transformers:${choice.model}:${choice.dtype}`;
}

export function encoderLabel(choice: EncoderChoice): string {
  return choice.kind === 'use-lite' ? USE_LITE_LABEL : `${choice.model} (transformers.js, ${choice.dtype}, ${choice.device})`;
}

const SHOUTING_SHARE = 0.6;
const MAX_CHARS = 1000;

/**
 * The text an encoder sees, and whose hash keys the cache: Unicode-normalised (NFKC), whitespace
 * collapsed, cut to 1,000 characters. Text written mostly in capitals ("JUMBO BAG RED RETROSPOT", as
 * in many shop exports) is lower-cased, because cased vocabularies such as USE-lite's split capitals
 * into single letters and lose the words.
 */
export function prepareText(raw: string): string {
  let text = raw.normalize('NFKC').replace(/\s+/g, ' ').trim();
  const letters = text.match(/\p{L}/gu)?.length ?? 0;
  const capitals = text.match(/\p{Lu}/gu)?.length ?? 0;
  if (letters >= 4 && capitals / letters > SHOUTING_SHARE) text = text.toLowerCase();
  return text.length > MAX_CHARS ? text.slice(0, MAX_CHARS) : text;
}

/** What a product is, in words: name, then description and category when the catalogue has them. */
export function productText(product: { sku: string; name: string; description?: string; category?: string }): string {
  const name = product.name.trim() === product.sku.trim() ? '' : product.name;
  return prepareText([name, product.description ?? '', product.category ?? ''].map((t) => t.trim()).filter(Boolean).join('. '));
}

/** Stable hex SHA-256 of a text (Web Crypto: available in browsers, workers and Node ≥ 19). */
export async function textHash(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

export interface EmbedProgress {
  done: number;
  total: number;
}

/**
 * Embeds texts in batches, calling `onBatch` after each (so callers can store results as they go and a
 * cancelled run keeps what it finished) and `onProgress` with the running count.
 */
export async function embedInBatches(
  embedder: TextEmbedder,
  texts: readonly string[],
  options: {
    batchSize?: number;
    onBatch?: (start: number, vectors: Float32Array[]) => void | Promise<void>;
    onProgress?: (progress: EmbedProgress) => void;
  } = {},
): Promise<Float32Array[]> {
  const batchSize = options.batchSize ?? 32;
  if (!(Number.isInteger(batchSize) && batchSize > 0)) throw new RangeError(`batch size must be a positive integer, got ${batchSize}`);
  const out: Float32Array[] = [];
  options.onProgress?.({ done: 0, total: texts.length });
  for (let start = 0; start < texts.length; start += batchSize) {
    const batch = texts.slice(start, start + batchSize);
    const vectors = await embedder.embed(batch);
    if (vectors.length !== batch.length) throw new Error(`${embedder.label} returned ${vectors.length} embeddings for ${batch.length} texts`);
    await options.onBatch?.(start, vectors);
    out.push(...vectors);
    options.onProgress?.({ done: out.length, total: texts.length });
  }
  return out;
}

/** Splits a row-major [n × dim] buffer into unit-length rows. */
export function splitRows(data: ArrayLike<number>, rows: number, dim: number): Float32Array[] {
  if (data.length !== rows * dim) throw new RangeError(`expected ${rows}×${dim} values, got ${data.length}`);
  const out: Float32Array[] = [];
  for (let r = 0; r < rows; r++) {
    const row = new Float32Array(dim);
    let sum = 0;
    for (let i = 0; i < dim; i++) {
      row[i] = data[r * dim + i];
      sum += row[i] * row[i];
    }
    const length = Math.sqrt(sum);
    if (length > 0) for (let i = 0; i < dim; i++) row[i] /= length;
    out.push(row);
  }
  return out;
}
