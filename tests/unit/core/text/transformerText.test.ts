import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../../src/core/stats';
import {
  CLS, MASK, maskTokens, PAD, rawTokens, TextTransformer, textTransformerShapes, TextVocabulary, trainTextTransformer, UNK,
} from '../../../../src/core/text/transformerText';

describe('TextVocabulary', () => {
  it('splits Han characters one by one and keeps Latin/digit runs whole', () => {
    expect(rawTokens('iPhone15 手机壳，好！')).toEqual(['iphone15', '手', '机', '壳', ',', '好', '!']);
  });

  it('keeps tokens seen at least twice, most frequent first, after the four specials', () => {
    const vocab = TextVocabulary.build(['好好好', '差好', '差 ab', 'ab'], 100, 2);
    // 好 ×4, 差 ×2, ab ×2, a ×2, b ×2 (letters of a Latin piece are counted for spelling out)
    expect(vocab.tokens).toEqual(['[PAD]', '[UNK]', '[CLS]', '[MASK]', '好', '差', 'ab', 'a', 'b']);
    expect(Array.from(vocab.encode('好差坏', 6))).toEqual([CLS, 4, 5, UNK, PAD, PAD]);
    // An unknown Latin word is spelled with the letters the vocabulary has.
    expect(Array.from(vocab.encode('ba', 4))).toEqual([CLS, 8, 7, PAD]);
    expect(Array.from(vocab.encode('好好好好好好', 3))).toEqual([CLS, 4, 4]);
  });
});

describe('maskTokens', () => {
  it('masks only real tokens, at least one per row, and remembers the originals', () => {
    const ids = Int32Array.of(CLS, 5, 6, 7, PAD, PAD, CLS, 8, PAD, PAD, PAD, PAD);
    const m = maskTokens(ids, 2, 6, 20, mulberry32(3));
    expect(m.positions.length).toBeGreaterThanOrEqual(2);
    for (let i = 0; i < m.positions.length; i++) {
      const at = m.positions[i];
      expect(at % 6).not.toBe(0); // never [CLS]
      expect(ids[at]).not.toBe(PAD);
      expect(m.targets[i]).toBe(ids[at]);
    }
    expect(m.positions).toContain(7); // the second row's only token
  });
});

describe('TextTransformer', () => {
  const config = { vocabulary: 12, maxLength: 6, dModel: 8, heads: 2, layers: 1, feedForward: 16, dropout: 0 };

  it('has the shapes it declares and round-trips its weights', async () => {
    const model = new TextTransformer(config, 1);
    // tok 12×8, pos 6×8, layer: 8+8+8·24+24+8·8+8+8+8+8·16+16+16·8+8, final 8+8, mlm 12, sent 8+1
    expect(model.weightCount).toBe(96 + 48 + (16 + 192 + 24 + 64 + 8 + 16 + 128 + 16 + 128 + 8) + 16 + 12 + 9);
    expect(textTransformerShapes(config)[0]).toEqual(['tok', [12, 8]]);
    const ids = tf.tensor2d(Int32Array.of(CLS, 4, 5, PAD, PAD, PAD, CLS, 6, 7, 8, 9, 10), [2, 6], 'int32');
    const hidden = model.hidden(ids, false);
    expect(hidden.shape).toEqual([2, 6, 8]);
    expect(model.pooled(ids, false).shape).toEqual([2, 8]);
    const logits = await model.sentimentLogits(ids, false).data();
    const copy = new TextTransformer(config, 99, await model.weights());
    expect(Array.from(await copy.sentimentLogits(ids, false).data())).toEqual(Array.from(logits));
    // Padding is masked out: what follows the text does not change its pooled vector.
    const padded = tf.tensor2d(Int32Array.of(CLS, 4, 5, PAD, PAD, PAD), [1, 6], 'int32');
    const pooledA = await model.pooled(padded, false).data();
    expect(Array.from(pooledA).map((v, i) => v - (model.pooled(ids, false).arraySync() as number[][])[0][i]).every((d) => Math.abs(d) < 1e-5)).toBe(true);
    model.dispose();
    copy.dispose();
    tf.dispose([ids, hidden, padded]);
  });

  it('lowers its masked-token and sentiment losses on a tiny shop', async () => {
    const positive = ['杯子很好看', '保温效果好', '很满意会回购', '做工精致喜欢', '发货快好评', '杯子好用'];
    const negative = ['杯子漏水差评', '保温效果差', '很失望退货了', '做工粗糙不喜欢', '发货慢差评', '杯子难用'];
    const texts = [...positive, ...positive, ...negative, ...negative];
    const labels = texts.map((_, i) => (i < 2 * positive.length ? 1 : 0));
    const trained = await trainTextTransformer(texts, { texts, labels }, { maxLength: 10, dModel: 16, heads: 2, layers: 1, feedForward: 32, dropout: 0 },
      { pretrainEpochs: 6, epochs: 12, patience: 12, batchSize: 8, learningRate: 3e-3, validationFraction: 0.25 });
    const pre = trained.reports.filter((r) => r.stage === 'pretrain').map((r) => r.loss);
    const fine = trained.reports.filter((r) => r.stage === 'sentiment').map((r) => r.loss);
    expect(pre[pre.length - 1]).toBeLessThan(pre[0]);
    expect(fine[fine.length - 1]).toBeLessThan(fine[0]);
    const p = await trained.predict(['杯子很好看', '杯子漏水差评']);
    expect(p[0]).toBeGreaterThan(p[1]);
    const [a] = await trained.embed(['杯子很好看']);
    expect(a).toHaveLength(16);
    expect(Math.hypot(...a)).toBeCloseTo(1, 5);
    trained.model.dispose();
  }, 60_000);
});
