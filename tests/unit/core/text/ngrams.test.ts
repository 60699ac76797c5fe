import { describe, expect, it } from 'vitest';
import {
  detectLanguage, dominantLanguage, fnv1a32, hanCharNgrams, hanShare, hashedNgrams, ngramFeatures, normaliseForFeatures,
  segmentWords, sparseDot,
} from '../../../../src/core/text/ngrams';
import { lexiconCounts } from '../../../../src/core/text/zhLexicon';

describe('language', () => {
  it('measures the share of Han characters among letters', () => {
    expect(hanShare('手机壳abc')).toBeCloseTo(3 / 6, 10);
    expect(hanShare('123 !!')).toBe(0);
    expect(detectLanguage('iPhone15 Pro 手机壳 磁吸 MagSafe')).toBe('zh'); // 4 Han of 20 letters
    expect(detectLanguage('Red heart T-light holder 中')).toBe('other');
    expect(dominantLanguage(['好评', 'good', '', '差评'])).toBe('zh');
    expect(dominantLanguage(['good', 'bad', 'fine', '好'])).toBe('other');
  });
});

describe('tokenisation', () => {
  it('normalises full-width forms, case, repeated punctuation and spaces', () => {
    expect(normaliseForFeatures('\uFEFFＡＢＣ１２３！！！  好 ')).toBe('abc123! 好');
  });

  it('segments words with Intl.Segmenter and drops punctuation', () => {
    expect(segmentWords('这个手机壳很好看，物流很快！iPhone15 Pro'))
      .toEqual(['这个', '手机', '壳', '很好', '看', '物流', '很快', 'iPhone15', 'Pro']);
  });

  it('takes character n-grams within runs of Han characters only', () => {
    expect(hanCharNgrams('很好，不贵', 2)).toEqual(['很', '好', '很好', '不', '贵', '不贵']);
    expect(hanCharNgrams('a好b', 3)).toEqual(['好']);
  });

  it('tags characters, long words and word pairs', () => {
    expect(ngramFeatures('质量很好', { maxCharN: 2, maxWordN: 2 }))
      .toEqual(['c:质', 'c:量', 'c:很', 'c:好', 'c:质量', 'c:量很', 'c:很好', 'w2:质量 很好']);
    // Latin words are words; 2-character Han words are already character bigrams.
    expect(ngramFeatures('iPhone 好', { maxCharN: 1, maxWordN: 1 })).toEqual(['c:好', 'w:iphone']);
  });
});

describe('hashing', () => {
  it('matches FNV-1a with the murmur3 finaliser (values from an independent Python version)', () => {
    expect(['', 'a', 'c:好'].map(fnv1a32)).toEqual([0xab3e7c0b, 0x1a80b1b3, 0x769c3ab1]);
  });

  it('damps counts to 1 + ln(count) and scales to unit length', () => {
    // 好坏好: 好 twice, 坏 once → (1 + ln 2, 1) / ‖·‖
    const v = hashedNgrams('好坏好', { bits: 16, maxCharN: 1, maxWordN: 0 });
    const good = fnv1a32('c:好') & 0xffff;
    const bad = fnv1a32('c:坏') & 0xffff;
    expect(Array.from(v.indices)).toEqual([good, bad].sort((a, b) => a - b));
    const length = Math.hypot(1 + Math.log(2), 1);
    expect(v.values[v.indices.indexOf(good)]).toBeCloseTo((1 + Math.log(2)) / length, 6);
    expect(v.values[v.indices.indexOf(bad)]).toBeCloseTo(1 / length, 6);
    expect(sparseDot(v, v)).toBeCloseTo(1, 6);
    expect(() => hashedNgrams('好', { bits: 40 })).toThrow(/bits/);
  });

  it('computes sparse dot products by merging sorted indices', () => {
    const a = { indices: Int32Array.of(1, 4, 9), values: Float32Array.of(1, 2, 3) };
    const b = { indices: Int32Array.of(4, 5, 9), values: Float32Array.of(10, 1, 2) };
    expect(sparseDot(a, b)).toBe(2 * 10 + 3 * 2);
  });
});

describe('sentiment lexicon', () => {
  it('counts praise and blame by longest match, with negation and verdict clauses', () => {
    expect(lexiconCounts('很不错。很好的平板')).toEqual({ positive: 2, negative: 0 }); // 很不错 is not 不 + 错
    expect(lexiconCounts('质量差，不新鲜')).toEqual({ positive: 0, negative: 2 });
    expect(lexiconCounts('不太新鲜')).toEqual({ positive: 0, negative: 1 }); // 不太 negates 新鲜
    expect(lexiconCounts('好看，但是质量差')).toEqual({ positive: 1, negative: 2 }); // after 但是 counts double
    expect(lexiconCounts('没问题')).toEqual({ positive: 1, negative: 0 });
    expect(lexiconCounts('没有任何')).toEqual({ positive: 0, negative: 0 });
  });
});
