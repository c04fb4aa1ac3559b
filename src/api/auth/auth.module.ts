import { Global, Logger, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { AppConfig } from '../../platform/config/config';
import { APP_CONFIG } from '../../platform/config/config.module';
import { AccessLogService } from './access-log.service';
import { AuthController } from './auth.controller';
import { SystemClock } from '../../platform/clock';
import { AuthClock } from './clock';
import { StaffAccessLogEntity } from '../../staff/staff-access-log.entity';
import { LoginService } from './login.service';
import { loadSigningKey, type SigningKey } from './signing-key';
import { StaffAuthGuard } from './staff-auth.guard';
import { StaffModule } from '../../staff/staff.module';
import { StaffTokenVerifier } from './staff-token-verifier';
import { TokenService } from './token.service';

const SIGNING_KEY = Symbol('STAFF_TOKEN_SIGNING_KEY');

/**
 * Staff identity: the built-in user store (re-exported from StaffModule), our own EdDSA tokens, the external OIDC issuer, the
 * guard and the access log. Global, so any controller can use @StaffAuth() / StaffAuthGuard.
 */
@Global()
@Module({
  imports: [StaffModule, TypeOrmModule.forFeature([StaffAccessLogEntity])],
  controllers: [AuthController],
  providers: [
    { provide: AuthClock, useClass: SystemClock },
    {
      provide: SIGNING_KEY,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig): Promise<SigningKey> => {
        if (config.auth.signingKey.kind === 'file' && config.database.mode === 'postgres') {
          new Logger(AuthModule.name).warn(
            `staff tokens are signed with a key generated in ${config.auth.signingKey.path}; replicas do not share it: set AUTH_SIGNING_KEY`,
          );
        }
        return loadSigningKey(config.auth.signingKey);
      },
    },
    {
      provide: TokenService,
      inject: [APP_CONFIG, AuthClock, SIGNING_KEY],
      useFactory: (config: AppConfig, clock: AuthClock, key: SigningKey) => new TokenService(config.auth, clock, key),
    },
    AccessLogService,
    LoginService,
    StaffTokenVerifier,
    StaffAuthGuard,
  ],
  exports: [StaffModule, TokenService, StaffTokenVerifier, AccessLogService, StaffAuthGuard, AuthClock],
})
export class AuthModule {}
