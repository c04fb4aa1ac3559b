import { FieldProblem } from '../../platform/errors/domain-error';
import { EXAMPLE_IDS, exampleOf, examples } from './examples';
import { RECORD_KINDS, RecordKind } from './records';
import { validateRecord, validateRecords } from './validate-record';

function problemsOf(kind: RecordKind, value: unknown): FieldProblem[] {
  const result = validateRecord(kind, value);
  return result.ok ? [] : result.problems;
}

/** Expects exactly one problem at `pointer` whose detail matches `detail`. */
function expectProblem(kind: RecordKind, value: unknown, pointer: string, detail: string | RegExp): void {
  const problems = problemsOf(kind, value);
  expect(problems).toEqual([{ pointer, detail: typeof detail === 'string' ? detail : expect.stringMatching(detail) }]);
}

const WRONG_CHECK_CODE = EXAMPLE_IDS.p2pFirm.slice(0, 17) + (EXAMPLE_IDS.p2pFirm[17] === '0' ? '1' : '0');
const WRONG_CHECK_PERSON = EXAMPLE_IDS.person.slice(0, 17) + (EXAMPLE_IDS.person[17] === '0' ? '1' : '0');

describe(validateRecord.name, () => {
  it.each(RECORD_KINDS)('should accept the example %s', (kind) => {
    expect(validateRecord(kind, exampleOf(kind))).toEqual({ ok: true, record: exampleOf(kind) });
  });

  describe('schema problems', () => {
    it('should explain a negative yuan amount with the value received', () => {
      const report = examples.p2pReport();
      report.overdue.upTo90Days.amount = '-5';
      expectProblem(
        'p2p_report',
        report,
        '/overdue/upTo90Days/amount',
        'must be an exact decimal amount in yuan with at most 2 decimals, got -5 (negative amounts are not allowed here)',
      );
    });

    it.each(['1e6', '12.345', '0012', '1,000.00', ' 5'])('should reject the yuan text %p', (amount) => {
      expectProblem(
        'p2p_report',
        examples.p2pReport({ fees: amount }),
        '/fees',
        `must be an exact decimal amount in yuan with at most 2 decimals, got ${amount}`,
      );
    });

    it('should reject money sent as a JSON number', () => {
      expectProblem(
        'tax_event',
        examples.taxEvent({ amount: 12.5 as unknown as string }),
        '/amount',
        'must be a string, got the fractional number 12.5',
      );
    });

    it('should accept negative net assets where the field allows it', () => {
      expect(validateRecord('micro_loan_report', examples.microLoanReport({ netAssets: '-1500000.00' })).ok).toBe(true);
    });

    it('should explain a bad percentage', () => {
      expectProblem(
        'p2p_report',
        examples.p2pReport({ averageYield: '8.5%' }),
        '/averageYield',
        /must be a percentage as a decimal string.*got 8\.5%/,
      );
    });

    it('should name a missing field by its pointer', () => {
      const { lenderCount: _omitted, ...rest } = examples.p2pReport();
      expectProblem('p2p_report', rest, '/lenderCount', 'is required');
    });

    it('should name an unknown field', () => {
      expectProblem(
        'registry_event',
        { ...examples.registryEvent(), severity: 'high' },
        '/severity',
        /is not a field of this record/,
      );
    });

    it('should reject null for an optional field instead of treating it as absent', () => {
      expectProblem('tax_event', { ...examples.taxEvent(), amount: null }, '/amount', 'must be a string, got null');
    });

    it('should reject an impossible calendar date', () => {
      expectProblem(
        'tax_event',
        examples.taxEvent({ occurredAt: '2025-02-30' }),
        '/occurredAt',
        'must be a real calendar date written YYYY-MM-DD, got 2025-02-30',
      );
    });

    it('should require a zone on instants', () => {
      expectProblem(
        'sentiment_item',
        examples.sentimentItem({ publishedAt: '2025-03-20T09:30:00' }),
        '/publishedAt',
        /RFC 3339 date-time with a zone/,
      );
    });

    it('should list the allowed values of an enum', () => {
      expectProblem(
        'p2p_report',
        examples.p2pReport({ periodType: 'weekly' as 'daily' }),
        '/periodType',
        "must be one of 'daily', 'monthly', 'quarterly', 'annual'; got 'weekly'",
      );
    });

    it('should reject a fractional or negative count', () => {
      expectProblem(
        'p2p_report',
        examples.p2pReport({ lenderCount: 1.5 }),
        '/lenderCount',
        'must be a whole number, got the fractional number 1.5',
      );
      expectProblem(
        'p2p_report',
        examples.p2pReport({ lenderCount: -1 }),
        '/lenderCount',
        'must be at least 0, got -1',
      );
    });

    it('should check the GB 32100 check character of credit codes', () => {
      expectProblem(
        'court_event',
        examples.courtEvent({ firmCreditCode: WRONG_CHECK_CODE }),
        '/firmCreditCode',
        `has a wrong check character (GB 32100), got ${WRONG_CHECK_CODE}`,
      );
    });

    it('should give one message for a credit code with forbidden letters', () => {
      expectProblem(
        'court_event',
        examples.courtEvent({ firmCreditCode: '91330106MA2B3C4DOI' }),
        '/firmCreditCode',
        /no I, O, S, V, Z|except I, O, S, V, Z/,
      );
    });

    it('should not echo identity numbers in messages', () => {
      const problems = problemsOf(
        'court_event',
        examples.courtEvent({ subject: 'key_person', subjectIdNumber: 'abc', plaintiffRole: undefined }),
      );
      expect(problems).toEqual([{ pointer: '/subjectIdNumber', detail: expect.not.stringContaining('abc') }]);
    });

    it('should report every problem at once', () => {
      const problems = problemsOf('social_security_event', {
        eventId: '',
        firmCreditCode: 'x',
        fund: 'pension',
        insuredHeadcount: '3',
      });
      expect(problems.map((p) => p.pointer).sort()).toEqual([
        '/arrears',
        '/eventId',
        '/firmCreditCode',
        '/fund',
        '/insuredHeadcount',
        '/occurredAt',
      ]);
    });

    it('should reject a record that is not an object', () => {
      expectProblem('tax_event', [1], '', 'must be an object, got an array');
    });
  });

  describe('report periods', () => {
    it('should reject a period ending before it starts', () => {
      expectProblem(
        'p2p_report',
        examples.p2pReport({ periodEnd: '2025-02-28' }),
        '/periodEnd',
        'must not be before periodStart (2025-03-01), got 2025-02-28',
      );
    });

    it('should reject a daily period longer than a day', () => {
      expectProblem(
        'guarantee_report',
        examples.guaranteeReport({ periodType: 'daily', periodStart: '2025-03-01', periodEnd: '2025-03-02' }),
        '/periodEnd',
        /daily report covers one day/,
      );
    });

    it('should reject a monthly period that is not a calendar month', () => {
      expectProblem(
        'p2p_report',
        examples.p2pReport({ periodStart: '2025-02-01', periodEnd: '2025-02-27' }),
        '/periodEnd',
        'a monthly report starting 2025-02-01 must end on 2025-02-28, got 2025-02-27',
      );
      expect(
        problemsOf('p2p_report', examples.p2pReport({ periodStart: '2025-02-02', periodEnd: '2025-02-28' })),
      ).toEqual([
        { pointer: '/periodStart', detail: 'a monthly report must start on the first day of a month, got 2025-02-02' },
      ]);
    });

    it('should accept leap-year months, quarters and years', () => {
      expect(
        validateRecord('p2p_report', examples.p2pReport({ periodStart: '2024-02-01', periodEnd: '2024-02-29' })).ok,
      ).toBe(true);
      expect(
        validateRecord(
          'p2p_report',
          examples.p2pReport({ periodType: 'quarterly', periodStart: '2025-04-01', periodEnd: '2025-06-30' }),
        ).ok,
      ).toBe(true);
      expect(
        validateRecord(
          'p2p_report',
          examples.p2pReport({ periodType: 'annual', periodStart: '2025-01-01', periodEnd: '2025-12-31' }),
        ).ok,
      ).toBe(true);
    });

    it('should reject a quarter that does not start a calendar quarter', () => {
      expect(
        problemsOf(
          'p2p_report',
          examples.p2pReport({ periodType: 'quarterly', periodStart: '2025-02-01', periodEnd: '2025-04-30' }),
        ),
      ).toEqual([
        {
          pointer: '/periodStart',
          detail: 'a quarterly report must start on 1 January, April, July or October, got 2025-02-01',
        },
        {
          pointer: '/periodEnd',
          detail: 'a quarterly report starting 2025-02-01 must end on 2025-03-31, got 2025-04-30',
        },
      ]);
    });
  });

  describe('P2P report semantics', () => {
    it('should reject overdue buckets adding up to more than the outstanding amount', () => {
      const report = examples.p2pReport({
        outstanding: { count: 5200, amount: '7999999.99' },
        top10BorrowerBalance: '5000000.00',
        cumulative: { count: 21000, amount: '1200000000.00' },
      });
      expectProblem(
        'p2p_report',
        report,
        '/overdue',
        'the overdue amounts of all buckets together (8000000.00 yuan) cannot exceed the outstanding amount /outstanding/amount (7999999.99 yuan)',
      );
    });

    it('should reject top-10 borrowers owing less than the largest one', () => {
      expectProblem(
        'p2p_report',
        examples.p2pReport({ top10BorrowerBalance: '4999999.99' }),
        '/top10BorrowerBalance',
        /cannot owe less than the largest one alone/,
      );
    });

    it('should reject top-10 borrowers owing more than everything outstanding', () => {
      expectProblem(
        'p2p_report',
        examples.p2pReport({ top10BorrowerBalance: '300000000.01' }),
        '/top10BorrowerBalance',
        /cannot exceed the outstanding amount/,
      );
    });

    it('should reject a count without an amount', () => {
      const report = examples.p2pReport();
      report.overdue.over180Days = { count: 0, amount: '500000.00' };
      expectProblem('p2p_report', report, '/overdue/over180Days/count', 'is 0 while the amount is 500000.00 yuan');
    });

    it('should reject more new lenders than lenders', () => {
      expectProblem('p2p_report', examples.p2pReport({ newLenderCount: 8001 }), '/newLenderCount', /cannot outnumber/);
    });

    it('should check large borrowers against the largest balance and their id type', () => {
      const report = examples.p2pReport({
        largeBorrowers: [
          { borrowerType: 'legal_person', idNumber: EXAMPLE_IDS.company, outstanding: '5000000.01' },
          { borrowerType: 'natural_person', idNumber: EXAMPLE_IDS.company, outstanding: '300000.00' },
        ],
      });
      expect(problemsOf('p2p_report', report)).toEqual([
        {
          pointer: '/largeBorrowers/0/outstanding',
          detail: expect.stringContaining('cannot exceed the largest borrower'),
        },
        {
          pointer: '/largeBorrowers/1/idNumber',
          detail: expect.stringContaining("is a natural person's resident id and must be an 18-character resident id"),
        },
      ]);
    });
  });

  describe('micro-loan report semantics', () => {
    it('should reject a five-category split that does not add up to the loans, exactly', () => {
      const report = examples.microLoanReport({ loans: { count: 900, amount: '280000000.11' } });
      expectProblem(
        'micro_loan_report',
        report,
        '/loanClassification',
        'the five categories add up to 280000000.10 yuan, but /loans/amount is 280000000.11 yuan; they must be equal',
      );
    });

    it('should reject a largest borrower above the same borrower with related parties', () => {
      expectProblem(
        'micro_loan_report',
        examples.microLoanReport({ largestBorrowerBalance: '20000000.01' }),
        '/largestBorrowerBalance',
        /cannot exceed the same borrower with its related parties/,
      );
    });

    it('should reject loans above 24 % with a maximum cost below 24 %', () => {
      const report = examples.microLoanReport();
      report.newLoans = { ...report.newLoans, above24: { count: 2, amount: '100000.00' } };
      expectProblem(
        'micro_loan_report',
        report,
        '/newLoans/maxAllInCost',
        'is 18.5 %, but /newLoans/above24 reports 2 loans above 24 %',
      );
    });
  });

  describe('guarantee report semantics', () => {
    it('should reject net assets above total assets', () => {
      expectProblem(
        'guarantee_report',
        examples.guaranteeReport({ netAssets: '650000000.01' }),
        '/netAssets',
        /cannot exceed total assets/,
      );
    });

    it('should reject recoveries and losses above cumulative compensation', () => {
      expectProblem(
        'guarantee_report',
        examples.guaranteeReport({ cumulativeRecoveries: '28000000.01' }),
        '/cumulativeRecoveries',
        /cumulative recoveries plus cumulative losses \(30000000.01 yuan\)/,
      );
    });

    it('should reject related-party guarantees above the whole liability', () => {
      expectProblem(
        'guarantee_report',
        examples.guaranteeReport({ relatedPartyGuaranteeBalance: '2000000000.01' }),
        '/relatedPartyGuaranteeBalance',
        /cannot exceed the whole guarantee liability/,
      );
    });
  });

  describe('contract semantics', () => {
    it('should reject a contract ending before it starts', () => {
      expectProblem(
        'contract',
        examples.contract({ endDate: '2025-03-10' }),
        '/endDate',
        'must not be before startDate (2025-03-11), got 2025-03-10',
      );
    });

    it('should reject a contract with no parties', () => {
      expectProblem('contract', examples.contract({ parties: [] }), '/parties', 'must list at least 1 item, got 0');
    });

    it('should reject a loan contract without a borrower', () => {
      const contract = examples.contract();
      expectProblem(
        'contract',
        { ...contract, parties: contract.parties.slice(0, 1) },
        '/parties',
        "a loan contract must name a party with role 'borrower'",
      );
    });

    it('should reject a document whose bytes do not match its hash', () => {
      expectProblem(
        'contract',
        examples.contract({ documentBase64: Buffer.from('forged').toString('base64') }),
        '/documentSha256',
        /does not match the document: the SHA-256 of the documentBase64 bytes is [0-9a-f]{64}/,
      );
    });

    it('should accept a contract without the document bytes', () => {
      const { documentBase64: _omitted, ...contract } = examples.contract();
      expect(validateRecord('contract', contract).ok).toBe(true);
    });

    it('should want a resident id for a natural person and a credit code for a legal person', () => {
      const contract = examples.contract();
      contract.parties[1] = { ...contract.parties[1], idNumber: WRONG_CHECK_PERSON };
      contract.parties[0] = { ...contract.parties[0], partyType: 'natural_person' };
      expect(problemsOf('contract', contract)).toEqual([
        { pointer: '/parties/0/idNumber', detail: expect.stringContaining("is a natural person's resident id") },
        {
          pointer: '/parties/1/idNumber',
          detail: "is a natural person's resident id and has a wrong check character (GB 11643)",
        },
      ]);
    });
  });

  describe('key persons semantics', () => {
    it('should reject shareholdings above 100 %, summed exactly', () => {
      const record = examples.keyPersons();
      record.persons[3] = { ...record.persons[3], sharePct: '40.0001' };
      expectProblem(
        'key_persons',
        record,
        '/persons',
        "the shareholders' shares add up to 100.0001 %, more than 100 %",
      );
    });

    it('should reject a company as director and a share held by a non-shareholder', () => {
      const record = examples.keyPersons();
      record.persons.push({
        role: 'director',
        name: '某公司',
        personType: 'legal_person',
        idNumber: EXAMPLE_IDS.company,
        sharePct: '1',
      });
      expect(problemsOf('key_persons', record)).toEqual([
        { pointer: '/persons/5/personType', detail: 'a director must be a natural person' },
        { pointer: '/persons/5/sharePct', detail: 'only shareholders hold shares; this person is listed as director' },
      ]);
    });

    it('should reject two legal representatives', () => {
      const record = examples.keyPersons();
      record.persons.push({ ...record.persons[0], name: '王芳', idNumber: EXAMPLE_IDS.otherPerson });
      expectProblem('key_persons', record, '/persons', 'a firm has one legal representative; 2 are listed');
    });
  });

  describe('court event semantics', () => {
    it('should require the id of the key person a case is against', () => {
      expectProblem(
        'court_event',
        examples.courtEvent({ type: 'consumption_ban', subject: 'key_person', plaintiffRole: undefined }),
        '/subjectIdNumber',
        "is required when subject is 'key_person'",
      );
    });

    it('should accept a key person named by resident id', () => {
      expect(
        validateRecord(
          'court_event',
          examples.courtEvent({
            type: 'consumption_ban',
            subject: 'key_person',
            subjectIdNumber: EXAMPLE_IDS.person,
            plaintiffRole: undefined,
          }),
        ).ok,
      ).toBe(true);
    });

    it('should keep the plaintiff role to lawsuits', () => {
      expectProblem(
        'court_event',
        examples.courtEvent({ type: 'enforcement' }),
        '/plaintiffRole',
        "applies to lawsuits only; this event is of type 'enforcement'",
      );
    });
  });
});

describe(validateRecords.name, () => {
  it('should prefix pointers with the item index and keep the good records', () => {
    const result = validateRecords('tax_event', [examples.taxEvent(), examples.taxEvent({ amount: '-1' })]);
    expect(result.records).toHaveLength(1);
    expect(result.problems).toEqual([{ pointer: '/1/amount', detail: expect.stringContaining('got -1') }]);
  });
});
