import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { StaffDirectoryService } from './staff-directory.service';
import { StaffUserEntity } from './staff-user.entity';

/**
 * 监管人员: the staff user store and its directory. Roles, the principal and the region scope
 * (数据权限) beside it are pure and need no module. The API's AuthModule imports and re-exports it.
 */
@Module({
  imports: [TypeOrmModule.forFeature([StaffUserEntity])],
  providers: [StaffDirectoryService],
  exports: [StaffDirectoryService],
})
export class StaffModule {}
