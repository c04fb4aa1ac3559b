import { Body, Controller, Get, Header, HttpCode, Post, Req } from '@nestjs/common';
import type { Request } from 'express';
import type { JWK } from 'jose';
import { LoginService } from './login.service';
import { parseLoginDto } from './login.dto';
import { CurrentStaff, PublicRoute, StaffAuth } from './staff-auth.decorators';
import type { StaffPrincipal } from '../../staff/staff-principal';
import { TokenService, type IssuedToken } from './token.service';

@Controller('v1/auth')
@StaffAuth()
export class AuthController {
  constructor(
    private readonly login: LoginService,
    private readonly tokens: TokenService,
  ) {}

  /** Password login against the built-in user store; refusals never say whether the user exists. */
  @Post('token')
  @PublicRoute()
  @HttpCode(200)
  @Header('cache-control', 'no-store')
  token(@Body() body: unknown, @Req() req: Request): Promise<IssuedToken> {
    const { username, password } = parseLoginDto(body);
    // req.ip: the socket's peer, or the client Express's `trust proxy` setting reads from X-Forwarded-For.
    return this.login.login(
      username,
      password,
      { method: req.method, path: req.originalUrl },
      req.ip ?? req.socket.remoteAddress ?? 'unknown',
    );
  }

  @Get('me')
  me(@CurrentStaff() staff: StaffPrincipal): StaffPrincipal {
    return staff;
  }

  /** The public key(s) of our staff tokens, for other services verifying them. */
  @Get('jwks')
  @PublicRoute()
  @Header('cache-control', 'public, max-age=300')
  jwks(): { keys: JWK[] } {
    return this.tokens.jwks();
  }
}
