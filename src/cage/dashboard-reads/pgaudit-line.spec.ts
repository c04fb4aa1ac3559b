import { firmReferences, grafanaUserOf, parseAuditLine, parseCsv } from './pgaudit-line';

const line = (over: Record<string, unknown> = {}) =>
  JSON.stringify({
    timestamp: '2026-12-06 07:30:01.250 UTC',
    user: 'risk_dashboard',
    dbname: 'risk',
    pid: 4242,
    error_severity: 'LOG',
    message:
      'AUDIT: SESSION,3,1,READ,SELECT,TABLE,public.firms,"SELECT name, region_code FROM firms WHERE credit_code = \'91330106MA2B0001XQ\' /* grafana_user=zhang.san */",<not logged>',
    application_name: 'Grafana',
    ...over,
  });

describe('pgaudit lines', () => {
  it('should read who, when, which relation and the statement from a READ line of the dashboard role', () => {
    expect(parseAuditLine(line(), 'risk_dashboard')).toEqual({
      at: new Date('2026-12-06T07:30:01.250Z'),
      user: 'risk_dashboard',
      database: 'risk',
      grafanaUser: 'zhang.san',
      statementId: 3,
      substatementId: 1,
      command: 'SELECT',
      objectName: 'public.firms',
      statement:
        "SELECT name, region_code FROM firms WHERE credit_code = '91330106MA2B0001XQ' /* grafana_user=zhang.san */",
    });
  });

  it('should skip other roles, other audit classes, server messages and broken lines', () => {
    expect(parseAuditLine(line({ user: 'risk_app' }), 'risk_dashboard')).toBeNull();
    expect(
      parseAuditLine(
        line({ message: 'AUDIT: SESSION,1,1,WRITE,INSERT,TABLE,public.firms,"INSERT INTO firms ...",<not logged>' }),
        'risk_dashboard',
      ),
    ).toBeNull();
    expect(
      parseAuditLine(line({ message: 'connection authorized: user=risk_dashboard' }), 'risk_dashboard'),
    ).toBeNull();
    expect(
      parseAuditLine('{"timestamp": "2026-12-06 07:30:01 UTC", "message": "AUDIT: SESSION,1', 'risk_dashboard'),
    ).toBeNull();
    expect(parseAuditLine(line({ timestamp: 'yesterday' }), 'risk_dashboard')).toBeNull();
  });

  it('should take the Grafana user from a comment in the SQL, else from the application name', () => {
    expect(grafanaUserOf('grafana:li.si', 'SELECT 1')).toBe('li.si');
    expect(grafanaUserOf('Grafana', 'SELECT 1')).toBeNull();
    expect(grafanaUserOf('grafana:li.si', 'SELECT 1 /* grafana_user: wang.wu */')).toBe('wang.wu');
  });

  it('should find firm ids and credit codes named in a statement', () => {
    expect(
      firmReferences(
        "SELECT * FROM alerts WHERE firm_id = '0B9F6C1E-2D3A-4B5C-8D7E-1F2A3B4C5D6E' OR firm_id = '0b9f6c1e-2d3a-4b5c-8d7e-1f2a3b4c5d6e'",
      ),
    ).toEqual({
      ids: ['0b9f6c1e-2d3a-4b5c-8d7e-1f2a3b4c5d6e'],
      creditCodes: [],
    });
    expect(firmReferences("WHERE credit_code IN ('91330106MA2B0001XQ', '91330106MA2B0001XQ')").creditCodes).toEqual([
      '91330106MA2B0001XQ',
    ]);
    expect(firmReferences('SELECT count(*) FROM firms')).toEqual({ ids: [], creditCodes: [] });
  });

  it('should split CSV with quoted commas and doubled quotes', () => {
    expect(parseCsv('a,"b, ""c""",,d')).toEqual(['a', 'b, "c"', '', 'd']);
    expect(parseCsv('"x"')).toEqual(['x']);
  });
});
