import type { FirmKind, LicenceStatus } from '../../firms/firm.entity';

// The Chinese names officials read in exports and reports.
export const FIRM_KIND_NAMES: Readonly<Record<FirmKind, string>> = {
  p2p_lending: '网络借贷信息中介机构',
  micro_loan: '小额贷款公司',
  financing_guarantee: '融资担保公司',
};

export const LICENCE_STATUS_NAMES: Readonly<Record<LicenceStatus, string>> = {
  licensed: '持牌经营',
  suspended: '暂停业务',
  revoked: '吊销',
  exited: '退出',
};
