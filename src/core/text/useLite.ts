import * as tf from '@tensorflow/tfjs-core';
import { UniversalSentenceEncoder } from '@tensorflow-models/universal-sentence-encoder';
import { splitRows, USE_LITE_KEY, USE_LITE_LABEL, type TextEmbedder } from './encoder';

export interface UseLiteSource {
  /** Absolute URL of model.json (its weight shards sit next to it). */
  modelUrl: string;
  /** Absolute URL of the SentencePiece vocabulary (vocab.json). */
  vocabUrl: string;
}

/**
 * Universal Sentence Encoder lite on whatever tfjs backend the caller selected (the embed worker uses
 * wasm: the graph fails on tfjs-webgpu and is ~30× slower on webgl/cpu, see shared/RECIPES.md).
 */
export async function loadUseLite(source: UseLiteSource): Promise<TextEmbedder> {
  const model = new UniversalSentenceEncoder();
  try {
    await model.load({ modelUrl: source.modelUrl, vocabUrl: source.vocabUrl });
  } catch (error) {
    throw new Error(`could not load Universal Sentence Encoder lite from ${source.modelUrl}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const dimension = 512;
  return {
    key: USE_LITE_KEY,
    label: USE_LITE_LABEL,
    device: `tfjs ${tf.getBackend()}`,
    dimension,
    async embed(texts) {
      if (texts.length === 0) return [];
      // USE-lite's tokenizer yields no tokens for an empty string, which its graph rejects.
      const safe = texts.map((t) => (t.length > 0 ? t : ' '));
      const embeddings = await model.embed(safe);
      try {
        return splitRows(await embeddings.data(), texts.length, dimension);
      } finally {
        embeddings.dispose();
      }
    },
    dispose() {
      // The graph model's weights are tfjs tensors; the class exposes no dispose, so reach the model.
      (model as unknown as { model?: { dispose(): void } }).model?.dispose();
    },
  };
}
