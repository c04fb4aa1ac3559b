// Semantic checks of contracts, key-person lists and court events: dates in order, the parties a
// contract type needs, ids that fit the person type, shareholdings within 100 %, and a document
// hash that matches the document bytes.
import { createHash } from 'node:crypto';
import { FieldProblem } from '../../platform/errors/domain-error';
import { beijingDate } from '../../platform/beijing-time';
import { anyPersonIdProblem, personIdProblem } from './person-id';
import { ContractRecord, CourtEvent, KeyPersonsRecord } from './records';
import { formatScaled, parseScaled } from './yuan';

const REQUIRED_ROLES: Record<
  ContractRecord['contractType'],
  ReadonlyArray<ContractRecord['parties'][number]['role']>
> = {
  loan: ['lender', 'borrower'],
  guarantee: ['guarantor', 'guaranteed'],
  entrustment: ['entrusting', 'entrusted'],
};

// Roles a company cannot hold: directors, supervisors, managers and the legal representative are people.
const NATURAL_ONLY = new Set(['legal_representative', 'director', 'supervisor', 'manager']);

export function contractProblems(c: ContractRecord): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (c.endDate < c.startDate)
    problems.push({ pointer: '/endDate', detail: `must not be before startDate (${c.startDate}), got ${c.endDate}` });
  if (c.signedAt > c.endDate)
    problems.push({
      pointer: '/signedAt',
      detail: `cannot be after the term ended (endDate ${c.endDate}), got ${c.signedAt}`,
    });
  if (c.parties.length === 0)
    problems.push({ pointer: '/parties', detail: 'must list the parties of the contract; got none' });
  for (const role of REQUIRED_ROLES[c.contractType]) {
    if (c.parties.length > 0 && !c.parties.some((p) => p.role === role))
      problems.push({
        pointer: '/parties',
        detail: `a ${c.contractType} contract must name a party with role '${role}'`,
      });
  }
  c.parties.forEach((p, i) => {
    const idProblem = personIdProblem(p.partyType, p.idNumber);
    if (idProblem) problems.push({ pointer: `/parties/${i}/idNumber`, detail: idProblem });
  });
  if (c.documentBase64 !== undefined) problems.push(...documentProblems(c.documentBase64, c.documentSha256));
  return problems;
}

function documentProblems(base64: string, sha256: string): FieldProblem[] {
  if (base64.length % 4 !== 0)
    return [
      {
        pointer: '/documentBase64',
        detail: `is not valid base64: its length (${base64.length}) is not a multiple of 4`,
      },
    ];
  if (base64.length === 0)
    return [{ pointer: '/documentBase64', detail: 'is empty; omit it when the document was uploaded before' }];
  const actual = createHash('sha256').update(Buffer.from(base64, 'base64')).digest('hex');
  return actual === sha256
    ? []
    : [
        {
          pointer: '/documentSha256',
          detail: `does not match the document: the SHA-256 of the documentBase64 bytes is ${actual}`,
        },
      ];
}

export function keyPersonsProblems(r: KeyPersonsRecord): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const today = beijingDate();
  if (r.asOf > today)
    problems.push({
      pointer: '/asOf',
      detail: `cannot be in the future: today is ${today} (China time), got ${r.asOf}`,
    });
  let shares = 0n;
  r.persons.forEach((p, i) => {
    const idProblem = personIdProblem(p.personType, p.idNumber);
    if (idProblem) problems.push({ pointer: `/persons/${i}/idNumber`, detail: idProblem });
    if (p.personType === 'legal_person' && NATURAL_ONLY.has(p.role))
      problems.push({ pointer: `/persons/${i}/personType`, detail: `a ${p.role} must be a natural person` });
    if (p.sharePct !== undefined && p.role !== 'shareholder')
      problems.push({
        pointer: `/persons/${i}/sharePct`,
        detail: `only shareholders hold shares; this person is listed as ${p.role}`,
      });
    if (p.sharePct !== undefined && p.role === 'shareholder') shares += parseScaled(p.sharePct, 4);
  });
  if (shares > 100_0000n)
    problems.push({
      pointer: '/persons',
      detail: `the shareholders' shares add up to ${formatScaled(shares, 4)} %, more than 100 %`,
    });
  const representatives = r.persons.filter((p) => p.role === 'legal_representative').length;
  if (representatives > 1)
    problems.push({
      pointer: '/persons',
      detail: `a firm has one legal representative; ${representatives} are listed`,
    });
  return problems;
}

export function courtEventProblems(e: CourtEvent): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (e.subject === 'key_person' && e.subjectIdNumber === undefined)
    problems.push({ pointer: '/subjectIdNumber', detail: "is required when subject is 'key_person'" });
  if (e.subject === 'firm' && e.subjectIdNumber !== undefined)
    problems.push({
      pointer: '/subjectIdNumber',
      detail: "must be omitted when subject is 'firm' (the firm is firmCreditCode)",
    });
  if (e.subjectIdNumber !== undefined) {
    const idProblem = anyPersonIdProblem(e.subjectIdNumber);
    if (idProblem) problems.push({ pointer: '/subjectIdNumber', detail: idProblem });
  }
  if (e.plaintiffRole !== undefined && e.type !== 'lawsuit')
    problems.push({ pointer: '/plaintiffRole', detail: `applies to lawsuits only; this event is of type '${e.type}'` });
  return problems;
}
