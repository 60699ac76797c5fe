import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { NgramTitleIndex } from '../../../../src/core/text/ngramSimilarity';

/** 120 Chinese product titles written for Shelfcast, 10 in each of 12 groups. */
function loadZhCatalogue(): { group: string; sku: string; name: string }[] {
  const csv = readFileSync('tests/fixtures/text/zh_catalogue.csv', 'utf8');
  return Papa.parse<{ group: string; sku: string; name: string }>(csv, { header: true, skipEmptyLines: true }).data;
}

describe('NgramTitleIndex', () => {
  it('weighs shared n-grams by how rare they are in the catalogue (hand-computed cosine)', () => {
    // Character unigrams only. 甲乙 / 甲丙 / 丁: n = 3, df(甲) = 2, df(乙) = df(丙) = df(丁) = 1.
    const index = new NgramTitleIndex([['a', '甲乙'], ['b', '甲丙'], ['c', '丁']], { bits: 16, maxCharN: 1, maxWordN: 0 });
    const common = Math.log(4 / 3) + 1;
    const rare = Math.log(4 / 2) + 1;
    // a = (common, rare, 0), b = (common, 0, rare): cosine = common² / (common² + rare²)
    expect(index.similarity('a', 'b')).toBeCloseTo(common ** 2 / (common ** 2 + rare ** 2), 6);
    expect(index.similarity('a', 'c')).toBe(0);
    expect(index.neighboursOf('a', 2).map((n) => n.key)).toEqual(['b', 'c']);
    expect(index.nearest('丁丁', 1)[0]).toMatchObject({ key: 'c' });
    expect(index.nearest('戊', 3)).toEqual([]); // nothing the catalogue knows
  });

  it('leaves out empty titles and says which product is missing', () => {
    const index = new NgramTitleIndex([['a', '保温杯'], ['b', '  ']]);
    expect(index.size).toBe(1);
    expect(() => index.neighboursOf('b', 3)).toThrow(/"b"/);
  });

  it('finds a same-group nearest neighbour for at least 80% of a 120-product Chinese catalogue', () => {
    const products = loadZhCatalogue();
    const groups = new Set(products.map((p) => p.group));
    expect(products.length).toBeGreaterThanOrEqual(100);
    expect(groups.size).toBeGreaterThanOrEqual(10);
    const index = new NgramTitleIndex(products.map((p) => [p.sku, p.name] as const));
    const groupOf = new Map(products.map((p) => [p.sku, p.group]));
    const hits = products.filter((p) => groupOf.get(index.neighboursOf(p.sku, 1)[0]?.key ?? '') === p.group).length;
    expect(hits / products.length).toBeGreaterThanOrEqual(0.8);
  });
});
