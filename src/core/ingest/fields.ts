import { t } from '../../i18n';

/**
 * What each kind of file holds, and the header names sellers' exports use for it.
 * Detection matches headers exactly (after normalising case and separators) against these lists,
 * then by a looser "contains" rule; only exact matches count as sure.
 */
export type FileKind = 'sales' | 'wide' | 'catalogue' | 'reviews' | 'stock';

export type Field =
  | 'date' | 'sku' | 'qty' | 'price' | 'name' | 'store' | 'channel' | 'promo' | 'invoice' | 'cancelledAt'
  | 'description' | 'category' | 'unitCost' | 'leadTimeDays' | 'leadTimeSdDays' | 'moq' | 'casePack'
  | 'onHand' | 'onOrder' | 'onOrderArrival' | 'serviceLevel' | 'holdingCostRate' | 'stockoutCost' | 'orderingCost'
  | 'rating' | 'reviewText' | 'reviewTitle' | 'stockout' | 'orderStatus' | 'refund' | 'supplier';

/**
 * A record whose values are messages in the current language, read when used (so a label looked
 * up after the seller switches language is in the new one).
 */
export function localisedRecord<K extends string>(keys: readonly K[], prefix: string): Readonly<Record<K, string>> {
  const record = {} as Record<K, string>;
  for (const key of keys) Object.defineProperty(record, key, { enumerable: true, get: () => t(`import:${prefix}.${key}` as `import:${string}`) });
  return record;
}

export const FILE_KINDS: readonly FileKind[] = ['sales', 'wide', 'catalogue', 'reviews', 'stock'];
export const KIND_LABEL = localisedRecord(FILE_KINDS, 'kind');

const FIELDS: readonly Field[] = [
  'date', 'sku', 'qty', 'price', 'name', 'store', 'channel', 'promo', 'invoice', 'cancelledAt', 'orderStatus', 'refund',
  'description', 'category', 'unitCost', 'leadTimeDays', 'leadTimeSdDays', 'moq', 'casePack', 'onHand', 'onOrder', 'onOrderArrival',
  'serviceLevel', 'holdingCostRate', 'stockoutCost', 'orderingCost', 'supplier', 'rating', 'reviewText', 'reviewTitle', 'stockout',
];
export const FIELD_LABEL = localisedRecord(FIELDS, 'field');

/** Fields each kind can use, required ones first. */
export const KIND_FIELDS: Record<FileKind, { required: Field[]; optional: Field[] }> = {
  sales: { required: ['date', 'sku', 'qty'], optional: ['price', 'name', 'store', 'channel', 'promo', 'invoice', 'cancelledAt', 'orderStatus', 'refund'] },
  wide: { required: ['sku'], optional: ['name', 'store'] },
  catalogue: {
    required: ['sku'],
    optional: ['name', 'description', 'category', 'unitCost', 'price', 'leadTimeDays', 'leadTimeSdDays', 'moq', 'casePack',
      'onHand', 'onOrder', 'onOrderArrival', 'serviceLevel', 'holdingCostRate', 'stockoutCost', 'orderingCost', 'supplier', 'store'],
  },
  reviews: { required: ['sku'], optional: ['rating', 'reviewText', 'reviewTitle', 'date'] },
  stock: { required: ['date', 'sku'], optional: ['onHand', 'stockout', 'store'] },
};

const SYNONYMS: Record<Field, readonly string[]> = {
  date: ['date', 'day', 'order date', 'orderdate', 'invoice date', 'invoicedate', 'sale date', 'sales date', 'created at',
    'purchase date', 'transaction date', 'timestamp', 'datetime', 'date time', 'ds', 'order created', 'paid at', 'review date', 'snapshot date', 'stock date',
    '日期', '下单时间', '订单创建时间', '创建时间', '下单日期', '销售日期', '成交时间', '付款时间', '订单付款时间', '支付时间', '交易时间', '评价时间', '评论时间'],
  sku: ['sku', 'lineitem sku', 'variant sku', 'product sku', 'seller sku', 'product id', 'productid', 'product code', 'item', 'item id', 'itemid',
    'item code', 'item number', 'item no', 'stockcode', 'stock code', 'article', 'article number', 'code', 'asin', 'ean', 'upc', 'barcode',
    'unique id', 'id', 'product', 'clothing id',
    '商品编码', '商品编号', '货号', 'sku编码', '商家编码 sku维度', '商家编码', '规格编码', '商品id', '商品代码', '产品编码', '编码', '商品編號', '商品編碼', '貨號'],
  qty: ['quantity', 'qty', 'lineitem quantity', 'units', 'unit sales', 'units sold', 'units ordered', 'quantity sold', 'qty sold', 'quantity ordered',
    'net quantity', 'net items sold', 'sales', 'sold', 'demand', 'count', 'amount sold', 'y',
    '数量', '购买数量', '销量', '商品数量', '件数', '订购数量', '销售数量', '宝贝总数量', '數量', '銷量', '購買數量'],
  price: ['price', 'lineitem price', 'unit price', 'unitprice', 'sale price', 'selling price', 'price each', 'item price', 'variant price', 'retail price', 'list price',
    '单价', '商品价格', '成交价', '价格', '京东价', '销售单价', '售价', '实付金额', '單價', '價格'],
  name: ['name', 'lineitem name', 'product name', 'title', 'product title', 'item name', 'item description', 'description', 'product description',
    '商品名称', '宝贝标题', '商品标题', '品名', '标题', '产品名称', '商品', '商品名稱', '品名'],
  store: ['store', 'store id', 'store nbr', 'store number', 'shop', 'location', 'warehouse', 'branch', 'outlet', 'site',
    '店铺', '店铺名称', '门店', '仓库', '仓库名称', '店名'],
  channel: ['channel', 'sales channel', 'marketplace', 'platform', 'source', 'source name',
    '渠道', '销售渠道', '平台', '订单来源'],
  promo: ['promo', 'promotion', 'on promotion', 'onpromotion', 'promo flag', 'is promo', 'on sale', 'promoted',
    '促销', '是否促销', '活动'],
  invoice: ['invoiceno', 'invoice', 'invoice no', 'invoice number', 'order id', 'order number', 'order no', 'order', 'order name', 'transaction id',
    '主订单编号', '订单号', '订单编号', '訂單編號', '訂單號'],
  cancelledAt: ['cancelled at', 'canceled at', 'cancelled', 'canceled'],
  description: ['description', 'product description', 'body', 'body html', 'details', 'long description',
    '描述', '商品描述', '详情'],
  category: ['category', 'product category', 'product type', 'type', 'department', 'department name', 'class', 'class name', 'collection', 'group',
    '类目', '分类', '品类', '商品类目', '类别'],
  unitCost: ['unit cost', 'cost', 'cost price', 'purchase price', 'cogs', 'cost per item', 'landed cost', 'buy price',
    '成本', '进价', '采购价', '成本价', '单位成本'],
  leadTimeDays: ['lead time', 'lead time days', 'leadtime', 'lead time d', 'supplier lead time', 'lead days',
    '交货期', '采购周期', '交期', '到货周期', '备货周期'],
  leadTimeSdDays: ['lead time sd', 'lead time sd days', 'lead time std', 'lead time stdev', 'lead time std days', 'lead time variability'],
  moq: ['moq', 'min order qty', 'minimum order quantity', 'min order quantity', 'minimum order qty', 'min order', 'minimum order',
    '起订量', '最小起订量'],
  casePack: ['case pack', 'pack size', 'case size', 'case qty', 'units per case', 'inner pack', 'carton qty', 'pack',
    '箱规', '装箱数', '每箱数量'],
  onHand: ['on hand', 'onhand', 'stock', 'stock on hand', 'soh', 'in stock', 'inventory', 'qty on hand', 'quantity on hand', 'available',
    'stock level', 'inventory quantity', 'variant inventory qty', 'closing stock', 'stock qty',
    '库存', '可用库存', '现有库存', '库存数量', '实际库存', '庫存', '庫存數量'],
  onOrder: ['on order', 'onorder', 'incoming', 'qty on order', 'quantity on order', 'open po', 'on po',
    '在途', '在途库存', '在途数量'],
  onOrderArrival: ['on order arrival', 'expected arrival', 'arrival date', 'eta', 'expected date', 'incoming date', 'due date',
    '预计到货日期', '预计到货', '到货日期'],
  serviceLevel: ['service level', 'target service level', 'csl'],
  holdingCostRate: ['holding cost rate', 'holding rate', 'carrying cost rate'],
  stockoutCost: ['stockout cost', 'stock out cost', 'shortage cost', 'lost sale cost'],
  orderingCost: ['ordering cost', 'order cost', 'cost per order'],
  rating: ['rating', 'stars', 'star rating', 'score', 'review rating', 'overall',
    '评分', '星级', '评价星级', '商品评分', '評分'],
  reviewText: ['review text', 'review', 'reviewtext', 'review body', 'text', 'comment', 'comments', 'body', 'content',
    '评价', '评论内容', '评价内容', '评论', '評價', '評論內容'],
  reviewTitle: ['review title', 'title', 'summary', 'headline',
    '评价标题'],
  orderStatus: ['order status', 'status', 'financial status', '订单状态', '交易状态'],
  refund: ['refund status', 'return status', 'refunded', 'refund', '退款状态', '售后状态', '退款', '退货', '退款金额'],
  supplier: ['supplier', 'vendor', 'supplier name', 'vendor name', 'supplied by', '供应商', '供货商'],
  stockout: ['stockout', 'stock out', 'out of stock', 'oos', 'sold out', 'stockout flag',
    '缺货', '是否缺货', '断货'],
};

/** Lower-case, collapse separators, so "Unit_Price", "unit price" and " UNIT-PRICE " compare equal. */
export function normaliseHeader(header: string): string {
  return header.replace(/^\ufeff/, '').trim().toLowerCase().replace(/\(.*?\)|（.*?）/g, ' ').replace(/[\s\u3000_\-./:#：、]+/g, ' ').trim();
}

export type ColumnMap = Partial<Record<Field, number>>;

export interface KindMatch {
  kind: FileKind;
  columns: ColumnMap;
  /** Required fields with no column. */
  missing: Field[];
  /** Fields matched only loosely (a header that contains a synonym). */
  loose: Field[];
  /** Header names that appear more than once among the matched ones. */
  duplicates: string[];
}

/** Fields whose synonyms are checked first for a kind, so that e.g. "Title" is a review title in reviews. */
const KIND_PRIORITY: Partial<Record<FileKind, Field[]>> = {
  reviews: ['reviewTitle', 'reviewText', 'rating'],
  catalogue: ['description'],
};

/**
 * Maps the header to one kind's fields. Exact synonym matches win; a required field still missing
 * may take a header that merely contains one of its synonyms (reported as loose).
 */
export function matchKind(headers: readonly string[], kind: FileKind): KindMatch {
  const norm = headers.map(normaliseHeader);
  const { required, optional } = KIND_FIELDS[kind];
  const priority = KIND_PRIORITY[kind] ?? [];
  const order = [...priority, ...required.filter((f) => !priority.includes(f)), ...optional.filter((f) => !priority.includes(f))];
  const columns: ColumnMap = {};
  const taken = new Set<number>();
  const isShopify = norm.includes('lineitem quantity');
  for (const field of order) {
    for (const synonym of SYNONYMS[field]) {
      // Shopify's "Name" column is the order number (#1001); the product is "Lineitem name".
      if (isShopify && field === 'name' && synonym === 'name') continue;
      const index = norm.findIndex((h, i) => h === synonym && !taken.has(i));
      if (index >= 0) {
        columns[field] = index;
        taken.add(index);
        break;
      }
    }
  }
  if (isShopify && columns.invoice === undefined) {
    const index = norm.findIndex((h, i) => h === 'name' && !taken.has(i));
    if (index >= 0) { columns.invoice = index; taken.add(index); }
  }
  const loose: Field[] = [];
  for (const field of required) {
    if (columns[field] !== undefined) continue;
    const index = norm.findIndex((h, i) => !taken.has(i) && SYNONYMS[field].some((s) => s.length >= 3 && new RegExp(`\\b${s}\\b`).test(h)));
    if (index >= 0) {
      columns[field] = index;
      taken.add(index);
      loose.push(field);
    }
  }
  const seen = new Map<string, number>();
  const duplicates: string[] = [];
  for (const index of Object.values(columns)) {
    const h = norm[index as number];
    if (norm.filter((x) => x === h).length > 1 && !seen.has(h)) {
      seen.set(h, index as number);
      duplicates.push(headers[index as number]);
    }
  }
  return { kind, columns, missing: required.filter((f) => columns[f] === undefined), loose, duplicates };
}

/** A short description of what a field expects, for messages. */
export function fieldHint(field: Field): string {
  return `${FIELD_LABEL[field]} (e.g. ${SYNONYMS[field].slice(0, 3).map((s) => `"${s}"`).join(', ')})`;
}
