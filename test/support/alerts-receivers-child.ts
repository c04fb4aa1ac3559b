// The local WeCom, DingTalk and SMS receivers of alerts-receivers.ts in a child process, for the
// bench: the receivers' signature checks and JSON parsing then run on their own process (and the
// second core) instead of taking CPU from the sender being measured, and the sender's
// process.cpuUsage() is its own. They check every request exactly as in the integration tests;
// counts() tells how many each received and accepted.
import { fork, type ChildProcess } from 'node:child_process';
import { startDingTalkReceiver, startSmsReceiver, startWeComReceiver, type Receiver } from './alerts-receivers';

export interface ReceiverOptions {
  dingtalkSecret: string;
  sms: { apiKey: string; header: string; templateId: string };
}

export interface ReceiverCounts {
  requests: number;
  accepted: number;
}

export interface ChildReceivers {
  wecomUrl: string;
  dingtalkUrl: string;
  smsUrl: string;
  counts(): Promise<Record<'wecom' | 'dingtalk' | 'sms', ReceiverCounts>>;
  /** CPU ms the receivers' process has used so far (to tell whether they, not the sender, were the limit). */
  cpuMs(): Promise<number>;
  close(): Promise<void>;
}

type Request = { id: number; op: 'counts' | 'cpu' | 'close' };
type Message = { urls: { wecom: string; dingtalk: string; sms: string } } | { id: number; value: unknown };

const CHILD_FLAG = '--alerts-receivers';

export async function startReceiversInChild(options: ReceiverOptions): Promise<ChildReceivers> {
  // Same TypeScript loader as the parent (node -r @swc-node/register).
  const child: ChildProcess = fork(__filename, [CHILD_FLAG, JSON.stringify(options)], {
    execArgv: ['-r', '@swc-node/register'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const replies = new Map<number, (value: unknown) => void>();
  let nextId = 0;
  const ask = <T>(op: Request['op']) =>
    new Promise<T>((resolve) => {
      const id = ++nextId;
      replies.set(id, resolve as (value: unknown) => void);
      child.send({ id, op } satisfies Request);
    });
  const urls = await new Promise<{ wecom: string; dingtalk: string; sms: string }>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the receivers' process exited with ${code}`)));
    child.on('message', (m: Message) => ('urls' in m ? resolve(m.urls) : replies.get(m.id)?.(m.value)));
  });
  return {
    wecomUrl: urls.wecom,
    dingtalkUrl: urls.dingtalk,
    smsUrl: urls.sms,
    counts: () => ask('counts'),
    cpuMs: () => ask('cpu'),
    close: async () => {
      child.removeAllListeners('exit');
      await ask('close');
      child.disconnect();
    },
  };
}

async function serve(options: ReceiverOptions): Promise<void> {
  const receivers: Record<'wecom' | 'dingtalk' | 'sms', Receiver> = {
    wecom: await startWeComReceiver(),
    dingtalk: await startDingTalkReceiver(options.dingtalkSecret),
    sms: await startSmsReceiver(options.sms),
  };
  const reply = (m: Message) => process.send!(m);
  process.on('message', (m: Request) => {
    if (m.op === 'counts') {
      reply({
        id: m.id,
        value: Object.fromEntries(
          Object.entries(receivers).map(([k, r]) => [k, { requests: r.requests.length, accepted: r.accepted.length }]),
        ),
      });
    } else if (m.op === 'cpu') {
      const used = process.cpuUsage();
      reply({ id: m.id, value: (used.user + used.system) / 1000 });
    } else {
      void Promise.all(Object.values(receivers).map((r) => r.close())).then(() => reply({ id: m.id, value: null }));
    }
  });
  reply({ urls: { wecom: receivers.wecom.url, dingtalk: receivers.dingtalk.url, sms: receivers.sms.url } });
}

if (process.argv[2] === CHILD_FLAG && process.send) void serve(JSON.parse(process.argv[3]) as ReceiverOptions);
