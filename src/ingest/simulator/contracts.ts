// Sample contracts (合同) a firm pushes each month, with small synthetic document bytes so the
// SHA-256 and base64 can be checked. Related-party loans show up here even while the firm's
// report hides them: the counterparty's id links back to the controller.
import { createHash } from 'node:crypto';
import { ContractRecord } from '../schemas/records';
import { fenToYuan } from '../schemas/yuan';
import { addDays, dayOf } from './calendar';
import { FeedContext } from './gov-feeds';
import { Counterparty } from './firm-setup';

export function monthlyContracts(ctx: FeedContext, banks: Counterparty[]): ContractRecord[] {
  const { prng, state, setup } = ctx;
  const count = prng.int(1, 2);
  const contracts: ContractRecord[] = [];
  const firmParty: Counterparty = { name: ctx.firmName, partyType: 'legal_person', idNumber: ctx.creditCode };
  for (let k = 0; k < count; k++) {
    const related = state.intensity.related_party_lending > 0.3 && prng.chance(0.5);
    const borrower = related ? setup.relatedParty : prng.pick(setup.counterparties);
    const signedAt = dayOf(ctx.month, prng.int(1, ctx.month.days));
    const startDate = addDays(signedAt, prng.int(0, 5));
    const endDate = addDays(startDate, setup.traits.loanTermDays);
    const principal = fenToYuan(
      Math.max(1_000_00, Math.round(setup.traits.averageLoanFen * prng.uniform(0.5, related ? 20 : 2))),
    );
    const contractId = `CT-${ctx.creditCode}-${ctx.month.start.slice(0, 7).replace('-', '')}-${k}`;
    let contractType: ContractRecord['contractType'];
    let parties: ContractRecord['parties'];
    let annualRate: string;
    switch (ctx.kind) {
      case 'p2p_lending': {
        contractType = 'loan';
        const lender = prng.pick(
          setup.counterparties.filter((c) => c.partyType === 'natural_person' && c !== borrower),
        );
        parties = [party('lender', lender), party('borrower', borrower), party('entrusted', firmParty)];
        annualRate = setup.traits.yieldPct.toFixed(2);
        break;
      }
      case 'micro_loan':
        contractType = 'loan';
        parties = [party('lender', firmParty), party('borrower', borrower)];
        annualRate = (setup.traits.yieldPct + 10 * state.intensity.high_yield).toFixed(2);
        break;
      case 'financing_guarantee':
        contractType = 'guarantee';
        parties = [party('guarantor', firmParty), party('guaranteed', borrower), party('lender', prng.pick(banks))];
        annualRate = prng.uniform(1, 2.5).toFixed(2);
        break;
    }
    const text =
      `${contractTitle(contractType)}\n合同编号: ${contractId}\n签订日期: ${signedAt}\n金额: ${principal} 元\n` +
      parties.map((p) => `${p.role}: ${p.name}`).join('\n');
    const bytes = Buffer.from(text, 'utf8');
    contracts.push({
      contractId,
      firmCreditCode: ctx.creditCode,
      contractType,
      signedAt,
      startDate,
      endDate,
      principal,
      annualRate,
      parties,
      documentSha256: createHash('sha256').update(bytes).digest('hex'),
      documentMediaType: 'text/plain; charset=utf-8',
      documentBase64: bytes.toString('base64'),
    });
  }
  return contracts;
}

function party(role: ContractRecord['parties'][number]['role'], who: Counterparty): ContractRecord['parties'][number] {
  return { role, name: who.name, partyType: who.partyType, idNumber: who.idNumber };
}

function contractTitle(type: ContractRecord['contractType']): string {
  return type === 'loan' ? '借款合同' : type === 'guarantee' ? '委托保证合同' : '委托合同';
}
