import { describe, expect, it } from 'vitest';
import {
  DEFAULT_NGRAM_SENTIMENT, featureCount, LEXICON_FEATURES, NgramSentimentModel, packSparse, sentimentFeatures,
} from '../../../../src/core/text/ngramSentiment';
import { trainNgramSentiment } from '../../../../src/core/text/ngramSentimentTraining';
import { hashedNgrams } from '../../../../src/core/text/ngrams';

const small = { bits: 8, maxCharN: 1, maxWordN: 0, lexicon: true };

describe('features', () => {
  it('appends ln(1 + positive), ln(1 + negative) and the sign after the hashed buckets', () => {
    const x = sentimentFeatures('很好，就是物流慢，太慢', small); // positive 1; after 就是: 慢 ×2, 太慢 ×2 → negative 4
    const n = x.indices.length;
    expect(Array.from(x.indices.subarray(n - LEXICON_FEATURES))).toEqual([256, 257, 258]);
    expect(x.values[n - 3]).toBeCloseTo(Math.log(2), 6);
    expect(x.values[n - 2]).toBeCloseTo(Math.log(5), 6);
    expect(x.values[n - 1]).toBe(-1);
    expect(Array.from(x.indices.subarray(0, n - 3))).toEqual(Array.from(hashedNgrams('很好，就是物流慢，太慢', small).indices));
    expect(featureCount(small)).toBe(259);
    expect(featureCount(DEFAULT_NGRAM_SENTIMENT)).toBe(2 ** 18 + 3);
  });

  it('pads rows for batching with bucket 0 and value 0', () => {
    const packed = packSparse([{ indices: Int32Array.of(3, 5), values: Float32Array.of(1, 2) }, { indices: Int32Array.of(7), values: Float32Array.of(4) }]);
    expect(packed.width).toBe(2);
    expect(Array.from(packed.ids)).toEqual([3, 5, 7, 0]);
    expect(Array.from(packed.values)).toEqual([1, 2, 4, 0]);
  });
});

describe('NgramSentimentModel', () => {
  it('scores a sparse vector as bias + Σ w·x', () => {
    const weights = new Float32Array(featureCount(small) + 1);
    weights[4] = 2;
    weights[9] = -1;
    weights[featureCount(small)] = 0.5; // bias
    const model = new NgramSentimentModel(small, weights);
    expect(model.logit({ indices: Int32Array.of(4, 9), values: Float32Array.of(0.5, 3) })).toBeCloseTo(0.5 + 1 - 3, 6);
    expect(() => new NgramSentimentModel(small, new Float32Array(3))).toThrow(/expects 260 weights/);
  });
});

describe('training', () => {
  // A tiny shop: praise and blame about two products, each with words of its own.
  const positive = ['杯子很好看', '保温效果好', '很满意，会回购', '做工精致，喜欢', '发货快，好评', '杯子好用', '颜色漂亮，满意', '质量好，推荐'];
  const negative = ['杯子漏水，差评', '保温效果差', '很失望，退货了', '做工粗糙，不喜欢', '发货慢，差评', '杯子难用', '颜色难看，失望', '质量差，不推荐'];
  const texts = [...positive, ...negative];
  const labels = [...positive.map(() => 1), ...negative.map(() => 0)];
  const config = { bits: 12, maxCharN: 2, maxWordN: 1, lexicon: true };

  it('lowers the loss epoch by epoch and separates the classes it trained on', () => {
    const trained = trainNgramSentiment(texts.map((t) => sentimentFeatures(t, config)), labels, config, { validationFraction: 0, epochs: 6, patience: 6 });
    const losses = trained.epochs.map((e) => e.loss);
    for (let i = 1; i < losses.length; i++) expect(losses[i]).toBeLessThan(losses[i - 1]);
    const p = trained.model.predictTexts(texts);
    positive.forEach((_, i) => expect(p[i]).toBeGreaterThan(0.5));
    negative.forEach((_, i) => expect(p[positive.length + i]).toBeLessThan(0.5));
    expect(trained.classWeights).toEqual([1, 1]);
  });

  it('carries sentiment to words it never saw through the lexicon', () => {
    const trained = trainNgramSentiment(texts.map((t) => sentimentFeatures(t, config)), labels, config, { validationFraction: 0, epochs: 6, patience: 6 });
    // Neither 新鲜 nor 烂 is in the training reviews; both are in the lexicon.
    const [fresh, rotten] = trained.model.predictTexts(['水果新鲜', '水果烂了']);
    expect(fresh).toBeGreaterThan(0.5);
    expect(rotten).toBeLessThan(0.5);
  });

  it('refuses one-class data and features outside the model', () => {
    expect(() => trainNgramSentiment([sentimentFeatures('好', config), sentimentFeatures('好', config)], [1, 1], config)).toThrow(/2 positive and 2 negative/);
    const outside = { indices: Int32Array.of(1 << 20), values: Float32Array.of(1) };
    expect(() => trainNgramSentiment([outside, outside, outside, outside], [1, 1, 0, 0], config)).toThrow(/outside/);
  });
});
