import { AppConfig, loadConfig } from '../../src/platform/config/config';
import { RunningApp, startApp } from '../../src/bootstrap';

/**
 * A configuration for an app under test: loopback, a random port, quiet logs, no demo data;
 * `env` is read exactly as the service reads its environment.
 */
export function testConfig(env: Record<string, string>): AppConfig {
  return loadConfig({ HTTP_PORT: '0', LOG_LEVEL: 'warn', LOG_FORMAT: 'text', DEMO_DATA: 'false', ...env });
}

export async function startTestApp(env: Record<string, string>): Promise<RunningApp> {
  return startApp(testConfig(env));
}

export async function getJson(url: string): Promise<{ status: number; body: any }> {
  const response = await fetch(url);
  return { status: response.status, body: await response.json() };
}
