import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { recordContentHash } from '../evidence-chain/canonical/content-hash';
import { nodeSha256 } from '../evidence-chain/canonical/sha256-node';
import { appendLeaves } from '../evidence-chain/log/evidence-appender';
import type { AppConfig } from '../platform/config/config';
import { APP_CONFIG } from '../platform/config/config.module';
import { Conflict, NotFound } from '../platform/errors/domain-error';
import { parseRulePack, loadRulePacks } from './rules/load-rule-pack';
import { packRef, type RulePack } from './rules/rule-pack';
import { packsDir } from './scoring-assets';

export interface PackVersionInfo {
  pack: string;
  version: number;
  ref: string;
  title: RulePack['title'];
  appliesTo: RulePack['appliesTo'];
  rules: number;
  source: 'bundled' | 'uploaded';
  active: boolean;
  uploadedBy?: string;
  uploadedAt?: string;
}

export interface PackActivation {
  id: string;
  pack: string;
  version: number;
  activatedBy: string;
  activatedAt: string;
}

interface StoredPack {
  pack: RulePack;
  yaml: string;
  source: 'bundled' | 'uploaded';
  uploadedBy?: string;
  uploadedAt?: string;
}

/**
 * Rule pack versions: the bundled *.vN.yaml files plus versions administrators upload (table
 * rule_pack_versions), and which version of each pack is active (rule_pack_activations; without
 * an activation the highest bundled version is). Uploads and activations are evidence leaves.
 */
@Injectable()
export class RulePacksService {
  private bundledPacks: StoredPack[] | null = null;
  private readonly uploadedCache = new Map<string, RulePack>();

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private bundled(): StoredPack[] {
    if (!this.bundledPacks) {
      const dir = packsDir(this.config.scoring.packsDir);
      this.bundledPacks = loadRulePacks(dir).map((pack) => ({
        pack,
        yaml: readFileSync(join(dir, `${pack.pack}.v${pack.version}.yaml`), 'utf8'),
        source: 'bundled' as const,
      }));
    }
    return this.bundledPacks;
  }

  private async uploaded(): Promise<StoredPack[]> {
    const rows: Array<{ pack: string; version: number; yaml: string; uploaded_by: string; uploaded_at: Date }> =
      await this.dataSource.query(
        `SELECT pack, version, yaml, uploaded_by, uploaded_at FROM rule_pack_versions ORDER BY pack, version`,
      );
    return rows.map((r) => {
      const key = `${r.pack}@${r.version}`;
      let pack = this.uploadedCache.get(key);
      if (!pack) this.uploadedCache.set(key, (pack = parseRulePack(r.yaml, key)));
      return {
        pack,
        yaml: r.yaml,
        source: 'uploaded' as const,
        uploadedBy: r.uploaded_by,
        uploadedAt: new Date(r.uploaded_at).toISOString(),
      };
    });
  }

  private async all(): Promise<StoredPack[]> {
    return [...this.bundled(), ...(await this.uploaded())];
  }

  /** The active version of each pack, by pack name. */
  private async activeVersions(all: StoredPack[]): Promise<Map<string, number>> {
    const active = new Map<string, number>();
    for (const { pack, source } of all)
      if (source === 'bundled' && pack.version > (active.get(pack.pack) ?? 0)) active.set(pack.pack, pack.version);
    const rows: Array<{ pack: string; version: number }> = await this.dataSource.query(
      `SELECT DISTINCT ON (pack) pack, version FROM rule_pack_activations ORDER BY pack, activated_at DESC, id DESC`,
    );
    for (const r of rows) active.set(r.pack, r.version);
    return active;
  }

  /** The packs that judge firms now (one version per pack). */
  async activePacks(): Promise<RulePack[]> {
    const all = await this.all();
    const active = await this.activeVersions(all);
    // Kind packs first, then the packs for all firms (public_data), as assessments list them.
    return all
      .filter((p) => active.get(p.pack.pack) === p.pack.version)
      .map((p) => p.pack)
      .sort((a, b) => Number(a.appliesTo === 'all') - Number(b.appliesTo === 'all') || (a.pack < b.pack ? -1 : 1));
  }

  async list(): Promise<PackVersionInfo[]> {
    const all = await this.all();
    const active = await this.activeVersions(all);
    return all.map((p) => info(p, active.get(p.pack.pack) === p.pack.version));
  }

  async get(pack: string, version: number): Promise<PackVersionInfo & { yaml: string; definition: RulePack }> {
    const all = await this.all();
    const found = all.find((p) => p.pack.pack === pack && p.pack.version === version);
    if (!found) throw new NotFound(`no rule pack ${pack} version ${version}`);
    const active = await this.activeVersions(all);
    return { ...info(found, active.get(pack) === version), yaml: found.yaml, definition: found.pack };
  }

  /** The pack and its active version, for a dry run against it. */
  async candidateAndActive(pack: string, version: number): Promise<{ candidate: RulePack; active: RulePack | null }> {
    const all = await this.all();
    const candidate = all.find((p) => p.pack.pack === pack && p.pack.version === version)?.pack;
    if (!candidate) throw new NotFound(`no rule pack ${pack} version ${version}`);
    const activeVersion = (await this.activeVersions(all)).get(pack);
    return {
      candidate,
      active: all.find((p) => p.pack.pack === pack && p.pack.version === activeVersion)?.pack ?? null,
    };
  }

  /** Validates (RulePackInvalid lists every problem by rule id and field) and stores a new version. */
  async upload(yaml: string, uploadedBy: string): Promise<PackVersionInfo> {
    const pack = parseRulePack(yaml, 'upload');
    const all = await this.all();
    if (all.some((p) => p.pack.pack === pack.pack && p.pack.version === pack.version)) {
      throw new Conflict(
        `rule pack ${packRef(pack)} exists already; upload it as version ${Math.max(...all.filter((p) => p.pack.pack === pack.pack).map((p) => p.pack.version)) + 1}`,
      );
    }
    const uploadedAt = new Date();
    const contentHash = createHash('sha256').update(yaml, 'utf8').digest();
    await this.dataSource.transaction(async (m) => {
      await m.query(
        `INSERT INTO rule_pack_versions (pack, version, yaml, content_hash, uploaded_by, uploaded_at) VALUES ($1, $2, $3, $4, $5, $6)`,
        [pack.pack, pack.version, yaml, contentHash, uploadedBy, uploadedAt],
      );
      const record = {
        pack: pack.pack,
        version: pack.version,
        contentHash: contentHash.toString('hex'),
        uploadedBy,
        uploadedAt: uploadedAt.toISOString(),
      };
      await appendLeaves(m, [
        { kind: 'rule_pack', recordId: packRef(pack), contentHash: recordContentHash(record, nodeSha256) },
      ]);
    });
    return info({ pack, yaml, source: 'uploaded', uploadedBy, uploadedAt: uploadedAt.toISOString() }, false);
  }

  async activate(pack: string, version: number, activatedBy: string): Promise<PackActivation> {
    await this.candidateAndActive(pack, version); // 404 for an unknown version
    const activation: PackActivation = {
      id: randomUUID(),
      pack,
      version,
      activatedBy,
      activatedAt: new Date().toISOString(),
    };
    await this.dataSource.transaction(async (m) => {
      await m.query(
        `INSERT INTO rule_pack_activations (id, pack, version, activated_by, activated_at) VALUES ($1, $2, $3, $4, $5)`,
        [activation.id, pack, version, activatedBy, activation.activatedAt],
      );
      await appendLeaves(m, [
        {
          kind: 'rule_pack_activation',
          recordId: activation.id,
          contentHash: recordContentHash(activation, nodeSha256),
        },
      ]);
    });
    return activation;
  }
}

function info(p: StoredPack, active: boolean): PackVersionInfo {
  return {
    pack: p.pack.pack,
    version: p.pack.version,
    ref: packRef(p.pack),
    title: p.pack.title,
    appliesTo: p.pack.appliesTo,
    rules: p.pack.rules.length,
    source: p.source,
    active,
    ...(p.uploadedBy ? { uploadedBy: p.uploadedBy, uploadedAt: p.uploadedAt } : {}),
  };
}
