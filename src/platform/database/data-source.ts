import { DataSource } from 'typeorm';
import { loadConfig } from '../config/config';
import { dataSourceOptions } from './data-source-options';

// For the TypeORM CLI (migration:generate / migration:run) against a real PostgreSQL.
const config = loadConfig();
if (config.database.mode !== 'postgres') throw new Error('the TypeORM CLI needs DATABASE_URL (a real PostgreSQL)');
export default new DataSource(dataSourceOptions(config.database.url));
