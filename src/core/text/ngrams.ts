/**
 * Text as hashed n-gram counts, for languages the bundled sentence encoder cannot read (Chinese
 * first). Words come from the platform's `Intl.Segmenter` (ICU's dictionary: built into every
 * browser, Node and worker, no download); character n-grams cover what the dictionary splits
 * (洗发水 → 洗|发|水) and the seller's own product words it has never seen. Features are hashed into a
 * fixed number of buckets, so no vocabulary has to be kept or shipped.
 */

/** Han ideographs (CJK Unified Ideographs and extensions, compatibility ideographs). */
const HAN = /\p{Script=Han}/u;
const HAN_GLOBAL = /\p{Script=Han}/gu;
const LETTER_GLOBAL = /\p{L}/gu;

/** The share of a text's letters that are Han characters (0 for a text with no letters). */
export function hanShare(text: string): number {
  const letters = text.match(LETTER_GLOBAL)?.length ?? 0;
  if (letters === 0) return 0;
  return (text.match(HAN_GLOBAL)?.length ?? 0) / letters;
}

export type TextLanguage = 'zh' | 'other';

/**
 * Chinese when at least a fifth of the letters are Han characters: a Chinese title is often half
 * Latin letters ("iPhone15 手机壳 磁吸 MagSafe") and counts as Chinese; English with one 中 does not.
 */
export function detectLanguage(text: string): TextLanguage {
  return hanShare(text) >= 0.2 ? 'zh' : 'other';
}

/** The language of a collection: Chinese when at least a third of its non-empty texts are Chinese. */
export function dominantLanguage(texts: readonly string[]): TextLanguage {
  let chinese = 0;
  let nonEmpty = 0;
  for (const text of texts) {
    if (!text.trim()) continue;
    nonEmpty++;
    if (detectLanguage(text) === 'zh') chinese++;
  }
  return nonEmpty > 0 && chinese * 3 >= nonEmpty ? 'zh' : 'other';
}

/**
 * The form every feature is taken from: NFKC (full-width ＡＢＣ１２３！ become ABC123!), lower case,
 * runs of one punctuation mark cut to one (！！！ → !), whitespace collapsed, byte-order marks dropped.
 */
export function normaliseForFeatures(text: string): string {
  return text
    .replace(/\uFEFF/g, '')
    .normalize('NFKC')
    .toLowerCase()
    .replace(/(\p{P})\1+/gu, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

let segmenter: Intl.Segmenter | undefined;

/**
 * Word-like segments (punctuation and spaces dropped), by `Intl.Segmenter('zh', { granularity:
 * 'word' })`: Chinese by ICU's dictionary, Latin and digits by spaces and punctuation.
 */
export function segmentWords(text: string): string[] {
  segmenter ??= new Intl.Segmenter('zh', { granularity: 'word' });
  const out: string[] = [];
  for (const s of segmenter.segment(text)) if (s.isWordLike) out.push(s.segment);
  return out;
}

/**
 * Character n-grams of each run of Han characters (n = 1 … maxN), no n-gram across punctuation, a
 * space or a Latin word: "很好，不贵" gives 很 好 很好 不 贵 不贵 (maxN 2).
 */
export function hanCharNgrams(text: string, maxN: number): string[] {
  const out: string[] = [];
  for (const run of text.split(/[^\p{Script=Han}]+/u)) {
    if (!run) continue;
    const chars = Array.from(run);
    for (let n = 1; n <= maxN; n++) {
      for (let i = 0; i + n <= chars.length; i++) out.push(chars.slice(i, i + n).join(''));
    }
  }
  return out;
}

export interface NgramOptions {
  /** Buckets: 2^bits. */
  bits: number;
  /** Longest Han character n-gram. */
  maxCharN: number;
  /** Word n-grams from the segmenter, 1 … maxWordN (0: no words). */
  maxWordN: number;
}

export const DEFAULT_NGRAM_OPTIONS: NgramOptions = { bits: 18, maxCharN: 3, maxWordN: 2 };

/**
 * The string features of a text, each tagged with its kind so a character and a word never collide
 * by meaning (c:好 is the character, w:好 the one-character word): c:… Han character n-grams, w:… words
 * and Latin tokens, w2:… two consecutive words.
 */
export function ngramFeatures(raw: string, options: Partial<NgramOptions> = {}): string[] {
  const { maxCharN, maxWordN } = { ...DEFAULT_NGRAM_OPTIONS, ...options };
  const text = normaliseForFeatures(raw);
  const out: string[] = [];
  for (const gram of hanCharNgrams(text, maxCharN)) out.push(`c:${gram}`);
  if (maxWordN > 0) {
    const words = segmentWords(text);
    for (const w of words) if (!HAN.test(w) || Array.from(w).length > maxCharN) out.push(`w:${w}`);
    for (let n = 2; n <= maxWordN; n++) {
      for (let i = 0; i + n <= words.length; i++) out.push(`w${n}:${words.slice(i, i + n).join(' ')}`);
    }
  }
  return out;
}

/**
 * 32-bit FNV-1a of the string's UTF-16 code units, with a final avalanche (murmur3's fmix32) so that
 * the low bits used as a bucket number depend on every character.
 */
export function fnv1a32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A sparse vector: bucket numbers in ascending order, and their values. */
export interface SparseVector {
  indices: Int32Array;
  values: Float32Array;
}

/**
 * Hashed, unit-length n-gram vector of a text: each bucket's count is damped to 1 + ln(count) (a word
 * said five times is not five times the evidence), then the vector is scaled to length 1 so long and
 * short reviews weigh the same.
 */
export function hashedNgrams(text: string, options: Partial<NgramOptions> = {}): SparseVector {
  const opts = { ...DEFAULT_NGRAM_OPTIONS, ...options };
  if (!(Number.isInteger(opts.bits) && opts.bits >= 4 && opts.bits <= 26)) throw new RangeError(`bits must be an integer from 4 to 26, got ${opts.bits}`);
  const mask = (1 << opts.bits) - 1;
  const counts = new Map<number, number>();
  for (const feature of ngramFeatures(text, opts)) {
    const bucket = fnv1a32(feature) & mask;
    counts.set(bucket, (counts.get(bucket) ?? 0) + 1);
  }
  const indices = Int32Array.from([...counts.keys()].sort((a, b) => a - b));
  const values = new Float32Array(indices.length);
  let sum = 0;
  indices.forEach((bucket, i) => {
    values[i] = 1 + Math.log(counts.get(bucket) as number);
    sum += values[i] * values[i];
  });
  const length = Math.sqrt(sum);
  if (length > 0) for (let i = 0; i < values.length; i++) values[i] /= length;
  return { indices, values };
}

/** Dot product of two sparse vectors (indices ascending). */
export function sparseDot(a: SparseVector, b: SparseVector): number {
  let i = 0;
  let j = 0;
  let sum = 0;
  while (i < a.indices.length && j < b.indices.length) {
    if (a.indices[i] === b.indices[j]) sum += a.values[i++] * b.values[j++];
    else if (a.indices[i] < b.indices[j]) i++;
    else j++;
  }
  return sum;
}
