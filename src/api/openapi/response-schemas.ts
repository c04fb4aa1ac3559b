import { ApiOkResponse } from '@nestjs/swagger';
import { ALERT_STATUSES } from '../../alerts/domain/alert';
import { ALERT_TIERS, GRADED_TIERS } from '../../scoring/grading/alert-tier';
import { RULE_TIERS } from '../../scoring/rules/rule-pack';

// 2xx bodies of the main resources, as components/schemas. Shapes follow the services' return
// types (FirmSummary, FirmProfile, AlertQueries, RankingRow, Receipt, CheckpointView); they
// describe, they do not validate, so open objects stay open where a service passes rows through.

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const str = (description?: string) => ({ type: 'string', ...(description ? { description } : {}) });
/** OpenAPI 3.0: a $ref takes no siblings and nullable needs a type, so a nullable reference is an object wrapping it in allOf. */
const nullable = (schema: object) =>
  '$ref' in schema ? { type: 'object', allOf: [schema], nullable: true } : { ...schema, nullable: true };
const dateTime = { type: 'string', format: 'date-time' };
const date = { type: 'string', format: 'date' };
const TIERS = [...ALERT_TIERS];
const hex = (what: string) => str(`${what}, lower-case hex`);

const page = (item: string) => ({
  type: 'object',
  required: ['items', 'nextCursor'],
  properties: {
    items: { type: 'array', items: ref(item) },
    nextCursor: nullable(str('pass as `cursor` for the next page; null on the last')),
  },
});

const STORED_RECORD = {
  type: 'object',
  required: ['id', 'kind', 'firmId', 'version', 'asOf', 'receivedAt', 'contentHash', 'payload'],
  properties: {
    id: str(),
    kind: str('record kind, e.g. p2p_report, key_persons, court_event'),
    firmId: str(),
    submissionId: str(),
    businessKey: str(),
    version: { type: 'integer' },
    superseded: { type: 'boolean', description: 'a later version of the same business key exists' },
    asOf: date,
    receivedAt: dateTime,
    contentHash: hex('SHA-256 of the canonical record'),
    payload: {
      type: 'object',
      additionalProperties: true,
      description:
        'the record as validated (JSON Schemas at /v1/schemas); identity numbers only as keyed hashes, and none in the firm profile',
    },
  },
};

const FIRM_SUMMARY = {
  type: 'object',
  required: ['id', 'creditCode', 'name', 'kind', 'regionCode', 'licenceStatus'],
  properties: {
    id: str(),
    creditCode: str('统一社会信用代码 (GB 32100)'),
    name: str(),
    kind: { type: 'string', enum: ['p2p_lending', 'micro_loan', 'financing_guarantee'] },
    regionCode: str('GB/T 2260'),
    licenceStatus: { type: 'string', enum: ['licensed', 'suspended', 'revoked', 'exited'] },
    createdAt: dateTime,
    updatedAt: dateTime,
  },
};

const RULE_FIRED = {
  type: 'object',
  properties: {
    ruleId: str(),
    pack: str(),
    title: { type: 'object', properties: { zh: str(), en: str() } },
    mark: {
      type: 'string',
      enum: ['S', 'M', 'D'],
      description: 'basis of the rule: S confirmed in the regulation text, M recalled, D a design choice',
    },
    tier: nullable({ type: 'string', enum: [...RULE_TIERS] }),
    value: {},
    threshold: {},
    unit: nullable(str()),
    veto: { type: 'boolean' },
    explanation: str(),
  },
};

const MODEL_EXPLANATION = nullable({
  type: 'object',
  properties: {
    version: str(),
    probability: { type: 'number', description: 'of distress within 90 days' },
    topContributions: {
      type: 'array',
      items: { type: 'object', additionalProperties: true, description: 'a feature and its contribution to the logit' },
    },
  },
});

const ASSESSMENT = {
  type: 'object',
  required: ['id', 'firmId', 'asOf', 'assessedAt', 'riskScore', 'grade', 'tier', 'rank', 'rankedFirms', 'explanation'],
  properties: {
    id: str(),
    firmId: str(),
    asOf: date,
    assessedAt: dateTime,
    riskScore: str('0-100, one decimal'),
    ruleScore: str(),
    modelScore: nullable(str()),
    modelProbability: nullable(str()),
    machineScore: str(),
    qualityScore: str(),
    grade: str(),
    tier: { type: 'string', enum: [...GRADED_TIERS] },
    scoreTier: str(),
    ruleTier: str(),
    rank: { type: 'integer' },
    rankedFirms: { type: 'integer' },
    packVersions: { type: 'array', items: str() },
    modelVersion: nullable(str()),
    trigger: str(),
    explanation: {
      type: 'object',
      properties: {
        rulesFired: { type: 'array', items: RULE_FIRED },
        noData: { type: 'array', items: { type: 'object' } },
        tierReasons: { type: 'array', items: str() },
        model: MODEL_EXPLANATION,
        manual: { type: 'object', additionalProperties: true },
        propagation: { type: 'array', items: ref('RelatedRisk') },
        insiderLending: {
          type: 'array',
          description:
            '自融/insider lending found (present only when any): contracts and large-borrower entries whose counterparty is an insider, with the path from insider to firm',
          items: {
            type: 'object',
            properties: {
              source: { type: 'string', enum: ['contract', 'large_borrower'] },
              ref: str(),
              counterpartyRole: { type: 'string', enum: ['borrower', 'guaranteed'] },
              counterparty: str(),
              amount: { type: 'number' },
              path: { type: 'array', items: str() },
            },
          },
        },
        guaranteeStructures: {
          type: 'array',
          description:
            '互保/联保 circles and guarantee chains the firm belongs to (present only when any); links index into members',
          items: {
            type: 'object',
            properties: {
              kind: { type: 'string', enum: ['circle', 'chain'] },
              members: { type: 'array', items: { type: 'object', properties: { name: str(), firmCreditCode: str() } } },
              links: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    guarantor: { type: 'integer' },
                    guaranteed: { type: 'integer' },
                    contractIds: { type: 'array', items: str() },
                    principal: { type: 'number' },
                  },
                },
              },
            },
          },
        },
      },
    },
  },
};

const LIST_ENTRY = nullable({
  type: 'object',
  properties: {
    list: { type: 'string', enum: ['white', 'black'] },
    firmId: str(),
    creditCode: str(),
    name: str(),
    regionCode: str(),
    reasons: { type: 'array', items: str() },
    decidedAt: dateTime,
    assessmentId: nullable(str()),
  },
});

const FIRM_PROFILE = {
  type: 'object',
  description: '机构画像. Identity numbers never appear, not even as keyed hashes.',
  required: [
    'firm',
    'reports',
    'keyPersons',
    'controllers',
    'relatedParties',
    'governmentEvents',
    'sentiment',
    'features',
    'assessment',
    'assessmentHistory',
    'rulesFired',
    'modelExplanation',
    'relatedRisk',
    'lists',
    'openAlerts',
    'recordCounts',
    'evidence',
  ],
  properties: {
    firm: ref('FirmSummary'),
    reports: {
      type: 'array',
      items: ref('StoredRecord'),
      description: "latest current reports of the firm's kind, newest period first (at most 12)",
    },
    keyPersons: { ...nullable(ref('StoredRecord')), description: 'current key persons filing: names, roles, shares' },
    controllers: {
      type: 'array',
      description: '最终控制人',
      items: {
        type: 'object',
        properties: {
          name: str(),
          kind: { type: 'string', enum: ['person', 'company', 'firm'] },
          chain: { type: 'array', items: str() },
        },
      },
    },
    relatedParties: {
      type: 'object',
      properties: {
        firms: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              creditCode: str(),
              name: str(),
              regionCode: str(),
              via: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    name: str(),
                    personType: str(),
                    rolesHere: { type: 'array', items: str() },
                    rolesThere: { type: 'array', items: str() },
                  },
                },
              },
            },
          },
        },
        outsideScope: { type: 'integer', description: "related firms outside the caller's region scope (not named)" },
        beneficialOwners: {
          type: 'array',
          description:
            '受益所有人: ultimate owners above 25 % through any chain (股权穿透), shares multiplied along a chain and summed over chains',
          items: {
            type: 'object',
            properties: {
              name: str(),
              kind: { type: 'string', enum: ['person', 'company', 'firm'] },
              sharePct: { type: 'number' },
              paths: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: { chain: { type: 'array', items: str() }, sharePct: { type: 'number' } },
                },
              },
            },
          },
        },
      },
    },
    governmentEvents: {
      type: 'array',
      items: ref('StoredRecord'),
      description: '工商, 税务, 法院, 社保 events, newest first',
    },
    sentiment: { type: 'array', items: ref('StoredRecord'), description: '舆情' },
    features: {
      type: 'object',
      properties: {
        asOf: date,
        features: {
          type: 'array',
          items: { type: 'object', properties: { name: str(), value: {}, zh: nullable(str()), unit: nullable(str()) } },
        },
      },
    },
    assessment: nullable(ref('Assessment')),
    assessmentHistory: {
      type: 'array',
      description: 'newest first, at most 36',
      items: {
        type: 'object',
        properties: {
          asOf: date,
          assessedAt: dateTime,
          riskScore: str(),
          grade: str(),
          tier: str(),
          rank: { type: 'integer' },
          rankedFirms: { type: 'integer' },
        },
      },
    },
    rulesFired: { type: 'array', items: RULE_FIRED },
    modelExplanation: MODEL_EXPLANATION,
    relatedRisk: { type: 'array', items: ref('RelatedRisk') },
    lists: { type: 'object', properties: { white: LIST_ENTRY, black: LIST_ENTRY } },
    openAlerts: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          id: str(),
          tier: { type: 'string', enum: TIERS },
          tierName: str(),
          status: str(),
          causeLabel: str(),
          veto: { type: 'boolean' },
          reasons: {},
          openedAt: dateTime,
          ackDeadline: nullable(dateTime),
          escalationLevel: { type: 'integer' },
        },
      },
    },
    recordCounts: { type: 'object', additionalProperties: { type: 'integer' } },
    evidence: { type: 'object', properties: { leaves: { type: 'integer' }, inLog: { type: 'integer' } } },
  },
};

const ALERT_SUMMARY = {
  type: 'object',
  required: ['id', 'tier', 'status', 'regionCode', 'openedAt'],
  properties: {
    id: str(),
    firmId: nullable(str()),
    firmName: nullable(str()),
    regionCode: str(),
    cause: { type: 'object', additionalProperties: true },
    causeLabel: str(),
    tier: { type: 'string', enum: TIERS },
    tierName: str(),
    status: { type: 'string', enum: [...ALERT_STATUSES] },
    veto: { type: 'boolean' },
    reasons: { type: 'array', items: {} },
    openedAt: dateTime,
    ackDeadline: nullable(dateTime),
    escalationLevel: { type: 'integer' },
    updatedAt: dateTime,
  },
};

const ALERT_DETAIL = {
  allOf: [
    ref('AlertSummary'),
    {
      type: 'object',
      properties: {
        firm: nullable({
          type: 'object',
          properties: {
            id: str(),
            name: str(),
            creditCode: str(),
            kind: str(),
            licenceStatus: str(),
            regionCode: str(),
          },
        }),
        lastPeriodId: nullable(str()),
        reasonLines: { type: 'array', items: {} },
        allowedActions: { type: 'array', items: str() },
        history: { type: 'array', items: { type: 'object', additionalProperties: true } },
        deliveries: { type: 'array', items: { type: 'object', additionalProperties: true } },
        accountability: { type: 'array', items: { type: 'object', additionalProperties: true } },
        contingencyPlan: nullable({ type: 'object', additionalProperties: true }),
        evidenceSummary: {
          type: 'object',
          properties: { queued: { type: 'integer' }, logged: { type: 'integer' }, anchored: { type: 'integer' } },
        },
      },
    },
  ],
};

const RANKING_ROW = {
  type: 'object',
  required: ['rank', 'firmId', 'creditCode', 'name', 'riskScore', 'grade', 'tier'],
  properties: {
    rank: { type: 'integer', description: "across all firms, not only the caller's region" },
    firmId: str(),
    creditCode: str(),
    name: str(),
    kind: str(),
    regionCode: str(),
    riskScore: str(),
    grade: str(),
    tier: { type: 'string', enum: [...GRADED_TIERS] },
    asOf: date,
    assessedAt: dateTime,
  },
};

const CHECKPOINT = {
  type: 'object',
  required: ['origin', 'treeSize', 'rootHash', 'issuedAt'],
  properties: {
    origin: str(),
    treeSize: { type: 'integer' },
    rootHash: hex('root'),
    previous: nullable(str('checkpointId of the previous one')),
    issuedAt: dateTime,
  },
};

const CHECKPOINT_VIEW = {
  type: 'object',
  required: ['checkpoint', 'signature', 'publicKey', 'anchor'],
  properties: {
    checkpoint: ref('Checkpoint'),
    signature: hex('Ed25519 signature'),
    publicKey: hex("regulator's key"),
    anchor: nullable({
      type: 'object',
      properties: {
        ledger: { type: 'string', enum: ['local', 'cometbft'] },
        chainId: str(),
        height: { type: 'integer' },
        txHash: str(),
        anchoredAt: dateTime,
      },
    }),
    consistency: nullable({
      type: 'object',
      properties: { fromTreeSize: { type: 'integer' }, proof: { type: 'array', items: str() } },
    }),
  },
};

const RECEIPT = {
  type: 'object',
  description:
    "Self-contained evidence receipt (EVIDENCE.md): verify it with the record, the published genesis and the regulator's key (`npm run verify`).",
  required: ['v', 'hashAlg', 'tree', 'record', 'inclusion', 'anchor'],
  properties: {
    v: { type: 'integer', enum: [1] },
    hashAlg: { type: 'string', enum: ['sha-256'] },
    tree: { type: 'string', enum: ['rfc6962'] },
    record: {
      type: 'object',
      properties: {
        kind: str(),
        id: str(),
        contentHash: hex('content hash'),
        canonicalization: { type: 'string', enum: ['jcs', 'raw'] },
      },
    },
    inclusion: {
      type: 'object',
      properties: {
        logOrigin: str(),
        leafIndex: { type: 'integer' },
        treeSize: { type: 'integer' },
        auditPath: { type: 'array', items: str() },
        rootHash: str(),
        checkpointSignature: str(),
        checkpoint: ref('Checkpoint'),
        checkpointKey: str(),
      },
    },
    anchor: {
      type: 'object',
      required: ['ledger'],
      description:
        "ledger local: the regulator's own signed log; cometbft: the anchoring tx with its proof against the block header and the validators' commit",
      properties: {
        ledger: { type: 'string', enum: ['local', 'cometbft'] },
        chainId: str(),
        height: { type: 'integer' },
        txHash: str(),
        tx: str('base64'),
        txIndex: { type: 'integer' },
        txTotal: { type: 'integer' },
        txAunts: { type: 'array', items: str() },
        header: { type: 'object' },
        commit: { type: 'object' },
        validatorSetHash: str(),
        handover: {
          type: 'array',
          description:
            'validator-set changes between genesis and this block, oldest first (docs/evidence-format.md); absent when the set never changed',
          items: {
            type: 'object',
            properties: {
              height: { type: 'integer' },
              header: { type: 'object' },
              commit: { type: 'object' },
              validators: { type: 'array', items: { type: 'object' } },
            },
          },
        },
      },
    },
    consistency: {
      type: 'object',
      properties: { fromTreeSize: { type: 'integer' }, fromRootHash: str(), proof: { type: 'array', items: str() } },
    },
    witnessedBy: {
      type: 'array',
      description:
        "informative: per firm, its first C2SP cosignature on a checkpoint covering this leaf (docs/firm-signatures.md); check the line with the firm's public key over that checkpoint",
      items: {
        type: 'object',
        properties: {
          firm: str('credit code'),
          keyId: str(),
          treeSize: { type: 'integer' },
          rootHash: hex('root'),
          cosignedAt: dateTime,
          cosignature: str('the note signature line'),
        },
      },
    },
  },
};

/** Added to components/schemas by buildOpenApiDocument. */
export const RESPONSE_SCHEMAS = {
  FirmSummary: FIRM_SUMMARY,
  FirmPage: page('FirmSummary'),
  StoredRecord: STORED_RECORD,
  StoredRecordPage: page('StoredRecord'),
  Assessment: ASSESSMENT,
  AssessmentPage: page('Assessment'),
  RelatedRisk: {
    type: 'object',
    properties: { fromFirm: str('credit code of the red firm'), path: str('e.g. 甲公司 ←实控人 张伟→ 乙公司') },
  },
  FirmProfile: FIRM_PROFILE,
  AlertSummary: ALERT_SUMMARY,
  AlertPage: page('AlertSummary'),
  AlertDetail: ALERT_DETAIL,
  RankingRow: RANKING_ROW,
  RankingPage: page('RankingRow'),
  Checkpoint: CHECKPOINT,
  CheckpointView: CHECKPOINT_VIEW,
  Receipt: RECEIPT,
} satisfies Record<string, object>;

/** The 200 body of a route, by its name in RESPONSE_SCHEMAS; `array`: a JSON array of them. */
export const ApiOkBody = (name: keyof typeof RESPONSE_SCHEMAS, options: { array?: boolean } = {}) =>
  ApiOkResponse({
    description: options.array ? `an array of ${name}` : name,
    schema: options.array ? { type: 'array', items: ref(name) } : ref(name),
  });
