import { Global, Module } from '@nestjs/common';
import { DatabaseHealth } from './database.health';
import { HealthRegistry } from './health.registry';

@Global()
@Module({ providers: [HealthRegistry, DatabaseHealth], exports: [HealthRegistry] })
export class HealthModule {}
