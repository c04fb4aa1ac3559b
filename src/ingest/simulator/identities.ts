// Synthetic identities: Chinese firm and person names, GB 32100 credit codes and GB 11643 resident
// ids. All are made up; check characters are real so the validators accept them and so rules that
// join on id numbers (shared controllers, related-party borrowers) have consistent keys.
import { creditCodeCheckChar } from '../../firms/credit-code';
import { FirmKind } from '../../firms/firm.entity';
import { residentIdCheckChar } from '../schemas/resident-id';
import { Prng } from './prng';

const SURNAMES = [
  ...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁沈姚卢姜钟陆汪范金方俞楼傅应项',
];
const GIVEN = [...'伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玲建国志红云峰辉鹏晨浩宇欣怡子涵俊博文斌海燕波宁婷'];
const TRADE_WORDS = [
  '鑫融',
  '恒信',
  '汇通',
  '聚财',
  '银湖',
  '钱江',
  '之江',
  '富春',
  '金诚',
  '瑞丰',
  '德润',
  '同盛',
  '嘉禾',
  '天元',
  '宏达',
  '永安',
  '安信',
  '中泰',
  '华鼎',
  '盛世',
  '东方',
  '西溪',
  '运河',
  '良渚',
  '临平',
  '萧然',
  '余杭',
  '新安',
  '博远',
  '信和',
];
const KIND_SUFFIX: Record<FirmKind, readonly string[]> = {
  p2p_lending: ['网络科技有限公司', '网络借贷信息中介服务有限公司', '互联网金融信息服务有限公司'],
  micro_loan: ['小额贷款有限公司', '小额贷款股份有限公司', '科技小额贷款有限公司'],
  financing_guarantee: ['融资担保有限公司', '中小企业融资担保有限公司', '融资担保股份有限公司'],
};
const SHELL_SUFFIX = ['投资管理有限公司', '实业有限公司', '控股集团有限公司', '贸易有限公司', '资产管理有限公司'];
const GB32100_ORG = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** Hands out unique names and ids; one per simulation so a run never repeats an identity. */
export class IdentityFactory {
  private readonly usedNames = new Set<string>();
  private readonly usedCodes = new Set<string>();
  private personSequence = 0;

  constructor(private readonly prng: Prng) {}

  /** 91 (enterprise, registered by 市场监管) + region + 9-character organisation code + check. */
  creditCode(regionCode: string): string {
    for (;;) {
      let org = '';
      for (let i = 0; i < 9; i++) org += i < 2 ? 'MA'[i] : this.prng.pick([...GB32100_ORG]);
      const body = `91${regionCode}${org}`;
      const code = body + creditCodeCheckChar(body);
      if (!this.usedCodes.has(code)) {
        this.usedCodes.add(code);
        return code;
      }
    }
  }

  firmName(kind: FirmKind): string {
    return this.uniqueName(() => `杭州${this.prng.pick(TRADE_WORDS)}${this.prng.pick(KIND_SUFFIX[kind])}`);
  }

  /** A non-supervised company, e.g. the controller's holding company (a related-party borrower). */
  shellName(): string {
    return this.uniqueName(() => `杭州${this.prng.pick(TRADE_WORDS)}${this.prng.pick(SHELL_SUFFIX)}`);
  }

  personName(): string {
    const given = this.prng.chance(0.6) ? this.prng.pick(GIVEN) + this.prng.pick(GIVEN) : this.prng.pick(GIVEN);
    return this.prng.pick(SURNAMES) + given;
  }

  /** An 18-digit resident id born 1955-1995 in `regionCode`, unique within this factory. */
  residentId(regionCode: string): string {
    this.personSequence++;
    const year = this.prng.int(1955, 1995);
    const month = this.prng.int(1, 12);
    const day = this.prng.int(1, 28);
    // The sequence (3 digits) plus the day spread makes collisions vanishingly rare; the counter
    // keeps them impossible within 999 persons per birth date.
    const sequence = String(this.personSequence % 1000).padStart(3, '0');
    const body = `${regionCode}${year}${pad2(month)}${pad2(day)}${sequence}`;
    return body + residentIdCheckChar(body);
  }

  private uniqueName(make: () => string): string {
    for (let attempt = 0; ; attempt++) {
      let name = make();
      if (attempt > 20) name = name.replace('杭州', `杭州${this.prng.pick(TRADE_WORDS)}`);
      if (!this.usedNames.has(name)) {
        this.usedNames.add(name);
        return name;
      }
    }
  }
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}
