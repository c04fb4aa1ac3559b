import { Module } from '@nestjs/common';
import { PowerTracesService } from './power-traces.service';

/** 数据铁笼: the power list, the traces of its exercise. */
@Module({
  providers: [PowerTracesService],
  exports: [PowerTracesService],
})
export class CageModule {}
