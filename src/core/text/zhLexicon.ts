/**
 * A small Chinese e-commerce sentiment lexicon, written for Shelfcast (not taken from any data set):
 * words that praise or blame a purchase whatever the product is — delivery, packaging, service,
 * quality, value, authenticity, "would buy again". A head trained on one category learns what its
 * reviews say about screens or taste; these words carry sentiment to categories it never saw.
 * Entries that contain a negator (不错, 没问题, 不值) are listed whole: the longest match wins, so
 * 不错 is praise and not "不 + 错".
 */

export const ZH_POSITIVE: readonly string[] = [
  // general praise
  '好', '很好', '挺好', '真好', '不错', '挺不错', '蛮好', '满意', '很满意', '非常满意', '喜欢', '很喜欢', '喜爱', '爱了',
  '推荐', '值得', '值得购买', '值得信赖', '值', '超值', '划算', '实惠', '便宜', '物美价廉', '物超所值', '性价比高', '优惠',
  '赞', '点赞', '好评', '五星', '满分', '棒', '很棒', '超棒', '完美', '优秀', '惊喜', '给力', '靠谱', '放心', '信赖',
  '开心', '高兴', '感谢', '谢谢', '支持', '一如既往', '回购', '还会再买', '会再买', '再来', '还会光顾', '无可挑剔',
  // quality and use
  '正品', '质量好', '质量不错', '质量很好', '做工好', '做工精细', '做工不错', '精致', '结实', '耐用', '实用', '好用', '方便',
  '流畅', '清晰', '灵敏', '稳定', '舒服', '舒适', '漂亮', '好看', '大气', '高端', '细腻', '顺滑', '柔顺', '清爽', '滋润',
  '保湿', '持久', '好闻', '清香', '香', '好吃', '好喝', '可口', '新鲜', '甜', '很甜', '多汁', '饱满', '个大', '正宗',
  '干净', '整齐', '完好', '无损', '没问题', '没有问题', '无异味', '不贵', '不卡', '效果好', '效果明显', '有效果', '够用', '神器',
  // delivery and service
  '快', '很快', '物流快', '发货快', '送货快', '速度快', '到货快', '及时', '准时', '包装好', '包装严实', '包装精美', '服务好',
  '态度好', '服务周到', '热情', '耐心', '贴心', '周到', '专业',
];

export const ZH_NEGATIVE: readonly string[] = [
  // general blame
  '差', '很差', '太差', '极差', '差劲', '不好', '很不好', '差评', '失望', '很失望', '太失望', '后悔', '垃圾', '糟糕', '糟',
  '无语', '郁闷', '生气', '气愤', '恶心', '坑', '坑人', '坑爹', '骗', '骗子', '骗人', '上当', '受骗', '忽悠', '敷衍',
  '不满意', '不值', '不值得', '不推荐', '不会再买', '再也不', '别买', '千万别', '慎买', '不要买', '最后一次', '浪费',
  '一般', '凑合', '将就', '勉强', '不行', '不如', '没用', '无效', '没效果', '没有效果', '不符', '不一样', '不像',
  // quality and use
  '假', '假货', '假的', '山寨', '不是正品', '二手', '翻新', '劣质', '粗糙', '质量差', '质量不好', '问题', '有问题',
  '故障', '毛病', '瑕疵', '划痕', '刮花', '坏', '坏了', '烂', '烂了', '破', '破损', '碎', '裂', '变形', '脏', '旧',
  '漏', '漏液', '变质', '发霉', '过期', '臭', '异味', '难闻', '难吃', '难喝', '难用', '难看', '卡', '卡顿', '死机',
  '黑屏', '发热', '发烫', '断', '失灵', '不灵', '用不了', '不能用', '打不开', '无法', '过敏', '痒', '掉发', '脱发',
  '头皮屑', '干涩', '毛躁', '不新鲜', '涩', '苦', '缺斤少两', '少了', '不够',
  // delivery, price and service
  '慢', '太慢', '很慢', '发货慢', '物流慢', '送货慢', '延迟', '拖', '不发货', '缺货', '等了', '贵', '太贵', '贵了',
  '降价', '差价', '保价', '退货', '退款', '换货', '退', '投诉', '态度差', '服务差', '售后差', '不理', '不回复', '推脱',
];

/** Words that reverse the sentiment word after them in the same clause. */
export const ZH_NEGATORS: readonly string[] = [
  '不', '没', '没有', '无', '未', '别', '非', '不太', '不怎么', '不是很', '并不', '不算', '毫无', '从不', '绝不', '不够',
];

/** Words after which a clause says what the reviewer finally thinks ("好看，但是质量差"). */
export const ZH_BUT: readonly string[] = ['但', '但是', '可是', '不过', '就是', '然而', '只是', '可惜'];

export interface LexiconCounts {
  /** Positive words, plus negated negative words. */
  positive: number;
  /** Negative words, plus negated positive words. */
  negative: number;
}

type Polarity = 1 | -1 | 'negator' | 'but';
let table: { entries: Map<string, Polarity>; longest: number } | undefined;

function lexiconTable(): { entries: Map<string, Polarity>; longest: number } {
  if (table) return table;
  const entries = new Map<string, Polarity>();
  // Sentiment words win over a negator of the same spelling (不够 is blame, 不 alone negates).
  for (const w of ZH_BUT) entries.set(w, 'but');
  for (const w of ZH_NEGATORS) entries.set(w, 'negator');
  for (const w of ZH_POSITIVE) entries.set(w, 1);
  for (const w of ZH_NEGATIVE) entries.set(w, -1);
  const longest = Math.max(...[...entries.keys()].map((w) => Array.from(w).length));
  table = { entries, longest };
  return table;
}

/**
 * Positive and negative lexicon words in a text, by longest match from left to right within each
 * clause (split at punctuation). A negator flips the next sentiment word of its clause (不新鲜 is
 * listed; 不太新鲜 is 不太 + 新鲜 → negative). Words in a clause after 但是/不过/… count double: that
 * is where a review's verdict usually is.
 */
export function lexiconCounts(normalised: string): LexiconCounts {
  const { entries, longest } = lexiconTable();
  const counts: LexiconCounts = { positive: 0, negative: 0 };
  let weight = 1;
  for (const clause of normalised.split(/[\p{P}\s~～]+/u)) {
    const chars = Array.from(clause);
    let negated = false;
    for (let i = 0; i < chars.length;) {
      let matched: Polarity | undefined;
      let length = 0;
      for (let n = Math.min(longest, chars.length - i); n >= 1; n--) {
        const polarity = entries.get(chars.slice(i, i + n).join(''));
        if (polarity !== undefined) {
          matched = polarity;
          length = n;
          break;
        }
      }
      if (matched === undefined) {
        i++;
        continue;
      }
      i += length;
      if (matched === 'negator') negated = !negated;
      else if (matched === 'but') weight = 2;
      else {
        const polarity = negated ? -matched : matched;
        if (polarity > 0) counts.positive += weight;
        else counts.negative += weight;
        negated = false;
      }
    }
  }
  return counts;
}
