// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDelivery, LEASE_MS, type Delivery } from './delivery.ts';
import { createOutbox, type Outbox, type OutboxEntry } from './outbox.ts';
import { createStorage } from './storage.ts';
import { fakeEndpoint } from '../../testing/unit/snippet-endpoint.ts';

let delivery: Delivery;
let outbox: Outbox;
/** The delivery of a new page view: its own memory, in-flight set and back-off. */
const newPage = () => createDelivery('https://relay.example/lead', createOutbox(createStorage()));

const entry = (id: string, extra: Partial<OutboxEntry> = {}): OutboxEntry => ({
  b: { eventId: id, clickId: 'cl_1', eventName: 'Sign up', externalId: 'u_1' },
  t: Date.now(),
  n: 0,
  at: 0,
  ...extra,
});
const stored = (id: string): OutboxEntry | undefined =>
  outbox.readOutbox().find((e) => e.b.eventId == id);

beforeEach(() => {
  localStorage.clear();
  vi.useFakeTimers({ now: 1_000_000 });
  outbox = createOutbox(createStorage());
  delivery = createDelivery('https://relay.example/lead', outbox);
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  delete (navigator as unknown as Record<string, unknown>).locks;
});

describe('sendEntry', () => {
  it('writes the lead to the outbox before sending it, and removes it on a 2xx', async () => {
    const { sent } = fakeEndpoint([200]);
    const e = entry('e1');
    const pending = delivery.sendEntry(e);
    // In the outbox while in flight, leased so that another page leaves it alone.
    expect(stored('e1')).toMatchObject({ n: 1, at: Date.now() + LEASE_MS });
    expect(await pending).toEqual({ ok: true, status: 'sent', reason: undefined, body: e.b });
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ by: 'fetch', url: 'https://relay.example/lead', body: e.b });
    expect(stored('e1')).toBeUndefined();
  });

  it('removes a lead the endpoint refuses for good (4xx), with its message', async () => {
    fakeEndpoint([[404, {}, { error: { code: 'not_found', message: 'Click not found' } }]]);
    const result = await delivery.sendEntry(entry('e1'));
    expect(result).toMatchObject({
      ok: false,
      status: 'rejected',
      reason: 'HTTP 404: Click not found',
    });
    expect(stored('e1')).toBeUndefined();
  });

  it.each([500, 502, 503, 408, 429])(
    'keeps the lead on %i and retries it with back-off',
    async (status) => {
      const { sent } = fakeEndpoint([status, 200]);
      const result = await delivery.sendEntry(entry('e1'));
      expect(result).toMatchObject({
        ok: false,
        status: 'queued',
        reason: expect.stringContaining('HTTP ' + status),
      });
      expect(stored('e1')).toMatchObject({ n: 1, at: 0 });
      // The first retry waits 1 to 2 s.
      await vi.advanceTimersByTimeAsync(999);
      expect(sent).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(1001);
      expect(sent).toHaveLength(2);
      expect(sent[1].body).toEqual(sent[0].body);
      expect(stored('e1')).toBeUndefined();
    },
  );

  it('keeps the lead on a network error', async () => {
    fakeEndpoint(['network']);
    expect(await delivery.sendEntry(entry('e1'))).toMatchObject({
      status: 'queued',
      reason: expect.stringContaining('network error'),
    });
    expect(stored('e1')).toMatchObject({ n: 1, at: 0 });
  });

  it('keeps the lease when the fetch fails because the page is going away', async () => {
    const { sent } = fakeEndpoint(['network']);
    vi.spyOn(document, 'hidden', 'get').mockReturnValue(true);
    expect(await delivery.sendEntry(entry('e1'))).toMatchObject({
      status: 'queued',
      reason: 'page hidden',
    });
    // The keepalive request may still arrive: the next page leaves the lead alone for the lease.
    expect(stored('e1')!.at).toBe(Date.now() + LEASE_MS);
    await delivery.flushOutbox(true);
    expect(sent).toHaveLength(1);
  });

  it("honours the endpoint's Retry-After, on this page and the next", async () => {
    const { sent } = fakeEndpoint([
      [
        429,
        { 'Retry-After': '30' },
        { error: { code: 'rate_limit_exceeded', message: 'slow down' } },
      ],
    ]);
    await delivery.sendEntry(entry('e1'));
    expect(stored('e1')!.at).toBe(Date.now() + 30_000);
    // Even a forced flush (the browser came online) leaves it until then.
    await delivery.flushOutbox(true);
    await vi.advanceTimersByTimeAsync(29_000);
    expect(sent).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(sent).toHaveLength(2);
    expect(stored('e1')).toBeUndefined();
  });

  it('sends by beacon when the page is going away, and keeps the lead until an answer is heard', async () => {
    const { sent } = fakeEndpoint([200]);
    expect(await delivery.sendEntry(entry('e1'), true)).toMatchObject({
      ok: false,
      status: 'queued',
      reason: 'beacon',
    });
    expect(sent.map((s) => s.by)).toEqual(['beacon']);
    expect(stored('e1')).toMatchObject({ at: 0 });
    // Not again from this page: the visibilitychange flush that follows a beacon sent at beforeunload.
    await delivery.flushOutbox(true, true);
    expect(sent.map((s) => s.by)).toEqual(['beacon']);
    // The next page view resends it (the relay answers a repeat of its eventId as sent).
    const nextPage = newPage();
    await nextPage.flushOutbox();
    expect(sent.map((s) => s.by)).toEqual(['beacon', 'fetch']);
    expect(stored('e1')).toBeUndefined();
  });

  it('still sends when storage refuses to keep the lead', async () => {
    const { sent } = fakeEndpoint([200]);
    vi.spyOn(Storage.prototype, 'setItem').mockImplementation(() => {
      throw new DOMException('full', 'QuotaExceededError');
    });
    vi.stubGlobal(
      'localStorage',
      new Proxy(localStorage, {
        set: () => {
          throw new DOMException('full', 'QuotaExceededError');
        },
      }),
    );
    expect(await delivery.sendEntry(entry('e1'))).toMatchObject({ status: 'sent' });
    expect(sent).toHaveLength(1);
  });
});

describe('flushOutbox', () => {
  it('sends what is due: not held for consent, not leased by another page, not in flight here', async () => {
    const { sent } = fakeEndpoint([200, 200, 200]);
    outbox.putEntry(entry('due'));
    outbox.putEntry(entry('held', { h: 1 }));
    outbox.putEntry(entry('leased', { at: Date.now() + 3000 }));
    await delivery.flushOutbox();
    expect(sent.map((s) => s.body.eventId)).toEqual(['due']);
    expect(
      outbox
        .readOutbox()
        .map((e) => e.b.eventId)
        .sort(),
    ).toEqual(['held', 'leased']);
  });

  it('sends a lead leased by a page that went away once the lease is over, with no other event needed', async () => {
    const { sent } = fakeEndpoint([200]);
    // The page that sent it navigated before hearing the answer: its keepalive request may still land.
    outbox.putEntry(entry('e1', { n: 1, at: Date.now() + LEASE_MS }));
    await delivery.flushOutbox();
    expect(sent).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(LEASE_MS - 1);
    expect(sent).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(sent).toHaveLength(1);
    expect(stored('e1')).toBeUndefined();
  });

  it("sends a lead under another page's Retry-After once it has passed", async () => {
    const { sent } = fakeEndpoint([200]);
    outbox.putEntry(entry('e1', { n: 1, at: Date.now() + 30_000 }));
    await delivery.flushOutbox();
    await vi.advanceTimersByTimeAsync(29_999);
    expect(sent).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(sent).toHaveLength(1);
  });

  it('does not send a lead twice while its first send is in flight', async () => {
    const { sent } = fakeEndpoint([200]);
    const first = delivery.sendEntry(entry('e1'));
    // Another page's lease is over, yet this page is sending it.
    outbox.putEntry({ ...stored('e1')!, at: 0 });
    await delivery.flushOutbox(true);
    await first;
    expect(sent).toHaveLength(1);
  });

  it('waits for its back-off unless forced (the browser came back online)', async () => {
    const { sent } = fakeEndpoint([503, 200]);
    await delivery.sendEntry(entry('e1'));
    await delivery.flushOutbox();
    expect(sent).toHaveLength(1);
    await delivery.flushOutbox(true);
    expect(sent).toHaveLength(2);
  });

  it('leaves the outbox to the tab that holds the Web Lock, and looks again later', async () => {
    const { sent } = fakeEndpoint([200]);
    outbox.putEntry(entry('e1'));
    let held = true;
    const request = vi.fn(
      (name: string, options: LockOptions, callback: (lock: Lock | null) => unknown) =>
        Promise.resolve(callback(held && options.ifAvailable ? null : ({ name } as Lock))),
    );
    Object.defineProperty(navigator, 'locks', { configurable: true, value: { request } });
    await delivery.flushOutbox();
    expect(request).toHaveBeenCalledWith(
      'pimms_outbox',
      { ifAvailable: true },
      expect.any(Function),
    );
    expect(sent).toHaveLength(0);
    held = false;
    await vi.advanceTimersByTimeAsync(2000);
    expect(sent).toHaveLength(1);
  });

  it('sends without the lock where the browser refuses it (an opaque origin: a sandboxed iframe)', async () => {
    const { sent } = fakeEndpoint([200]);
    outbox.putEntry(entry('e1'));
    const request = vi.fn(() =>
      Promise.reject(
        new DOMException('Access to the Locks API is denied in this context.', 'SecurityError'),
      ),
    );
    Object.defineProperty(navigator, 'locks', { configurable: true, value: { request } });
    await delivery.flushOutbox();
    expect(request).toHaveBeenCalled();
    expect(sent.map((s) => s.body.eventId)).toEqual(['e1']);
  });

  it('asks for no lock, and reads the outbox once, when all it holds is in flight from this page (the flush after a lead)', async () => {
    fakeEndpoint([200]);
    const first = delivery.sendEntry(entry('e1'));
    const request = vi.fn();
    Object.defineProperty(navigator, 'locks', { configurable: true, value: { request } });
    const read = vi.spyOn(outbox, 'readOutbox');
    await delivery.flushOutbox(true);
    expect(request).not.toHaveBeenCalled();
    expect(read).toHaveBeenCalledTimes(1);
    await first;
  });

  it('does not wait for the lock when the page is going away', async () => {
    const { sent } = fakeEndpoint();
    outbox.putEntry(entry('e1'));
    const request = vi.fn();
    Object.defineProperty(navigator, 'locks', { configurable: true, value: { request } });
    await delivery.flushOutbox(true, true);
    expect(request).not.toHaveBeenCalled();
    expect(sent.map((s) => s.by)).toEqual(['beacon']);
  });
});
