import { Injectable } from '@nestjs/common';
import type { IsoDate } from '../ingest/schemas/records';
import { HistoryLoader } from './persistence/history-loader';
import { beneficialOwners, type LookThroughOwner } from './related-parties/beneficial-owners';
import { buildOwnershipGraph } from './related-parties/ownership-graph';
import { ultimateControllers, type UltimateController } from './related-parties/ultimate-controllers';

/** 股权穿透 of one firm, by name: identity numbers and their hashes stay out. */
export interface FirmOwnership {
  /** 最终控制人: control (> 50 % or 实控人) followed up through corporate layers. */
  controllers: Array<Omit<UltimateController, 'key'>>;
  /** 受益所有人: ultimate owners above 25 % through any chain, with each chain and its share. */
  beneficialOwners: Array<Omit<LookThroughOwner, 'key' | 'ultimate'>>;
}

/** Ownership penetration from the registry's shareholder lists and the firms' declared key persons. */
@Injectable()
export class OwnershipService {
  constructor(private readonly loader: HistoryLoader) {}

  async of(firmCreditCode: string, asOf: IsoDate): Promise<FirmOwnership> {
    const relations = await this.loader.relations(asOf);
    const graph = buildOwnershipGraph(relations.keyPersons, asOf, relations.names, relations.registry);
    return {
      controllers: ultimateControllers(graph, firmCreditCode).map(({ name, kind, chain }) => ({ name, kind, chain })),
      beneficialOwners: beneficialOwners(graph, firmCreditCode).map(({ name, kind, sharePct, paths }) => ({
        name,
        kind,
        sharePct,
        paths,
      })),
    };
  }
}
