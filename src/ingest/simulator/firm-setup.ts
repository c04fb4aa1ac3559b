// Drawing a firm once: identity, people, related parties and structural traits. Controllers are
// sometimes shared between firms (one person behind two platforms) so that related-party graphs
// built from key-person lists and contracts have real links to find.
import { FirmKind } from '../../firms/firm.entity';
import { KeyPersonsRecord, KeyPersonRole } from '../schemas/records';
import { IdentityFactory } from './identities';
import { CausePlan } from './latent-state';
import { Prng } from './prng';

export interface SimPerson {
  name: string;
  idNumber: string;
}

export interface Counterparty {
  name: string;
  partyType: 'natural_person' | 'legal_person';
  idNumber: string;
}

/** Structural traits that do not change month to month. Some are confounders (high yield, noisy press) on healthy firms. */
export interface FirmTraits {
  /** Book size in fen: P2P outstanding, micro-loan loans, guarantee liability. */
  size: number;
  netAssets: number;
  growth: number;
  baseOverdue: number;
  top10Share: number;
  largestOfTop10: number;
  singleBorrowerShare: number;
  yieldPct: number;
  loanTermDays: number;
  averageLoanFen: number;
  lenders: number;
  headcount: number;
  bankName: string;
  provisionCover: number;
  leverage: number;
  online: boolean;
  mainlySmallMicro: boolean;
  noisyPress: boolean;
}

export interface FirmSetup {
  controller: SimPerson;
  keyPersons: KeyPersonsRecord;
  /** Where related-party money goes: the controller's other firm, a shell company, or the controller. */
  relatedParty: Counterparty;
  /** Ordinary large borrowers / guaranteed companies. */
  counterparties: Counterparty[];
  traits: FirmTraits;
  plan: CausePlan | null;
}

const BANKS = [
  '中国工商银行杭州分行',
  '中国建设银行浙江省分行',
  '杭州银行',
  '浙商银行',
  '杭州联合农村商业银行',
  '宁波银行杭州分行',
];

/** A pool of controllers shared across the simulation. */
export interface ControllerPool {
  people: Array<{ person: SimPerson; firmCodes: string[]; firmNames: string[] }>;
}

export function drawController(
  prng: Prng,
  ids: IdentityFactory,
  pool: ControllerPool,
  regionCode: string,
  creditCode: string,
  name: string,
): { controller: SimPerson; otherFirm: Counterparty | null } {
  // About one firm in five shares its controller with an earlier firm (同一实控人).
  if (pool.people.length > 0 && prng.chance(0.2)) {
    const entry = prng.pick(pool.people);
    const otherFirm: Counterparty = {
      name: entry.firmNames[0],
      partyType: 'legal_person',
      idNumber: entry.firmCodes[0],
    };
    entry.firmCodes.push(creditCode);
    entry.firmNames.push(name);
    return { controller: entry.person, otherFirm };
  }
  const person = { name: ids.personName(), idNumber: ids.residentId(regionCode) };
  pool.people.push({ person, firmCodes: [creditCode], firmNames: [name] });
  return { controller: person, otherFirm: null };
}

export function drawTraits(prng: Prng, kind: FirmKind): FirmTraits {
  const yuan = (low: number, high: number): number => Math.round(10 ** prng.uniform(low, high)) * 100;
  const netAssets = kind === 'p2p_lending' ? yuan(7, 8) : kind === 'micro_loan' ? yuan(8, 8.8) : yuan(8, 9);
  const size =
    kind === 'p2p_lending'
      ? yuan(7.7, 9.3)
      : kind === 'micro_loan'
        ? Math.round(netAssets * prng.uniform(1.1, 1.8))
        : Math.round(netAssets * prng.uniform(2, 7));
  const averageLoanFen = kind === 'p2p_lending' ? yuan(4.3, 5.2) : kind === 'micro_loan' ? yuan(5, 6) : yuan(6, 6.7);
  const highYieldConfounder = prng.chance(0.15);
  return {
    size,
    netAssets,
    growth: prng.normal(0.006, 0.006),
    baseOverdue: prng.uniform(0.005, 0.03),
    // A few healthy firms are concentrated by design (a confounder), most are spread out.
    top10Share: prng.chance(0.15) ? prng.uniform(0.25, 0.4) : prng.uniform(0.03, 0.15),
    largestOfTop10: prng.uniform(0.12, 0.3),
    singleBorrowerShare: prng.uniform(0.02, 0.08),
    yieldPct:
      kind === 'p2p_lending' ? (highYieldConfounder ? prng.uniform(11, 13) : prng.uniform(7, 10)) : prng.uniform(8, 14),
    loanTermDays: prng.int(90, 360),
    averageLoanFen,
    lenders: Math.max(200, Math.round(size / yuan(4.5, 5))),
    headcount: prng.int(25, 400),
    bankName: prng.pick(BANKS),
    provisionCover: prng.uniform(1.02, 1.5),
    leverage: prng.uniform(2, 7),
    online: kind === 'micro_loan' && prng.chance(0.2),
    mainlySmallMicro: prng.chance(0.6),
    noisyPress: prng.chance(0.1),
  };
}

export function keyPersonsFor(
  prng: Prng,
  ids: IdentityFactory,
  setup: { creditCode: string; regionCode: string; asOf: string; controller: SimPerson; holding: Counterparty },
): KeyPersonsRecord {
  const person = (): SimPerson => ({ name: ids.personName(), idNumber: ids.residentId(setup.regionCode) });
  const legalRep = prng.chance(0.5) ? setup.controller : person();
  const partner = person();
  const controllerShare = prng.int(35, 70);
  const partnerShare = prng.int(5, 100 - controllerShare - 5);
  const holdingShare = prng.int(0, 100 - controllerShare - partnerShare);
  const natural = (role: KeyPersonRole, p: SimPerson, sharePct?: string): KeyPersonsRecord['persons'][number] => ({
    role,
    name: p.name,
    personType: 'natural_person',
    idNumber: p.idNumber,
    ...(sharePct === undefined ? {} : { sharePct }),
  });
  const persons: KeyPersonsRecord['persons'] = [
    natural('legal_representative', legalRep),
    natural('actual_controller', setup.controller),
    natural('shareholder', setup.controller, `${controllerShare}.00`),
    natural('shareholder', partner, `${partnerShare}.00`),
    natural('director', setup.controller),
    natural('director', partner),
    natural('supervisor', person()),
    natural('manager', legalRep === setup.controller ? person() : legalRep),
  ];
  if (holdingShare > 0) {
    persons.push({
      role: 'shareholder',
      name: setup.holding.name,
      personType: 'legal_person',
      idNumber: setup.holding.idNumber,
      sharePct: `${holdingShare}.00`,
    });
  }
  return {
    recordId: `KP-${setup.creditCode}-${setup.asOf.replaceAll('-', '')}`,
    firmCreditCode: setup.creditCode,
    asOf: setup.asOf,
    persons,
  };
}

/** `perType` companies then `perType` persons, so every firm has both kinds of counterparty. */
export function drawCounterparties(ids: IdentityFactory, regionCode: string, perType: number): Counterparty[] {
  const companies = Array.from({ length: perType }, (): Counterparty => ({
    name: ids.shellName(),
    partyType: 'legal_person',
    idNumber: ids.creditCode(regionCode),
  }));
  const persons = Array.from({ length: perType }, (): Counterparty => ({
    name: ids.personName(),
    partyType: 'natural_person',
    idNumber: ids.residentId(regionCode),
  }));
  return [...companies, ...persons];
}
