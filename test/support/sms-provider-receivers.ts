// Local stand-ins for Tencent Cloud SMS and Alibaba Cloud SMS on 127.0.0.1. Each recomputes the
// request's signature from what arrived on the wire (written here from the providers' documented
// steps, not with the service's signer) and refuses a request whose signature does not match, as
// the real API does. Replies are scripted per request so tests can drive rate limits and errors.
import { createHash, createHmac } from 'node:crypto';
import { startReceiver, type Receiver, type ReceivedRequest, type Reply } from './alerts-receivers';

const sha256 = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');
const header = (req: ReceivedRequest, name: string): string => String(req.headers[name] ?? '');

export interface TencentSms {
  PhoneNumberSet: string[];
  SmsSdkAppId: string;
  SignName: string;
  TemplateId: string;
  TemplateParamSet: string[];
}

/** Tencent SendSms; `script` gives the n-th valid request's reply body (default: one Ok status). */
export async function startTencentSmsReceiver(
  secretId: string,
  secretKey: string,
  script: Array<unknown> = [],
): Promise<Receiver<TencentSms>> {
  let n = 0;
  return startReceiver<TencentSms>((req, accept): Reply => {
    const auth =
      /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d{2}-\d{2})\/sms\/tc3_request, SignedHeaders=content-type;host, Signature=([0-9a-f]{64})$/.exec(
        header(req, 'authorization'),
      );
    const timestamp = header(req, 'x-tc-timestamp');
    if (!auth || auth[1] !== secretId)
      return {
        status: 200,
        json: { Response: { Error: { Code: 'AuthFailure.SecretIdNotFound', Message: 'bad credential' } } },
      };
    const canonical = `POST\n/\n\ncontent-type:${header(req, 'content-type')}\nhost:${header(req, 'host')}\n\ncontent-type;host\n${sha256(req.body)}`;
    const toSign = `TC3-HMAC-SHA256\n${timestamp}\n${auth[2]}/sms/tc3_request\n${sha256(canonical)}`;
    const kDate = createHmac('sha256', `TC3${secretKey}`).update(auth[2]).digest();
    const kSigning = createHmac('sha256', createHmac('sha256', kDate).update('sms').digest())
      .update('tc3_request')
      .digest();
    const expected = createHmac('sha256', kSigning).update(toSign).digest('hex');
    const dateOfTimestamp = new Date(Number(timestamp) * 1000).toISOString().slice(0, 10);
    if (expected !== auth[3] || dateOfTimestamp !== auth[2])
      return {
        status: 200,
        json: { Response: { Error: { Code: 'AuthFailure.SignatureFailure', Message: 'signature mismatch' } } },
      };
    if (
      header(req, 'x-tc-action') !== 'SendSms' ||
      header(req, 'x-tc-version') !== '2021-01-11' ||
      !header(req, 'x-tc-region')
    ) {
      return {
        status: 200,
        json: { Response: { Error: { Code: 'InvalidAction', Message: 'wrong action, version or region' } } },
      };
    }
    const body = JSON.parse(req.body.toString('utf8')) as TencentSms;
    const scripted = script[n++];
    if (scripted !== undefined) return { status: 200, json: scripted };
    accept(body);
    return {
      status: 200,
      json: {
        Response: {
          SendStatusSet: [
            { SerialNo: `tc-${n}`, PhoneNumber: body.PhoneNumberSet[0], Code: 'Ok', Message: 'send success' },
          ],
          RequestId: `req-${n}`,
        },
      },
    };
  });
}

export interface AliyunSms {
  PhoneNumbers: string;
  SignName: string;
  TemplateCode: string;
  TemplateParam: Record<string, string>;
}

/** Alibaba Cloud SendSms (RPC style, parameters in the query); `script` as above. */
export async function startAliyunSmsReceiver(
  accessKeyId: string,
  accessKeySecret: string,
  script: Array<{ status: number; json: unknown }> = [],
): Promise<Receiver<AliyunSms>> {
  let n = 0;
  return startReceiver<AliyunSms>((req, accept): Reply => {
    const auth = /^ACS3-HMAC-SHA256 Credential=([^,]+),SignedHeaders=([^,]+),Signature=([0-9a-f]{64})$/.exec(
      header(req, 'authorization'),
    );
    if (!auth || auth[1] !== accessKeyId)
      return { status: 404, json: { Code: 'InvalidAccessKeyId.NotFound', Message: 'bad key' } };
    const [path, query = ''] = req.url.split('?');
    const signed = auth[2].split(';');
    const canonicalHeaders = signed.map((name) => `${name}:${header(req, name).trim()}\n`).join('');
    const hashedBody = sha256(req.body);
    const canonical = [req.method, path, query, canonicalHeaders, auth[2], hashedBody].join('\n');
    const expected = createHmac('sha256', accessKeySecret)
      .update(`ACS3-HMAC-SHA256\n${sha256(canonical)}`)
      .digest('hex');
    const required = [
      'host',
      'x-acs-action',
      'x-acs-content-sha256',
      'x-acs-date',
      'x-acs-signature-nonce',
      'x-acs-version',
    ];
    if (
      expected !== auth[3] ||
      !required.every((h) => signed.includes(h)) ||
      header(req, 'x-acs-content-sha256') !== hashedBody
    ) {
      return { status: 400, json: { Code: 'IncompleteSignature', Message: 'signature mismatch' } };
    }
    if (header(req, 'x-acs-action') !== 'SendSms' || header(req, 'x-acs-version') !== '2017-05-25')
      return { status: 400, json: { Code: 'InvalidAction.NotFound', Message: 'wrong action' } };
    const params = new URLSearchParams(query);
    const scripted = script[n++];
    if (scripted !== undefined) return scripted;
    accept({
      PhoneNumbers: params.get('PhoneNumbers') ?? '',
      SignName: params.get('SignName') ?? '',
      TemplateCode: params.get('TemplateCode') ?? '',
      TemplateParam: JSON.parse(params.get('TemplateParam') ?? '{}'),
    });
    return { status: 200, json: { Code: 'OK', Message: 'OK', BizId: `biz-${n}`, RequestId: `req-${n}` } };
  });
}
