import type { IsoDate } from '../../ingest/schemas/records';
import { insiderBalances, insiderLoans, insidersOf } from '../related-parties/insider-lending';
import type { FeatureVector } from './feature-vector';
import type { FirmHistory } from './firm-history';
import { ratio } from './ratios';

/**
 * 自融 / insider lending found in the firm's own contracts and large-borrower list (keyed-hash
 * matches against its controllers, key persons, registry holders and officers, and the related
 * parties the ownership graph adds). What is found raises the related-party figures the firm
 * reports (EW-03, FG-03) when it exceeds them: a firm cannot hide insider loans by not reporting them.
 */
export function insiderFeatures(h: FirmHistory, asOf: IsoDate, out: FeatureVector): void {
  const { lent, guaranteed } = insiderBalances(insiderLoans(h, asOf, insidersOf(h, asOf, h.insiders)));
  out.insider_loan_balance = lent;
  out.insider_guarantee_balance = guaranteed;
  if (h.firm.kind === 'p2p_lending' && out.p2p_related_party_loan_balance !== null) {
    out.p2p_related_party_loan_balance = Math.max(out.p2p_related_party_loan_balance as number, lent);
  }
  if (
    h.firm.kind === 'financing_guarantee' &&
    out.fg_related_party_guarantee_ratio !== null &&
    typeof out.net_assets === 'number'
  ) {
    out.fg_related_party_guarantee_ratio = Math.max(
      out.fg_related_party_guarantee_ratio as number,
      ratio(guaranteed, out.net_assets),
    );
  }
}
