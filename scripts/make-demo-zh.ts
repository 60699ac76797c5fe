/**
 * Writes the Chinese demo shop into public/demo/zh/: 24 products with names written for Shelfcast,
 * 18 months of daily sales generated from a seeded model (weekly rhythm, seasons, the 618 and 双11
 * promotions, noise), and ~600 reviews composed from phrases written for Shelfcast (no review data
 * set is used). Deterministic: the same files on every run.
 *
 *   npx tsx scripts/make-demo-zh.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import Papa from 'papaparse';
import { mulberry32 } from '../src/core/stats';

const OUT = 'public/demo/zh';
const START = Date.UTC(2024, 0, 1);
const DAYS = 547; // 2024-01-01 … 2025-06-30
const random = mulberry32(20240101);
/** A second stream for the reviews' stars and words: draws right after a small one are not independent enough. */
const wording = mulberry32(618);

type Season = 'winter' | 'summer' | 'flat' | 'rainy';
interface Group {
  name: string;
  season: Season;
  good: string[];
  bad: string[];
  products: { sku: string; name: string; price: number; perDay: number }[];
}

const GROUPS: Group[] = [
  {
    name: '保温杯', season: 'winter',
    good: ['保温效果很好，早上装的热水晚上还烫', '杯子做工精致，拿在手里很有质感', '容量刚好，放包里不占地方', '杯盖密封好，倒着放也不漏'],
    bad: ['保温不到半天水就凉了', '杯盖漏水，包里的书都湿了', '有一股塑料味，洗了好几遍还在', '杯身有划痕，像是二手的'],
    products: [
      { sku: 'ZH-CUP-01', name: '316不锈钢保温杯 大容量 500ml 商务男士', price: 89, perDay: 6 },
      { sku: 'ZH-CUP-02', name: '女士小巧保温杯 高颜值 350ml 便携', price: 69, perDay: 5 },
      { sku: 'ZH-CUP-03', name: '儿童保温杯 带吸管 防摔 上学水壶', price: 79, perDay: 3 },
    ],
  },
  {
    name: '手机壳', season: 'flat',
    good: ['手感很好，不沾指纹', '孔位很准，按键也灵敏', '摔了好几次手机一点事没有', '颜色和图片一样好看'],
    bad: ['用了一周就发黄了', '孔位对不上，充电线插不进去', '边框太硬，很难装上去', '有异味，味道很大'],
    products: [
      { sku: 'ZH-CASE-01', name: '适用iPhone15手机壳 磁吸 透明防摔', price: 39, perDay: 12 },
      { sku: 'ZH-CASE-02', name: '华为Mate60手机壳 素皮 全包镜头', price: 49, perDay: 8 },
      { sku: 'ZH-CASE-03', name: '小米14液态硅胶手机壳 肤感', price: 29, perDay: 6 },
    ],
  },
  {
    name: '数据线', season: 'flat',
    good: ['充电很快，半小时就充了一半', '线很结实，编织的不容易断', '长度合适，躺着玩手机正好', '苹果安卓都能用，很方便'],
    bad: ['用了几天就充不进电了', '接口松动，一碰就断开', '充电特别慢，说好的快充呢', '线皮裂开了，质量太差'],
    products: [
      { sku: 'ZH-CABLE-01', name: 'Type-C数据线 6A超级快充 1米', price: 19, perDay: 20 },
      { sku: 'ZH-CABLE-02', name: '苹果PD快充线 USB-C转Lightning 2米', price: 35, perDay: 14 },
      { sku: 'ZH-CABLE-03', name: '三合一数据线 一拖三 车载充电线', price: 25, perDay: 9 },
    ],
  },
  {
    name: '洗发水', season: 'summer',
    good: ['洗完头发很蓬松，一天都不油', '味道清香，不刺鼻', '用了一瓶头屑明显少了', '泡沫丰富，很好冲洗'],
    bad: ['洗完头皮很痒', '头发又干又涩，梳都梳不开', '味道太冲了，闻着头晕', '瓶子漏了一半，包装太差'],
    products: [
      { sku: 'ZH-SHAMP-01', name: '氨基酸洗发水 无硅油 控油蓬松 500ml', price: 59, perDay: 10 },
      { sku: 'ZH-SHAMP-02', name: '去屑止痒洗发露 薄荷清凉 750ml', price: 45, perDay: 8 },
      { sku: 'ZH-SHAMP-03', name: '生姜防脱洗发水 固发 家庭装', price: 79, perDay: 5 },
    ],
  },
  {
    name: '零食', season: 'winter',
    good: ['很好吃，一家人都喜欢', '分量足，小包装很方便', '日期很新鲜，口感脆', '甜度刚好，不腻'],
    bad: ['吃起来有一股哈喇味', '快过期了才发过来', '包装破了，里面都受潮了', '太咸了，根本吃不下'],
    products: [
      { sku: 'ZH-SNACK-01', name: '每日坚果零食 混合果仁 30包 礼盒', price: 99, perDay: 9 },
      { sku: 'ZH-SNACK-02', name: '手撕风干牛肉干零食 内蒙古特产 500g', price: 88, perDay: 6 },
      { sku: 'ZH-SNACK-03', name: '海苔脆片零食 儿童即食 夹心', price: 29, perDay: 7 },
    ],
  },
  {
    name: '运动鞋', season: 'flat',
    good: ['穿着很轻，跑步一点不累', '尺码标准，按平时的码买就对了', '鞋底软，走一天脚也不疼', '款式好看，搭什么都行'],
    bad: ['穿了两周鞋底就开胶了', '尺码偏小，挤脚', '鞋子有很重的胶水味', '磨脚，后跟都磨破了'],
    products: [
      { sku: 'ZH-SHOE-01', name: '男士跑步运动鞋 轻便透气网面 减震', price: 259, perDay: 4 },
      { sku: 'ZH-SHOE-02', name: '女士小白鞋 厚底 百搭休闲运动鞋', price: 199, perDay: 5 },
      { sku: 'ZH-SHOE-03', name: '儿童运动鞋 魔术贴 软底防滑', price: 129, perDay: 3 },
    ],
  },
  {
    name: '雨伞', season: 'rainy',
    good: ['伞面很大，两个人也淋不到', '骨架结实，大风天也没翻', '折叠后很小，放包里正好', '遮阳效果好，夏天打着凉快'],
    bad: ['用了两次伞骨就断了', '自动开关失灵，收不起来', '漏水，伞面渗水', '比图片小很多，遮不住人'],
    products: [
      { sku: 'ZH-UMB-01', name: '全自动折叠雨伞 加固抗风 大号', price: 59, perDay: 5 },
      { sku: 'ZH-UMB-02', name: '黑胶防晒太阳伞 晴雨两用 女士', price: 69, perDay: 6 },
      { sku: 'ZH-UMB-03', name: '胶囊迷你伞 五折口袋伞', price: 49, perDay: 3 },
    ],
  },
  {
    name: '宠物粮', season: 'flat',
    good: ['猫咪很爱吃，一倒就吃光了', '吃了一个月毛色亮了', '颗粒大小合适，不挑嘴', '便便成形了，肠胃很好'],
    bad: ['狗狗吃了拉肚子', '猫完全不吃，闻了就走', '袋子破了，粮都洒了', '生产日期是半年前的'],
    products: [
      { sku: 'ZH-PET-01', name: '全价无谷猫粮 成猫幼猫通用 10斤', price: 159, perDay: 5 },
      { sku: 'ZH-PET-02', name: '小型犬狗粮 泰迪比熊 美毛 5斤', price: 89, perDay: 4 },
      { sku: 'ZH-PET-03', name: '猫粮主食罐头 湿粮 85g×24罐', price: 129, perDay: 3 },
    ],
  },
];

const GOOD_GENERIC = ['物流很快，第二天就到了', '包装很严实', '客服态度很好，有问必答', '性价比很高', '会回购的', '推荐购买', '和描述一致，满意', '好评'];
const BAD_GENERIC = ['物流太慢了，等了一个星期', '客服不理人', '不会再买了', '申请退货了', '差评', '和图片不一样，失望', '不推荐'];
const MIXED = ['一般般吧，凑合用', '还行，没有想象中好', '东西可以，就是价格有点贵', '中规中矩'];

/** Yearly multiplier: winter goods peak in January, summer goods in July, umbrellas in the rainy season (June). */
function seasonal(season: Season, day: number): number {
  const t = (day % 365.25) / 365.25;
  if (season === 'winter') return 1 + 0.45 * Math.cos(2 * Math.PI * (t - 0.03));
  if (season === 'summer') return 1 + 0.35 * Math.cos(2 * Math.PI * (t - 0.54));
  if (season === 'rainy') return 1 + 0.7 * Math.exp(-(((t - 0.45) * 12) ** 2));
  return 1;
}

/** The 618 (June 1–18) and 双11 (Nov 1–11) promotions: sales climb to a peak on the day itself. */
function promotion(date: Date): number {
  const m = date.getUTCMonth();
  const d = date.getUTCDate();
  if (m === 5 && d <= 18) return d === 18 ? 4 : 1 + d / 12;
  if (m === 10 && d <= 11) return d === 11 ? 5 : 1 + d / 8;
  if (m === 11 && d >= 10) return 0.9;
  return 1;
}

/** A gamma-Poisson (negative binomial) draw with mean `mean` and shape 3: overdispersed like real orders. */
function orders(mean: number): number {
  const shape = 3;
  // Gamma(shape, mean/shape) as a sum of exponentials (integer shape).
  let g = 0;
  for (let i = 0; i < shape; i++) g -= Math.log(random() + 1e-12);
  const lambda = (g / shape) * mean;
  // Poisson by inversion (means here stay below ~100).
  let k = 0;
  let p = Math.exp(-lambda);
  let sum = p;
  const u = random();
  while (u > sum && k < 1000) {
    k++;
    p *= lambda / k;
    sum += p;
  }
  return k;
}

const iso = (day: number) => new Date(START + day * 86_400_000).toISOString().slice(0, 10);
const pick = <T>(list: readonly T[]) => list[Math.floor(wording() * list.length)];

const sales: { date: string; sku: string; name: string; quantity: number; price: number }[] = [];
const reviews: { sku: string; date: string; rating: number; review: string }[] = [];
for (const group of GROUPS) {
  for (const product of group.products) {
    // Later products launch later (a few new products for the cold-start path).
    const launch = product.sku.endsWith('03') ? 240 : 0;
    for (let day = launch; day < DAYS; day++) {
      const date = new Date(START + day * 86_400_000);
      const weekday = date.getUTCDay();
      const weekly = weekday === 0 || weekday === 6 ? 1.25 : weekday === 1 ? 0.85 : 1;
      const promo = promotion(date);
      const ramp = launch > 0 ? Math.min(1, (day - launch + 1) / 45) : 1;
      const quantity = orders(product.perDay * weekly * seasonal(group.season, day) * promo * ramp);
      if (quantity === 0) continue;
      const price = promo > 1.5 ? Math.round(product.price * 0.85 * 100) / 100 : product.price;
      sales.push({ date: iso(day), sku: product.sku, name: product.name, quantity, price });
      // About one order in eighty leaves a review.
      for (let r = 0; r < quantity; r++) {
        if (random() > 0.012) continue;
        // ZH-CABLE-02: a bad batch from 2025-01 on (its reviews turn negative: the trend the demo shows).
        const badBatch = product.sku === 'ZH-CABLE-02' && day >= 366;
        const roll = wording();
        const rating = badBatch ? (roll < 0.6 ? (roll < 0.35 ? 1 : 2) : roll < 0.7 ? 3 : 4) : (roll < 0.12 ? (roll < 0.06 ? 1 : 2) : roll < 0.2 ? 3 : roll < 0.45 ? 4 : 5);
        const parts = rating >= 4
          ? [pick(group.good), pick(GOOD_GENERIC), ...(wording() < 0.4 ? [pick(group.good)] : [])]
          : rating <= 2
            ? [pick(group.bad), pick(BAD_GENERIC), ...(wording() < 0.4 ? [pick(group.bad)] : [])]
            : [pick(MIXED), pick(wording() < 0.5 ? group.good : group.bad)];
        reviews.push({ sku: product.sku, date: iso(day), rating, review: [...new Set(parts)].join('，') + (rating >= 4 ? '！' : '。') });
      }
    }
  }
}

mkdirSync(OUT, { recursive: true });
sales.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.sku < b.sku ? -1 : 1));
reviews.sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : a.date < b.date ? -1 : 1));
writeFileSync(`${OUT}/demo-sales-zh.csv`, Papa.unparse(sales, { columns: ['date', 'sku', 'name', 'quantity', 'price'] }) + '\n');
writeFileSync(`${OUT}/demo-reviews-zh.csv`, Papa.unparse(reviews, { columns: ['sku', 'date', 'rating', 'review'] }) + '\n');
console.log(`${OUT}: ${sales.length} sales rows for ${GROUPS.reduce((s, g) => s + g.products.length, 0)} products, ${reviews.length} reviews `
  + `(${reviews.filter((r) => r.rating >= 4).length} 4–5★, ${reviews.filter((r) => r.rating <= 2).length} 1–2★)`);
