// Where alert deliveries may go (防止服务端请求伪造 SSRF), as configured: ALERTS_ROBOT_HOSTS,
// ALERTS_PUSH_HOSTS and ALERTS_TEST_ORIGINS, with their defaults. The checks themselves are in
// alerts/channels/destinations.ts.

/** Robot and push hosts allowed, and the loopback origins tests open explicitly (never by default). */
export interface AlertDestinations {
  /** Host names, or `*.suffix` for every subdomain of suffix. */
  robotHosts: string[];
  pushHosts: string[];
  /** Plain-http loopback origins (`http://127.0.0.1`, any port unless one is given) of local test receivers. */
  testOrigins: string[];
}

export const DEFAULT_ROBOT_HOSTS = ['qyapi.weixin.qq.com', 'oapi.dingtalk.com'];
/** The browsers' push services: Chrome/Edge (FCM), Firefox (Mozilla autopush), Safari (Apple), Windows (WNS). */
export const DEFAULT_PUSH_HOSTS = [
  'fcm.googleapis.com',
  'updates.push.services.mozilla.com',
  'web.push.apple.com',
  '*.push.apple.com',
  '*.notify.windows.com',
];

/** A test origin as configured: http, a loopback host, an optional port, nothing else. */
export const TEST_ORIGIN_PATTERN = /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d{1,5})?$/;
