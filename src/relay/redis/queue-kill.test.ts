import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedisServer, type RedisServer } from '../../../testing/servers/redis-server.ts';
import { API_KEY, startSandbox, type TestSandbox } from '../../../testing/unit/sandbox-fixture.ts';
import { createLeadRelay } from '../create-lead-relay.ts';
import { serve, type ServedHandler } from '../serve.ts';
import { connectRedis } from './connect-redis.ts';

// The durable queue across a crash: a real child process runs the relay with its queue and
// in-process worker; the test fills the queue, SIGKILLs the process mid-drain, starts another,
// and counts at the sandbox what arrived. Every call to the sandbox is counted, not only its rows
// (the sandbox ignores a repeat of the same externalId and event name, which would hide one).
const LEADS = 30;
const RATE = 240; // a minute: 4 leads about every second, so the drain takes ~8 s
const LOCK_MS = 2_000;
const CONCURRENCY = 10; // the worker's default: at most this many calls can be in flight at a kill

let redis: RedisServer;
let sandbox: TestSandbox;
let upstream: ServedHandler;
const calls: string[] = [];
const children: ChildProcess[] = [];

beforeAll(async () => {
  redis = await startRedisServer();
  sandbox = startSandbox();
  upstream = await serve(
    async (request) => {
      if (new URL(request.url).pathname == '/track/lead')
        calls.push(((await request.clone().json()) as { clickId: string }).clickId);
      return sandbox.handler(request);
    },
    { events: false },
  );
}, 30_000);
afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await upstream?.close();
  sandbox?.close();
  await redis?.stop();
});

async function startRelayProcess(): Promise<{ child: ChildProcess; url: string }> {
  const child = fork(
    join(import.meta.dirname, '../../../testing/servers/queued-relay-process.ts'),
    [],
    {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      env: {
        ...process.env,
        REDIS_URL: redis.url,
        PIMMS_QUEUE: '1',
        PIMMS_QUEUE_RATE: String(RATE),
        PIMMS_QUEUE_LOCK_MS: String(LOCK_MS),
        PIMMS_API_KEY: API_KEY,
        PIMMS_API_URL: upstream.url,
      },
    },
  );
  children.push(child);
  const [message] = (await once(child, 'message')) as [{ url: string }];
  return { child, url: message.url };
}

async function until(check: () => boolean, what: string, ms: number) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('the durable queue', () => {
  it('loses nothing and records nothing twice when the relay is killed mid-drain', async () => {
    const first = await startRelayProcess();
    const leads: { clickId: string; eventName: string; externalId: string; eventId: string }[] = [];
    for (let n = 0; n < LEADS; n++) {
      const clickId = await sandbox.click();
      leads.push({
        clickId,
        eventName: 'Sign up',
        externalId: `kill-${n}`,
        eventId: `kill-ev-${n}`,
      });
    }
    for (const lead of leads) {
      const answer = await fetch(first.url, {
        method: 'POST',
        headers: { 'Content-Type': 'text/plain;charset=UTF-8' },
        body: JSON.stringify(lead),
      });
      expect(answer.status).toBe(202);
      expect(await answer.json()).toEqual({ ok: true, queued: true, eventId: lead.eventId });
    }

    await until(() => calls.length >= 8, 'the drain to start', 60_000);
    first.child.kill('SIGKILL');
    await once(first.child, 'exit');
    const atKill = calls.length;
    expect(atKill).toBeLessThan(LEADS);

    const second = await startRelayProcess();
    const recorded = () => new Set(sandbox.leads().map((row) => row.clickId));
    await until(() => leads.every((lead) => recorded().has(lead.clickId)), 'every lead', 90_000);
    // Jobs taken up again after the kill come back within the lock; give strays time to show.
    await new Promise((resolve) => setTimeout(resolve, 2 * LOCK_MS + 1_000));

    const rows = sandbox.leads().filter((row) => row.externalId?.startsWith('kill-'));
    expect(rows.map((row) => row.clickId).sort()).toEqual(leads.map((l) => l.clickId).sort());
    const perLead = new Map<string, number>();
    for (const id of calls) perLead.set(id, (perLead.get(id) ?? 0) + 1);
    const resent = [...perLead.values()].filter((count) => count > 1);
    // Only a lead whose call was in flight at the kill may be sent again (PIMMS then ignores it).
    expect(resent.every((count) => count == 2)).toBe(true);
    expect(resent.length).toBeLessThanOrEqual(CONCURRENCY);
    expect(calls.length).toBe(LEADS + resent.length);
    second.child.kill('SIGKILL');
    await once(second.child, 'exit');
  }, 180_000);

  it('is drained by `npm run relay:worker` alone when the relay runs no worker', async () => {
    const redisOfRelay = connectRedis({ url: redis.url, queue: { worker: false } });
    const relay = createLeadRelay({
      apiKey: API_KEY,
      serverURL: upstream.url,
      redis: redisOfRelay,
      onEvent: () => {},
    });
    const leads: { clickId: string; eventName: string; externalId: string; eventId: string }[] = [];
    for (let n = 0; n < 5; n++) {
      const clickId = await sandbox.click();
      leads.push({
        clickId,
        eventName: 'Sign up',
        externalId: `alone-${n}`,
        eventId: `alone-${n}`,
      });
    }
    const before = calls.length;
    for (const lead of leads) {
      const answer = await relay(
        new Request('http://relay.test/lead', { method: 'POST', body: JSON.stringify(lead) }),
      );
      expect(answer.status).toBe(202);
    }
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(calls.length).toBe(before);

    // The one command of the README (npm run relay:worker runs this file with tsx).
    const worker = fork(join(import.meta.dirname, 'worker-main.ts'), [], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      env: {
        ...process.env,
        REDIS_URL: redis.url,
        PIMMS_API_KEY: API_KEY,
        PIMMS_API_URL: upstream.url,
      },
    });
    children.push(worker);
    let stderr = '';
    let stdout = '';
    worker.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    worker.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    await until(() => calls.length == before + leads.length, 'the worker to drain', 60_000);
    expect(calls.slice(before).sort()).toEqual(leads.map((lead) => lead.clickId).sort());
    worker.kill('SIGTERM');
    const [code] = await once(worker, 'exit');
    expect(code).toBe(0);
    expect(stderr).toMatch(/queue: worker started/);
    expect(stderr).not.toContain(API_KEY);
    // Its events on stdout, one JSON line per try: each lead forwarded once.
    const events = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string; worker?: true; eventId?: string });
    expect(events.filter((event) => event.type == 'forwarded' && event.worker)).toHaveLength(
      leads.length,
    );
    expect(events.map((event) => event.eventId).sort()).toEqual(
      leads.map((lead) => lead.eventId).sort(),
    );
    expect(stdout).not.toContain(API_KEY);
    await redisOfRelay.close();
  }, 120_000);
});
