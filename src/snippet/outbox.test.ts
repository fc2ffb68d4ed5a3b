// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LeadBody } from '../shared/lead.ts';
import { debugLog } from './log.ts';
import { createOutbox, MAX_CHARS, MAX_ENTRIES, type Outbox, type OutboxEntry } from './outbox.ts';
import { createStorage, type PageStorage } from './storage.ts';
import { visitorId as visitorIdIn } from './visitor-id.ts';

const DAY = 864e5;
const entry = (id: string, t: number, extra: Partial<LeadBody> = {}): OutboxEntry => ({
  b: { eventId: id, clickId: 'cl_1', eventName: 'Sign up', ...extra },
  t,
  n: 0,
  at: 0,
});

// One page's storage and outbox per test: what storage refuses stays in this page's memory.
let storage: PageStorage;
let putEntry: Outbox['putEntry'];
let dropEntry: Outbox['dropEntry'];
let readOutbox: Outbox['readOutbox'];
const store = () => storage.store();
const visitorId = () => visitorIdIn(storage);
beforeEach(() => {
  localStorage.clear();
  storage = createStorage();
  ({ putEntry, dropEntry, readOutbox } = createOutbox(storage));
});

describe('outbox', () => {
  it('keeps one localStorage item per lead and reads them oldest first', () => {
    putEntry(entry('b', 2000));
    putEntry(entry('a', 1000));
    localStorage.setItem('site_item', 'kept');
    expect(Object.keys(localStorage).sort()).toEqual(['pimms_ob_a', 'pimms_ob_b', 'site_item']);
    expect(readOutbox(3000).map((e) => e.b.eventId)).toEqual(['a', 'b']);
    dropEntry('a');
    expect(readOutbox(3000).map((e) => e.b.eventId)).toEqual(['b']);
    expect(localStorage.getItem('site_item')).toBe('kept');
  });

  it('rewrites an entry in place', () => {
    const e = entry('a', 1000);
    putEntry(e);
    putEntry({ ...e, n: 2, at: 5000 });
    expect(readOutbox(3000)).toEqual([{ ...e, n: 2, at: 5000 }]);
  });

  it('drops leads older than 7 days', () => {
    const now = 100 * DAY;
    putEntry(entry('old', now - 7 * DAY));
    putEntry(entry('young', now - 7 * DAY + 1));
    expect(readOutbox(now).map((e) => e.b.eventId)).toEqual(['young']);
    expect(localStorage.getItem('pimms_ob_old')).toBeNull();
  });

  it(`keeps at most ${MAX_ENTRIES} leads, dropping the oldest`, () => {
    for (let i = 0; i < MAX_ENTRIES + 3; i++) putEntry(entry('e' + i, 1000 + i));
    const kept = readOutbox(2000).map((e) => e.b.eventId);
    expect(kept).toHaveLength(MAX_ENTRIES);
    expect(kept[0]).toBe('e3');
    expect(Object.keys(localStorage)).toHaveLength(MAX_ENTRIES);
  });

  it(`keeps at most ${MAX_CHARS} characters in all, dropping the oldest`, () => {
    const big = { metadata: { blob: 'x'.repeat(10_000) } };
    for (let i = 0; i < 4; i++) putEntry(entry('big' + i, 1000 + i, big));
    const kept = readOutbox(2000);
    expect(kept.map((e) => e.b.eventId)).toEqual(['big1', 'big2', 'big3']);
    const chars = Object.keys(localStorage).reduce(
      (sum, key) => sum + localStorage.getItem(key)!.length,
      0,
    );
    expect(chars).toBeLessThanOrEqual(MAX_CHARS);
  });

  it('says in debug mode which lead it dropped and why', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    ({ putEntry, readOutbox } = createOutbox(storage, debugLog(true)));
    putEntry(entry('old', 0, { eventName: 'Sign up' }));
    readOutbox(8 * DAY);
    expect(log).toHaveBeenCalledWith(
      '[pimms] lead "Sign up" dropped from the outbox unsent: older than 7 days',
    );
  });

  it('removes an unreadable item', () => {
    localStorage.setItem('pimms_ob_broken', '{not json');
    putEntry(entry('a', 1000));
    expect(readOutbox(2000).map((e) => e.b.eventId)).toEqual(['a']);
    expect(localStorage.getItem('pimms_ob_broken')).toBeNull();
  });
});

describe('storage that throws', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('keeps entries in memory when localStorage cannot be reached', () => {
    vi.stubGlobal('localStorage', undefined);
    Object.defineProperty(window, 'localStorage', {
      configurable: true,
      get() {
        throw new DOMException('The operation is insecure.', 'SecurityError');
      },
    });
    try {
      putEntry(entry('mem', 1000));
      expect(readOutbox(2000).map((e) => e.b.eventId)).toEqual(['mem']);
      expect(store()).not.toBe(undefined);
      dropEntry('mem');
      expect(readOutbox(2000)).toEqual([]);
    } finally {
      delete (window as unknown as Record<string, unknown>).localStorage;
    }
  });

  it('keeps in memory, for this page, an entry that full storage refuses, so that a retry finds it', () => {
    localStorage.setItem('pimms_ob_old', JSON.stringify(entry('old', 500)));
    const refuse = () => {
      throw new DOMException('full', 'QuotaExceededError');
    };
    vi.spyOn(Storage.prototype, 'setItem').mockImplementation(refuse);
    vi.stubGlobal('localStorage', new Proxy(localStorage, { set: refuse }));
    expect(() => putEntry(entry('new', 1000))).not.toThrow();
    // Stored before storage filled up, and refused by it: both are in the outbox.
    expect(readOutbox(2000).map((e) => e.b.eventId)).toEqual(['old', 'new']);
    dropEntry('new');
    dropEntry('old');
    expect(readOutbox(2000)).toEqual([]);
    expect(localStorage.getItem('pimms_ob_old')).toBeNull();
  });
});

describe('visitorId', () => {
  it('is made once and kept, in memory when storage is full', async () => {
    localStorage.clear();
    const id = visitorId();
    expect(id).toMatch(/^anon_[0-9a-z]{20,}$/);
    expect(visitorId()).toBe(id);
    expect(localStorage.getItem('pimms_vid')).toBe(id);
    localStorage.clear();
    const full = new Proxy(localStorage, {
      set() {
        throw new DOMException('full', 'QuotaExceededError');
      },
    });
    vi.stubGlobal('localStorage', full);
    const inMemory = visitorId();
    expect(inMemory).not.toBe(id);
    expect(visitorId()).toBe(inMemory);
  });
});
