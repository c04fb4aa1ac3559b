import { Injectable, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { HealthRegistry } from './health.registry';

@Injectable()
export class DatabaseHealth implements OnModuleInit {
  constructor(
    private readonly registry: HealthRegistry,
    private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    this.registry.register({
      name: 'database',
      critical: true,
      probe: async () => {
        const [row] = await this.dataSource.query(`SELECT current_setting('server_version') AS version`);
        return `PostgreSQL ${row.version}`;
      },
    });
  }
}
