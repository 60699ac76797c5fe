import type { TextEncoding } from './types';

/**
 * Which text encoding a file's bytes are in. UTF-8 is tried first (valid UTF-8 is almost never
 * anything else); otherwise the bytes are decoded as GB18030 (GBK, what Excel saves on Chinese
 * Windows), Big5 (Traditional Chinese) and Windows-1252 (Western European), and the one whose
 * characters look like real text wins. When two stay plausible the seller is offered the choice.
 */
export interface EncodingGuess {
  encoding: TextEncoding;
  sure: boolean;
  /** The plausible encodings, best first, when not sure. */
  choices?: TextEncoding[];
}

// Very common characters of shop exports and everyday text, simplified and traditional. Bytes in
// the other encoding decode to rarer characters, so the share of these tells the two apart.
const SIMPLIFIED = new Set('的一是不了在人有我他这个们中来上大为和国地到以说时要就出会可也你对生能而子那得于着下自之年过发后作里用道行所然家种事成方多经么去法学如都同现当没动面起看定天分还进好小部其些主样理心本前开但因只从想实日期商品编码号名称数量单价金额订单店铺库存评价分格货销售退款时间买家卖付宝贝标题状态交易关闭成功颜色尺码规格件元收快递物流运费优惠客户手机地址备注总计合际类型别供应采购进周月份门仓产杯盘碗红蓝白黑色大号中号小号'.split(''));
const TRADITIONAL = new Set('的一是不了在人有我他這個們中來上大為和國地到以說時要就出會可也你對生能而子那得於著下自之年過發後作裡用道行所然家種事成方多經麼去法學如都同現當沒動面起看定天分還進好小部其些主樣理心本前開但因只從想實日期商品編碼號名稱數量單價金額訂單店鋪庫存評價分格貨銷售退款時間買家賣付寶貝標題狀態交易關閉成功顏色尺碼規格件元收快遞物流運費優惠客戶手機地址備註總計合際類型別供應採購進週月份門倉產杯盤碗紅藍白黑色大號中號小號'.split(''));

/** Share of a text's non-ASCII characters that are common characters of the script. */
function commonShare(text: string, common: ReadonlySet<string>): number {
  let wide = 0;
  let hits = 0;
  for (const ch of text) {
    if (ch.charCodeAt(0) < 0x80) continue;
    wide++;
    if (common.has(ch)) hits++;
  }
  return wide === 0 ? 0 : hits / wide;
}

/**
 * Share of bytes ≥ 0x80 that stand alone between ASCII bytes: nearly all of them in Western text
 * (one accented letter inside a word), nearly none in Chinese text (two-byte characters in runs).
 */
function isolatedHighBytes(bytes: Uint8Array): number {
  let high = 0;
  let isolated = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] < 0x80) continue;
    high++;
    if ((i === 0 || bytes[i - 1] < 0x80) && (i + 1 === bytes.length || bytes[i + 1] < 0x80)) isolated++;
  }
  return high === 0 ? 1 : isolated / high;
}

function decodes(bytes: Uint8Array, encoding: TextEncoding): string | undefined {
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** `bytes` has no BOM, no NUL pattern of UTF-16 and no binary signature (checked before). */
export function guessEncoding(bytes: Uint8Array, cutAtEnd: boolean): EncodingGuess {
  // A multi-byte character cut at the end of the probe is not an error.
  const probe = cutAtEnd ? bytes.subarray(0, Math.max(0, bytes.length - 4)) : bytes;
  if (decodes(probe, 'utf-8') !== undefined) return { encoding: 'utf-8', sure: true };
  const scored: { encoding: TextEncoding; score: number }[] = [];
  for (const [encoding, common] of [['gb18030', SIMPLIFIED], ['big5', TRADITIONAL]] as const) {
    const text = decodes(probe, encoding);
    if (text !== undefined) scored.push({ encoding, score: commonShare(text, common) });
  }
  scored.sort((a, b) => b.score - a.score);
  const latin = isolatedHighBytes(probe) >= 0.5;
  const best = scored[0];
  // Chinese text has a good share of common characters; Latin text read as Chinese has almost none.
  if (best && best.score >= 0.2 && !latin) {
    const runnerUp = scored[1]?.score ?? 0;
    if (best.score >= 2 * runnerUp + 0.05) return { encoding: best.encoding, sure: true };
    return { encoding: best.encoding, sure: false, choices: [...scored.map((s) => s.encoding), 'windows-1252'] };
  }
  if (scored.length === 0 || latin) return { encoding: 'windows-1252', sure: true };
  return { encoding: 'windows-1252', sure: false, choices: ['windows-1252', ...scored.map((s) => s.encoding)] };
}
