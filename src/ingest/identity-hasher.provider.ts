import type { FactoryProvider } from '@nestjs/common';
import type { AppConfig } from '../platform/config/config';
import { APP_CONFIG } from '../platform/config/config.module';
import { loadOrCreateLocalSecret } from '../platform/config/local-secret';
import { IdentityHasher } from './intake/identity-hasher';
import { IDENTITY_HASHER } from './ingest.tokens';

/** The bureau's keyed identity hasher (ID_HASH_KEY, or the embedded default's local secret). */
export const identityHasherProvider: FactoryProvider<IdentityHasher> = {
  provide: IDENTITY_HASHER,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig) =>
    new IdentityHasher(config.ingest.idHashKey ?? loadOrCreateLocalSecret(config.dataDir, 'id-hash-key')),
};
