import { DEFAULT_PUSH_HOSTS, DEFAULT_ROBOT_HOSTS } from '../../platform/config/alert-destinations';
import { destinationProblem, isPublicAddress } from './destinations';

describe(isPublicAddress.name, () => {
  it('should refuse loopback, private, shared, link-local, multicast and reserved IPv4 addresses', () => {
    for (const ip of [
      '127.0.0.1',
      '127.8.9.10',
      '0.0.0.0',
      '10.1.2.3',
      '172.16.0.1',
      '172.31.255.255',
      '192.168.1.1',
      '100.64.0.1',
      '169.254.169.254',
      '224.0.0.251',
      '239.255.255.250',
      '255.255.255.255',
      '198.18.0.1',
    ]) {
      expect([ip, isPublicAddress(ip)]).toEqual([ip, false]);
    }
    for (const ip of ['8.8.8.8', '101.226.4.6', '172.32.0.1', '100.128.0.1', '203.119.0.1'])
      expect([ip, isPublicAddress(ip)]).toEqual([ip, true]);
  });

  it('should refuse the IPv6 forms of the same, IPv4-mapped and NAT64 addresses included', () => {
    for (const ip of [
      '::1',
      '::',
      'fe80::1',
      'fe80::1%eth0',
      'fc00::1',
      'fd12:3456::1',
      'ff02::1',
      '::ffff:127.0.0.1',
      '::ffff:7f00:1',
      '::ffff:169.254.169.254',
      '::ffff:a9fe:a9fe',
      '64:ff9b::10.0.0.1',
      '2002:c0a8:0101::1',
      '2001:db8::1',
    ]) {
      expect([ip, isPublicAddress(ip)]).toEqual([ip, false]);
    }
    for (const ip of ['2400:da00::6666', '::ffff:8.8.8.8', '2a00:1450:4001::200e'])
      expect([ip, isPublicAddress(ip)]).toEqual([ip, true]);
  });

  it('should refuse what is not an address at all', () => {
    expect(isPublicAddress('localhost')).toBe(false);
    expect(isPublicAddress('')).toBe(false);
  });
});

describe(destinationProblem.name, () => {
  it('should accept https to the allow-listed hosts and their wildcards', () => {
    expect(
      destinationProblem('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k', DEFAULT_ROBOT_HOSTS, []),
    ).toBeNull();
    expect(
      destinationProblem('https://oapi.dingtalk.com/robot/send?access_token=t', DEFAULT_ROBOT_HOSTS, []),
    ).toBeNull();
    expect(destinationProblem('https://fcm.googleapis.com/fcm/send/abc', DEFAULT_PUSH_HOSTS, [])).toBeNull();
    expect(destinationProblem('https://wns2-db5p.notify.windows.com/w/?token=x', DEFAULT_PUSH_HOSTS, [])).toBeNull();
  });

  it('should refuse plain http, other hosts, look-alike hosts and credentials in the URL', () => {
    expect(destinationProblem('http://fcm.googleapis.com/fcm/send/abc', DEFAULT_PUSH_HOSTS, [])).toBe(
      'must be an https: URL, not http:',
    );
    expect(destinationProblem('https://fcm.googleapis.com.evil.example/x', DEFAULT_PUSH_HOSTS, [])).toMatch(
      /^host fcm\.googleapis\.com\.evil\.example is not an allowed destination/,
    );
    expect(destinationProblem('https://notify.windows.com/x', DEFAULT_PUSH_HOSTS, [])).toMatch(
      /is not an allowed destination/,
    );
    expect(destinationProblem('https://169.254.169.254/latest/meta-data/', DEFAULT_PUSH_HOSTS, [])).toMatch(
      /is not an allowed destination/,
    );
    expect(destinationProblem('https://u:p@qyapi.weixin.qq.com/x', DEFAULT_ROBOT_HOSTS, [])).toBe(
      'must not carry a user name or password',
    );
    expect(destinationProblem('not a url', DEFAULT_ROBOT_HOSTS, [])).toBe('must be an absolute URL (https://...)');
  });

  it('should refuse an allow-listed literal address that is not public', () => {
    expect(destinationProblem('https://[::ffff:127.0.0.1]/x', ['[::ffff:7f00:1]'], [])).toBe(
      'host [::ffff:7f00:1] is not a public address',
    );
    expect(destinationProblem('https://10.0.0.1/x', ['10.0.0.1'], [])).toBe('host 10.0.0.1 is not a public address');
  });

  it('should let test origins through only when they are opened, port by port if one is given', () => {
    expect(destinationProblem('http://127.0.0.1:4100/push', DEFAULT_PUSH_HOSTS, [])).toBe(
      'must be an https: URL, not http:',
    );
    expect(destinationProblem('http://127.0.0.1:4100/push', DEFAULT_PUSH_HOSTS, ['http://127.0.0.1'])).toBeNull();
    expect(destinationProblem('http://127.0.0.1:4100/push', DEFAULT_PUSH_HOSTS, ['http://127.0.0.1:4200'])).toBe(
      'must be an https: URL, not http:',
    );
    expect(destinationProblem('http://localhost:4100/push', DEFAULT_PUSH_HOSTS, ['http://127.0.0.1'])).toBe(
      'must be an https: URL, not http:',
    );
  });
});
