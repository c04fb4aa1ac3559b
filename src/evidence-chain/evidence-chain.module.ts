import { Module } from '@nestjs/common';
import { LedgerHealth } from './chain/ledger.health';

@Module({ providers: [LedgerHealth] })
export class EvidenceChainModule {}
