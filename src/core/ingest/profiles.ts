import { t } from '../../i18n';
import { normaliseHeader, type Field } from './fields';

/**
 * Layout profiles: the rules of one shop system's export, applied only to files whose header has
 * that export's signature. Everything else gets the generic rules (see orderLines.ts): negative
 * quantities are returns, service lines are proposed for exclusion, an order number is just a number.
 */
export type ProfileId = 'online-retail' | 'shopify' | 'taobao' | 'jd' | 'pinduoduo';

export interface LayoutProfile {
  id: ProfileId;
  /** Normalised header names that must all be present (any one of the alternatives). */
  signatures: readonly (readonly string[])[];
  /** Invoices that cancel an earlier one (Online Retail: "C536379"). */
  cancellationInvoice?: RegExp;
  /** Invoices that are bookkeeping, not sales (Online Retail: "A563185", bad-debt adjustments). */
  badDebtInvoice?: RegExp;
  /** The export's own non-product codes, left out by default instead of the generic service-line proposal. */
  nonProductCodes?: RegExp;
  /** Order-level fields the export writes on an order's first line only (filled down to its other lines). */
  fillDown?: readonly Field[];
}

/**
 * Stock codes that are postage, fees, vouchers, samples or manual adjustments in the Online Retail
 * export (the UCI data set's conventions). Matched case-insensitively.
 */
export const ONLINE_RETAIL_NON_PRODUCTS = /^(POST|DOT|M|C2|D|S|B|BANK CHARGES|AMAZONFEE|CRUK|PADS|gift_0001_.*|DCGS.*)$/i;
export const ONLINE_RETAIL_NON_PRODUCT_LIST = 'POST, DOT, M, C2, D, S, B, BANK CHARGES, AMAZONFEE, CRUK, PADS, gift_0001_*, DCGS*';

export const PROFILES: readonly LayoutProfile[] = [
  {
    id: 'online-retail', signatures: [['invoiceno', 'stockcode']],
    cancellationInvoice: /^[Cc]/, badDebtInvoice: /^A\d/, nonProductCodes: ONLINE_RETAIL_NON_PRODUCTS,
  },
  { id: 'shopify', signatures: [['lineitem quantity']], fillDown: ['date', 'cancelledAt', 'orderStatus'] },
  // Taobao / Tmall (千牛 order detail export, and the older 宝贝报表 of the order report).
  { id: 'taobao', signatures: [['主订单编号', '商品标题', '购买数量'], ['订单编号', '标题', '购买数量', '商家编码']] },
  // JD (京东商家后台 order export).
  { id: 'jd', signatures: [['订单号', '商品id', '订购数量'], ['订单号', '商品名称', '订购数量', '京东价']] },
  // Pinduoduo (拼多多商家后台 order export).
  { id: 'pinduoduo', signatures: [['订单号', '商品数量', '商家编码 sku维度'], ['订单号', '商品数量', '拼单成功时间']] },
];

/** The profile whose signature the header has, if any. */
export function detectProfile(headers: readonly string[]): LayoutProfile | undefined {
  const norm = new Set(headers.map(normaliseHeader));
  return PROFILES.find((p) => p.signatures.some((names) => names.every((n) => norm.has(n))));
}

export function profileById(id: ProfileId | undefined): LayoutProfile | undefined {
  return id === undefined ? undefined : PROFILES.find((p) => p.id === id);
}

/** The profile's name for the seller ("Shopify orders export"). */
export function profileName(id: ProfileId): string {
  return t(`import:profile.${id}`);
}

/**
 * Lines that are a service rather than a product, by code or name, in any file: postage, delivery,
 * shipping, fees, payments, discounts, gift wrap, adjustments (and their usual Chinese names).
 * Only proposed: the report shows them with counts and the seller decides.
 */
const SERVICE_NAME = /\b(postage|post(?:age)? (?:and|&) packing|p ?& ?p|delivery|deliveries|shipping|carriage|freight|handling|fees?|surcharge|service charge|bank charges?|cash payment|payment|discount|coupon|gift ?wrap(?:ping)?|adjust(?:ment)?|tip|rounding)\b|运费|邮费|快递费|包装费|手续费|服务费|优惠|折扣|补差价|差价|补邮|礼品包装|调整/i;
const SERVICE_CODE = /^(post|postage|ship|shipping|delivery|fee|discount|adj|adjustment|p&p)$/i;

export function isServiceLine(sku: string, name: string): boolean {
  return SERVICE_CODE.test(sku) || SERVICE_NAME.test(sku) || (name !== '' && SERVICE_NAME.test(name));
}

/** An order's status that says it never happened: cancelled, voided, closed unpaid. */
export const CANCELLED_STATUS = /交易关闭|已取消|订单关闭|已关闭|^取消|cancell?ed|voided/i;
/** A line's refund status (or amount) that says its money went back. */
const REFUNDED_STATUS = /退款成功|已退款|退货退款成功|退货成功|^refunded$|^returned$|fully refunded/i;

/** True when a refund cell says the line was refunded: a refund word, "yes", or an amount above 0. */
export function isRefunded(cell: string): boolean {
  if (cell === '') return false;
  if (REFUNDED_STATUS.test(cell)) return true;
  if (/^(yes|y|true|是)$/i.test(cell)) return true;
  const amount = Number(cell.replace(/[¥￥$€£,\s]/g, ''));
  return Number.isFinite(amount) && amount > 0;
}
