import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { FirmEntity } from './firm.entity';
import { FirmsService } from './firms.service';

@Module({
  imports: [TypeOrmModule.forFeature([FirmEntity])],
  providers: [FirmsService],
  exports: [FirmsService],
})
export class FirmsModule {}
