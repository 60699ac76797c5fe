import type { EncoderChoice, TextEmbedder } from '../src/core/text/encoder';
import type { LoadProgress, TransformersSource } from './transformersEncoder';
import type { UseLiteSource } from '../src/core/text/useLite';

export interface EncoderSources {
  useLite: UseLiteSource;
  transformers: TransformersSource;
}

/**
 * Loads the chosen encoder. Each implementation is imported on demand, so a bundle that never uses
 * transformers.js (or USE-lite) does not carry it.
 */
export async function loadEmbedder(
  choice: EncoderChoice, sources: EncoderSources, onProgress?: (progress: LoadProgress) => void,
): Promise<TextEmbedder> {
  if (choice.kind === 'use-lite') {
    const { loadUseLite } = await import('../src/core/text/useLite');
    return loadUseLite(sources.useLite);
  }
  const { loadTransformersEmbedder } = await import('./transformersEncoder');
  return loadTransformersEmbedder(choice, sources.transformers, onProgress);
}

/** Trains the review-sentiment head (loads tfjs on demand). */
export async function trainSentimentHead(
  ...args: Parameters<typeof import('../src/core/text/sentimentTraining').trainSentimentHead>
): ReturnType<typeof import('../src/core/text/sentimentTraining').trainSentimentHead> {
  const { trainSentimentHead: train } = await import('../src/core/text/sentimentTraining');
  return train(...args);
}
