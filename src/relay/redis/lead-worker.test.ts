import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startRedisServer, type RedisServer } from '../../../testing/servers/redis-server.ts';
import {
  startUpstreamStub,
  trackedLead,
  type StubAnswer,
  type StubRequest,
  type UpstreamStub,
} from '../../../testing/unit/upstream-stub.ts';
import { createForwarder } from '../forward-lead.ts';
import { createLeadQueue, type LeadQueue } from './lead-queue.ts';
import { startLeadWorker, type LeadWorker } from './lead-worker.ts';

// The queue and its worker on a real Redis, forwarding with the relay's real forwarder (the
// `pimms` SDK) to a stub PIMMS API that answers what each test needs.
let server: RedisServer;
let open: { close(): Promise<void> | void }[] = [];
let queueNumber = 0;
const KEY = 'pimms_test_worker_key';

beforeAll(async () => {
  server = await startRedisServer();
}, 30_000);
afterEach(async () => {
  for (const item of open.reverse()) await item.close();
  open = [];
});
afterAll(async () => {
  await server?.stop();
});

async function setUp(
  answer: (request: StubRequest, index: number) => StubAnswer | Promise<StubAnswer>,
  perMinute = 6_000,
) {
  const stub: UpstreamStub = await startUpstreamStub(answer);
  const lines: string[] = [];
  const log = (line: string) => lines.push(line);
  const forward = createForwarder({
    serverURL: stub.url,
    apiKey: () => KEY,
    timeoutMs: 5_000,
    log,
  });
  const queueName = `worker-test-${++queueNumber}`;
  const connection = new Redis(server.url, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
  const queue: LeadQueue = createLeadQueue({ connection, name: queueName, maxAttempts: 5 });
  const worker: LeadWorker = startLeadWorker({
    url: server.url,
    forward,
    queueName,
    perMinute,
    log,
  });
  open.push(stub, { close: () => connection.quit().then(() => {}) }, queue, worker);
  const enqueue = queue.deliverer(forward, log);
  return { stub, lines, queue, worker, enqueue };
}

const lead = (n: number) => ({ clickId: `click_${n}`, eventName: 'Sign up', externalId: `u${n}` });
const ok = (request: StubRequest): StubAnswer => {
  const body = JSON.parse(request.body) as { clickId: string; externalId: string };
  return { status: 200, body: trackedLead(body.clickId, body.externalId) };
};

async function until(check: () => boolean | Promise<boolean>, what: string, ms = 30_000) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the lead queue and its worker', () => {
  it('answers 202 queued, forwards each lead once, and adds nothing for a repeated eventId', async () => {
    const { stub, enqueue, queue } = await setUp(ok);
    const first = await enqueue(lead(1), 'ev-a');
    expect(first).toMatchObject({
      outcome: { status: 202, body: { ok: true, queued: true, eventId: 'ev-a' } },
      remember: true,
      queued: true,
    });
    await enqueue(lead(2), 'ev-b');
    await enqueue(lead(1), 'ev-a');
    await until(async () => (await queue.queue.getCompletedCount()) == 2, 'two completed jobs');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(stub.requests.map((r) => JSON.parse(r.body).clickId).sort()).toEqual([
      'click_1',
      'click_2',
    ]);
    expect(stub.requests[0].headers.get('authorization')).toBe(`Bearer ${KEY}`);
    // An all-digit eventId is a valid eventId but not a valid BullMQ job id as is.
    await enqueue(lead(3), '12345');
    await until(() => stub.requests.length == 3, 'the all-digit eventId forwarded');
  }, 60_000);

  it('retries 5xx answers with back-off until PIMMS takes the lead', async () => {
    const { stub, enqueue, queue } = await setUp((request, index) =>
      index < 2
        ? {
            status: index == 0 ? 503 : 500,
            headers: { 'Retry-After': '1' },
            body: { error: { code: 'internal_server_error', message: 'down' } },
          }
        : ok(request),
    );
    await enqueue(lead(4), 'ev-retry');
    await until(async () => (await queue.queue.getCompletedCount()) == 1, 'the job done', 45_000);
    expect(stub.requests).toHaveLength(3);
    const job = await queue.queue.getJob('ev-retry');
    expect(job?.attemptsMade).toBe(3);
  }, 60_000);

  it('drops a lead PIMMS refused for good, logging why, without a retry', async () => {
    const { stub, enqueue, queue, lines } = await setUp(() => ({
      status: 404,
      body: { error: { code: 'not_found', message: 'Click event not found for clickId: click_5' } },
    }));
    await enqueue(lead(5), 'ev-drop');
    await until(async () => (await queue.queue.getFailedCount()) == 1, 'the job dropped');
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(stub.requests).toHaveLength(1);
    expect(lines.join('\n')).toMatch(
      /queue: dropped eventId ev-drop: PIMMS refused it for good \(404 not_found: Click event not found for clickId: click_5\)/,
    );
    const job = await queue.queue.getJob('ev-drop');
    expect(job?.failedReason).toMatch(/404 not_found/);
  }, 60_000);

  it('pauses the whole queue for the Retry-After of a 429, spending no try', async () => {
    const at: number[] = [];
    const { stub, enqueue, queue } = await setUp((request, index) => {
      at.push(Date.now());
      return index == 0
        ? {
            status: 429,
            headers: { 'Retry-After': '2' },
            body: { error: { code: 'rate_limit_exceeded', message: 'Too many requests.' } },
          }
        : ok(request);
    });
    await enqueue(lead(6), 'ev-429');
    await until(() => stub.requests.length == 1, 'the first call');
    await enqueue(lead(7), 'ev-after');
    await until(async () => (await queue.queue.getCompletedCount()) == 2, 'both done', 45_000);
    expect(stub.requests).toHaveLength(3);
    // No call at all during the pause PIMMS asked for (2 s; a little slack for clock reads).
    expect(at[1] - at[0]).toBeGreaterThanOrEqual(1_900);
    expect(at[2] - at[0]).toBeGreaterThanOrEqual(1_900);
    expect((await queue.queue.getJob('ev-429'))?.attemptsMade).toBe(1);
  }, 60_000);

  it('keeps to the rate: never more calls in a window than the limiter allows', async () => {
    const at: number[] = [];
    // 120 a minute: 2 jobs per window of 1017 ms.
    const { stub, enqueue } = await setUp((request) => {
      at.push(Date.now());
      return ok(request);
    }, 120);
    for (let n = 0; n < 6; n++) await enqueue(lead(10 + n), `ev-rate-${n}`);
    await until(() => stub.requests.length == 6, 'six calls');
    // The jobs are all waiting, so each window's two start together and the next two a window
    // (1017 ms) later: any three calls span more than most of a window (the slack is for the
    // loopback call's own time, which the stub sees and the limiter does not). Without the limiter
    // all six would come within a few ms.
    for (let i = 0; i + 2 < at.length; i++) expect(at[i + 2] - at[i]).toBeGreaterThan(700);
  }, 60_000);
});
