import { Controller, Get, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { FirmPrincipal } from '../../ingest/keys/firm-api-keys.service';
import { SigningKeysService, SigningKeyView } from '../../ingest/signing/signing-keys.service';
import { ApiProblems, FIRM_API_KEY } from '../openapi/api-docs.decorators';
import { CurrentFirm, FirmKeyGuard } from './firm-key.guard';

/** A firm's own view of the signing keys the bureau holds for it, and whether it must sign. */
@Controller('v1/ingest/signing-keys')
@ApiTags('ingest')
@UseGuards(FirmKeyGuard)
export class FirmSigningKeysController {
  constructor(private readonly keys: SigningKeysService) {}

  @Get()
  @ApiOperation({
    summary: "The firm's registered signing public keys and its signature policy",
    description:
      'Firm API key. Pushes are signed per RFC 9421 over "@method", "@path" and "content-digest" with keyid = a key listed here.',
  })
  @ApiSecurity(FIRM_API_KEY)
  @ApiProblems(401)
  async mine(@CurrentFirm() firm: FirmPrincipal): Promise<{ signaturesRequired: boolean; keys: SigningKeyView[] }> {
    return {
      signaturesRequired: await this.keys.signaturesRequired(firm.firmId),
      keys: await this.keys.list(firm.firmId),
    };
  }
}
