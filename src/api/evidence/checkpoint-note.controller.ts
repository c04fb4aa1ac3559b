import { Controller, Get, Header, Inject, Res } from '@nestjs/common';
import { ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ed25519 } from '@noble/curves/ed25519';
import { signCheckpointNote, noteVerifierKey } from '../../evidence-chain/checkpoint/checkpoint-note';
import { REGULATOR_KEY } from '../../evidence-chain/evidence.tokens';
import { NotAnchoredYet, ReceiptService } from '../../evidence-chain/receipts/receipt.service';
import { PublicDoc } from '../openapi/api-docs.decorators';

/** The latest checkpoint in the C2SP tlog-checkpoint signed-note form (text/plain). */
@Controller('v1/evidence/checkpoints')
@ApiTags('evidence')
export class CheckpointNoteController {
  constructor(
    private readonly receipts: ReceiptService,
    @Inject(REGULATOR_KEY) private readonly regulatorKey: Uint8Array,
  ) {}

  @Get('latest')
  @Header('cache-control', 'no-store')
  @ApiProduces('text/plain')
  @PublicDoc(
    'The latest checkpoint as a C2SP tlog-checkpoint signed note (origin, size, base64 root; Ed25519 note signature by the regulator key, key name = origin); X-Note-Verifier-Key names the key',
    409,
  )
  async latest(@Res({ passthrough: true }) res: Response): Promise<string> {
    const [latest] = await this.receipts.checkpoints(1);
    const publicKey = ed25519.getPublicKey(this.regulatorKey);
    // Only the key that signed the JSON checkpoint may sign its note: a replica with another key answers 409.
    if (!latest || Buffer.from(publicKey).toString('hex') !== latest.publicKey)
      throw new NotAnchoredYet("no checkpoint signed by this service's regulator key yet");
    res.type('text/plain; charset=utf-8');
    res.setHeader('x-note-verifier-key', noteVerifierKey(latest.checkpoint.origin, publicKey));
    return signCheckpointNote(latest.checkpoint, this.regulatorKey);
  }
}
