import { isIP } from 'node:net';

// Where alert deliveries may go (防止服务端请求伪造 SSRF). Robot webhooks and push endpoints are
// typed in by staff, so a URL is checked when it is stored and again before every request; the
// address a host name resolves to is checked at connect time (http-post.ts). The allowed hosts are
// configuration (platform/config/alert-destinations.ts).

/** True when `url` is on an origin tests opened (then none of the other checks apply). */
export function isTestOrigin(url: URL, testOrigins: readonly string[]): boolean {
  return testOrigins.some((origin) => {
    const allowed = new URL(origin);
    return (
      url.protocol === allowed.protocol &&
      url.hostname === allowed.hostname &&
      (allowed.port === '' || url.port === allowed.port)
    );
  });
}

/** Why `value` may not be a delivery URL for a host of `hosts`, or null when it may. */
export function destinationProblem(
  value: string,
  hosts: readonly string[],
  testOrigins: readonly string[],
): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be an absolute URL (https://...)';
  }
  if (url.username || url.password) return 'must not carry a user name or password';
  if (isTestOrigin(url, testOrigins)) return null;
  if (url.protocol !== 'https:') return `must be an https: URL, not ${url.protocol}`;
  const host = url.hostname.toLowerCase();
  if (!hosts.some((allowed) => hostMatches(host, allowed.toLowerCase())))
    return `host ${host} is not an allowed destination (allowed: ${hosts.join(', ')})`;
  const literal = host.replace(/^\[|\]$/g, '');
  if (isIP(literal) && !isPublicAddress(literal)) return `host ${host} is not a public address`;
  return null;
}

function hostMatches(host: string, allowed: string): boolean {
  if (allowed.startsWith('*.')) return host.endsWith(allowed.slice(1)) && host.length > allowed.length - 1;
  return host === allowed;
}

/**
 * False for every address that is not on the public internet: unspecified, loopback, private
 * (RFC 1918, unique local), shared (CGNAT), link-local (incl. 169.254.169.254 metadata), multicast,
 * reserved and benchmarking ranges; IPv6 forms embedding an IPv4 address are judged by that address.
 */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return isPublicV4(v4Octets(address));
  if (family !== 6) return false;
  const groups = v6Groups(address);
  if (!groups) return false;
  const [g0, g1, g2, g3, g4, g5, g6, g7] = groups;
  const embedded = [g6 >> 8, g6 & 0xff, g7 >> 8, g7 & 0xff];
  // ::ffff:a.b.c.d (IPv4-mapped), ::a.b.c.d (IPv4-compatible), 64:ff9b::a.b.c.d (NAT64).
  if (g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0 && (g5 === 0xffff || g5 === 0))
    return (g5 === 0xffff || g6 !== 0) && isPublicV4(embedded);
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0) return isPublicV4(embedded);
  if (g0 === 0x2002) return isPublicV4([g1 >> 8, g1 & 0xff, g2 >> 8, g2 & 0xff]); // 6to4
  if ((g0 & 0xfe00) === 0xfc00) return false; // fc00::/7 unique local
  if ((g0 & 0xffc0) === 0xfe80 || (g0 & 0xffc0) === 0xfec0) return false; // link-local, site-local
  if ((g0 & 0xff00) === 0xff00) return false; // multicast
  if (g0 === 0x2001 && g1 === 0x0db8) return false; // documentation
  if (g0 === 0x0100 && g1 === 0 && g2 === 0 && g3 === 0) return false; // discard-only
  // Global unicast is 2000::/3; everything else (incl. :: and ::1) is not public.
  return (g0 & 0xe000) === 0x2000;
}

function isPublicV4([a, b, c]: number[]): boolean {
  if (a === 0 || a === 10 || a === 127) return false;
  if (a === 100 && b >= 64 && b <= 127) return false; // shared address space (CGNAT)
  if (a === 169 && b === 254) return false; // link-local, cloud metadata
  if (a === 172 && b >= 16 && b <= 31) return false;
  if (a === 192 && b === 168) return false;
  if (a === 192 && b === 0 && (c === 0 || c === 2)) return false; // IETF protocol assignments, TEST-NET-1
  if (a === 198 && (b === 18 || b === 19)) return false; // benchmarking
  if (a === 198 && b === 51 && c === 100) return false; // TEST-NET-2
  if (a === 203 && b === 0 && c === 113) return false; // TEST-NET-3
  return a < 224; // multicast 224/4, reserved 240/4, broadcast
}

function v4Octets(address: string): number[] {
  return address.split('.').map(Number);
}

/** The eight 16-bit groups of an IPv6 address (with a dotted IPv4 tail or not), or null. */
function v6Groups(address: string): number[] | null {
  let text = address.toLowerCase().replace(/%.*$/, '');
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = v4Octets(dotted[1]);
    text = `${text.slice(0, -dotted[1].length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::');
  const parts = (s: string | undefined) => (s ? s.split(':') : []);
  const groups =
    tail === undefined
      ? parts(head)
      : [...parts(head), ...Array(8 - parts(head).length - parts(tail).length).fill('0'), ...parts(tail)];
  if (groups.length !== 8) return null;
  return groups.map((g) => parseInt(g, 16));
}
