/**
 * Issue 9: the pause after a 429 and the pace after it, on a clock of our own. A lead held during
 * the pause gets a slot (one every 60 / limit s from PIMMS' reset) that its eventId keeps.
 */
import { describe, expect, it } from 'vitest';
import { createRateLimitPause, rateLimitFigures } from './rate-limit-pause.ts';

const T0 = 1_764_612_300_000;

function clock() {
  let time = T0;
  return { now: () => time, at: (ms: number) => void (time = T0 + ms) };
}

describe('createRateLimitPause', () => {
  it('admits every lead of a key that was never refused', () => {
    const pause = createRateLimitPause();
    expect(pause.admit('k', 'ev_1')).toBe(0);
    expect(pause.admit('k')).toBe(0);
  });

  it('without PIMMS limit: every held lead is told the reset, with jitter, until it passes', () => {
    const { now, at } = clock();
    const pause = createRateLimitPause(now, () => 0.99);
    pause.pause('k', 10);
    // 10 s plus up to max(1, 10 / 10) s of jitter.
    expect(pause.admit('k', 'ev_1')).toBe(11);
    expect(pause.admit('k', 'ev_2')).toBe(11);
    expect(pause.admit('other', 'ev_3')).toBe(0);
    at(9_500);
    expect(pause.admit('k', 'ev_1')).toBe(2);
    at(10_000);
    expect([pause.admit('k', 'ev_1'), pause.admit('k', 'ev_2'), pause.admit('k')]).toEqual([
      0, 0, 0,
    ]);
  });

  it('with the limit: held leads get one slot each, 60 / limit s apart from the reset', () => {
    const { now, at } = clock();
    const pause = createRateLimitPause(now);
    pause.pause('k', 10, 30); // a slot every 2 s
    expect(['ev_1', 'ev_2', 'ev_3'].map((id) => pause.admit('k', id))).toEqual([10, 12, 14]);
    // A retry before its slot is told the time left to the same slot, not a new one.
    at(5_000);
    expect(pause.admit('k', 'ev_2')).toBe(7);
    at(10_000);
    // ev_1's slot: it may go; ev_2 is still early; a new lead queues behind ev_3.
    expect(pause.admit('k', 'ev_1')).toBe(0);
    expect(pause.admit('k', 'ev_2')).toBe(2);
    expect(pause.admit('k', 'ev_4')).toBe(6);
    at(12_300);
    expect(pause.admit('k', 'ev_2')).toBe(0);
    // A slot is used once: the same eventId again is a new lead.
    expect(pause.admit('k', 'ev_2')).toBe(6);
  });

  it('paces new leads after the held ones went: one per slot, the rest told the next', () => {
    const { now, at } = clock();
    const pause = createRateLimitPause(now);
    pause.pause('k', 1, 60);
    at(1_000);
    expect(pause.admit('k', 'ev_1')).toBe(0);
    expect(pause.admit('k', 'ev_2')).toBe(1);
    expect(pause.admit('k', 'ev_3')).toBe(2);
    at(3_000);
    expect(pause.admit('k', 'ev_3')).toBe(0);
    expect(pause.admit('k', 'ev_2')).toBe(0);
    // A minute without calls later, the key is no longer paced.
    at(70_000);
    expect([pause.admit('k', 'a'), pause.admit('k', 'b'), pause.admit('k', 'c')]).toEqual([
      0, 0, 0,
    ]);
  });

  it('a lead without an eventId is told the next free slot and keeps none', () => {
    const { now, at } = clock();
    const pause = createRateLimitPause(now);
    pause.pause('k', 5, 60);
    expect(pause.admit('k')).toBe(5);
    expect(pause.admit('k')).toBe(5);
    expect(pause.admit('k', 'ev_1')).toBe(5);
    at(5_000);
    expect(pause.admit('k')).toBe(1);
    expect(pause.admit('k', 'ev_1')).toBe(0);
  });

  it('refused again while pacing: the held leads keep their order from the new reset', () => {
    const { now, at } = clock();
    const pause = createRateLimitPause(now);
    pause.pause('k', 2, 60);
    expect(['ev_1', 'ev_2', 'ev_3'].map((id) => pause.admit('k', id))).toEqual([2, 3, 4]);
    at(2_000);
    expect(pause.admit('k', 'ev_1')).toBe(0);
    // PIMMS refused ev_1 after all, with a reset 10 s from now.
    pause.pause('k', 10, 60);
    expect(pause.admit('k', 'ev_2')).toBe(10);
    expect(pause.admit('k', 'ev_3')).toBe(11);
    expect(pause.admit('k', 'ev_1')).toBe(12);
  });

  it('gives up a slot not used for a minute after its time', () => {
    const { now, at } = clock();
    const pause = createRateLimitPause(now);
    pause.pause('k', 1, 60);
    expect(pause.admit('k', 'ev_gone')).toBe(1);
    expect(pause.admit('k', 'ev_late')).toBe(2);
    at(61_500);
    // ev_late's slot (2 s) is kept; ev_gone's (1 s) is past by more than a minute: a new lead now,
    // which still waits its turn behind ev_late.
    expect(pause.admit('k', 'ev_late')).toBe(0);
    expect(pause.admit('k', 'ev_gone')).toBe(1);
  });

  it('keeps at most 10,000 slots per key: past that, a lead is told the next slot', () => {
    const { now } = clock();
    const pause = createRateLimitPause(now);
    pause.pause('k', 1, 600);
    for (let i = 0; i < 10_000; i++) pause.admit('k', `ev_${i}`);
    // 10,000 slots of 0.1 s from 1 s: the next free one is at 1,001 s.
    expect(pause.admit('k', 'ev_more')).toBe(1_001);
    expect(pause.admit('k', 'ev_more_2')).toBe(1_001);
  });
});

describe('createRateLimitPause: before a 429, from X-RateLimit-Remaining', () => {
  it('pauses the key once the calls in flight use up what PIMMS said was left', () => {
    const { now, at } = clock();
    const pause = createRateLimitPause(now);
    expect(pause.admit('k', 'ev_1')).toBe(0);
    // Three more go out before ev_1's answer comes back.
    expect(['ev_2', 'ev_3', 'ev_4'].map((id) => pause.admit('k', id))).toEqual([0, 0, 0]);
    // ev_1's answer: 4 left in the window, 30 s to the reset, 60 a minute. Three are in flight.
    pause.settle('k', { remaining: 4, seconds: 30, perMinute: 60 });
    expect(pause.admit('k', 'ev_5')).toBe(0);
    // The window is used up: held without a call, one slot a second from the reset.
    expect(['ev_6', 'ev_7'].map((id) => pause.admit('k', id))).toEqual([30, 31]);
    expect(pause.admit('other', 'ev_8')).toBe(0);
    at(30_000);
    expect(pause.admit('k', 'ev_6')).toBe(0);
    expect(pause.admit('k', 'ev_7')).toBe(1);
  });

  it('forgets what was left once the window reset', () => {
    const { now, at } = clock();
    const pause = createRateLimitPause(now);
    pause.admit('k', 'ev_1');
    pause.settle('k', { remaining: 0, seconds: 5 });
    expect(pause.admit('k', 'ev_2')).toBeGreaterThanOrEqual(5);
    at(5_000);
    expect(pause.admit('k', 'ev_3')).toBe(0);
    expect(pause.admit('k', 'ev_4')).toBe(0);
  });

  it('an answer without the figures (an error, a timeout) only ends the call', () => {
    const { now } = clock();
    const pause = createRateLimitPause(now);
    pause.admit('k', 'ev_1');
    pause.admit('k', 'ev_2');
    pause.settle('k');
    pause.settle('k', { remaining: 1, seconds: 30 });
    expect(pause.admit('k', 'ev_3')).toBe(0);
    expect(pause.admit('k', 'ev_4')).toBeGreaterThan(0);
  });
});

describe('rateLimitFigures', () => {
  it("reads PIMMS' headers: calls left, seconds to the reset (Unix ms), the limit", () => {
    const headers = new Headers({
      'X-RateLimit-Remaining': '7',
      'X-RateLimit-Limit': '600',
      'Retry-After': String(T0 + 42_000),
    });
    expect(rateLimitFigures(headers, T0)).toEqual({ remaining: 7, seconds: 42, perMinute: 600 });
  });

  it.each([
    ['no X-RateLimit-Remaining', { 'Retry-After': String(T0 + 1000) }],
    ['an unreadable X-RateLimit-Remaining', { 'X-RateLimit-Remaining': '-1', 'Retry-After': '5' }],
    ['no Retry-After', { 'X-RateLimit-Remaining': '3' }],
  ])('says nothing for %s', (_, headers) => {
    expect(rateLimitFigures(new Headers(headers), T0)).toBeUndefined();
  });

  it('keeps a reset past two minutes to two minutes, and leaves out a limit of 0', () => {
    const headers = new Headers({
      'X-RateLimit-Remaining': '0',
      'X-RateLimit-Limit': '0',
      'Retry-After': '86400',
    });
    expect(rateLimitFigures(headers, T0)).toEqual({ remaining: 0, seconds: 120 });
  });
});
