// Chinese headline and body templates for synthetic 舆情. `{firm}` is replaced with the firm's
// name, `{person}` with its controller. Negative ones carry the keywords analysts search for
// (逾期, 兑付困难, 跑路, 立案, 维权); neutral and positive ones make the noise a model must ignore.

export type SentimentTone = 'negative' | 'neutral' | 'positive';

export interface SentimentTemplate {
  channel: 'news' | 'social' | 'complaint';
  title: string;
  text: string;
}

export const NEGATIVE_TEMPLATES: readonly SentimentTemplate[] = [
  {
    channel: 'complaint',
    title: '{firm}提现一直显示处理中',
    text: '本人在{firm}出借的资金到期后申请提现，至今已逾期多日未到账，客服无人接听，要求平台尽快兑付。',
  },
  {
    channel: 'complaint',
    title: '{firm}逾期未兑付，出借人集体维权',
    text: '多名出借人反映{firm}项目逾期，平台称兑付困难，出借人已建群准备集体维权并向监管部门反映。',
  },
  {
    channel: 'social',
    title: '听说{firm}老板跑路了？',
    text: '有网友称{firm}办公室已人去楼空，实际控制人{person}联系不上，疑似跑路，请知情人士告知。',
  },
  {
    channel: 'news',
    title: '{firm}涉嫌非法吸收公众存款被立案侦查',
    text: '据警方通报，{firm}涉嫌非法吸收公众存款，公安机关已依法立案侦查，相关人员已被采取强制措施。',
  },
  {
    channel: 'news',
    title: '{firm}多起借款纠纷案件进入执行程序',
    text: '裁判文书网显示，{firm}近期涉及多起借款合同纠纷，部分案件已进入强制执行程序。',
  },
  {
    channel: 'social',
    title: '{firm}的钱还拿得回来吗',
    text: '{firm}最近展期越来越多，项目逾期，回款遥遥无期，大家还敢投吗？',
  },
  {
    channel: 'complaint',
    title: '{firm}暴力催收、收取砍头息',
    text: '借款人投诉{firm}放款时先扣除服务费，实际到手金额低于合同金额，逾期后遭暴力催收。',
  },
  {
    channel: 'news',
    title: '{firm}被列入经营异常名录',
    text: '市场监管部门公示信息显示，{firm}因通过登记的住所无法联系被列入经营异常名录。',
  },
  {
    channel: 'social',
    title: '{firm}高息揽储，小心爆雷',
    text: '{firm}年化收益率远高于同行，还在不断加息吸引出借人，业内人士提醒警惕资金链断裂风险。',
  },
  {
    channel: 'complaint',
    title: '{firm}拖欠员工工资和社保',
    text: '前员工反映{firm}已数月未发工资，社保断缴，公司大规模裁员。',
  },
];

export const NEUTRAL_TEMPLATES: readonly SentimentTemplate[] = [
  {
    channel: 'news',
    title: '{firm}召开年度股东大会',
    text: '{firm}近日召开年度股东大会，审议通过了年度工作报告和利润分配方案。',
  },
  {
    channel: 'news',
    title: '{firm}完成办公地址迁移',
    text: '{firm}公告称，因业务发展需要，公司办公地址迁至新址，业务正常开展。',
  },
  {
    channel: 'social',
    title: '有人用过{firm}吗',
    text: '想了解一下{firm}的产品，利率和期限怎么样，有用过的朋友说说体验。',
  },
  {
    channel: 'news',
    title: '地方金融监管局开展年度现场检查',
    text: '地方金融监督管理局近日对辖内包括{firm}在内的多家机构开展年度现场检查。',
  },
  // A rumour about a healthy firm: negative words, no substance; the firm denies it.
  {
    channel: 'social',
    title: '网传{firm}出现逾期？官方回应',
    text: '针对网传{firm}项目逾期的消息，公司回应称系谣言，目前各项业务运营正常，兑付按期进行。',
  },
];

export const POSITIVE_TEMPLATES: readonly SentimentTemplate[] = [
  {
    channel: 'news',
    title: '{firm}获评年度诚信经营示范单位',
    text: '在本年度地方金融组织评级中，{firm}获评诚信经营示范单位。',
  },
  {
    channel: 'news',
    title: '{firm}加大小微企业支持力度',
    text: '{firm}今年累计为辖内小微企业和个体工商户提供融资支持，综合融资成本持续下降。',
  },
  {
    channel: 'news',
    title: '{firm}完成增资扩股',
    text: '{firm}完成新一轮增资，资本实力进一步增强，风险抵御能力提升。',
  },
];

export const SENTIMENT_SOURCES: Record<SentimentTemplate['channel'], readonly string[]> = {
  news: ['浙江日报', '钱江晚报', '杭州日报', '都市快报', '21世纪经济报道', '第一财经'],
  social: ['微博', '网贷之家论坛', '知乎', '微信公众号'],
  complaint: ['黑猫投诉', '12345政务热线', '人民网领导留言板'],
};

export function fillTemplate(text: string, firm: string, person: string): string {
  return text.replaceAll('{firm}', firm).replaceAll('{person}', person);
}
