// @vitest-environment jsdom
import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Pimms } from './pimms-api.ts';
import { installPimms } from './install.ts';

type Global = { pimms?: Record<string, unknown> & { q?: unknown[] } };
const global = window as unknown as Global;

/** Runs the paste-in stub the way a page does: its source, as a classic script. */
async function runStub(): Promise<void> {
  vi.resetModules();
  // The stub is a classic script, not a module: import it by a path TypeScript does not resolve.
  const stub = './stub.ts';
  await import(/* @vite-ignore */ stub);
}

function fakeApi(log: string[]): Pimms {
  return {
    lead: (name, fields) => {
      log.push('lead ' + name + ' ' + JSON.stringify(fields));
      return Promise.resolve({ ok: true, status: 'sent', body: { eventName: name } as never });
    },
    consent: (granted) => void log.push('consent ' + granted),
    flush: () => Promise.resolve(log.push('flush')),
    clickId: () => 'cl_1',
    version: 'test',
    loaded: true,
  };
}

beforeEach(() => {
  delete global.pimms;
});

describe('the paste-in stub', () => {
  it('queues calls made before the snippet loads, each with its own promise', async () => {
    await runStub();
    const pimms = global.pimms as unknown as Pimms;
    const first = pimms.lead('Sign up', { customerEmail: 'ada@example.com' });
    pimms.consent(true);
    const second = pimms.lead('Book a demo');
    expect(global.pimms!.q).toHaveLength(3);
    expect(first).toBeInstanceOf(Promise);

    const log: string[] = [];
    const api = installPimms(global as never, () => fakeApi(log));
    expect(global.pimms).toBe(api);
    // Replayed in order, and each caller gets its result.
    expect(log).toEqual([
      'lead Sign up {"customerEmail":"ada@example.com"}',
      'consent true',
      'lead Book a demo undefined',
    ]);
    expect(await first).toMatchObject({ status: 'sent', body: { eventName: 'Sign up' } });
    expect(await second).toMatchObject({ status: 'sent', body: { eventName: 'Book a demo' } });
  });

  it('changes nothing where the snippet is already loaded', async () => {
    const api = fakeApi([]);
    global.pimms = api as unknown as Global['pimms'];
    await runStub();
    expect(global.pimms).toBe(api);
    expect(global.pimms!.lead).toBe(api.lead);
  });

  it('is the one line the README shows', () => {
    const built = readFileSync('dist/stub.js', 'utf8').trim();
    expect(built.split('\n')).toHaveLength(1);
    expect(readFileSync('README.md', 'utf8')).toContain(built);
  });
});

describe('installPimms', () => {
  it('installs without a stub', () => {
    const api = installPimms(global as never, () => fakeApi([]));
    expect(global.pimms).toBe(api);
  });

  it('keeps the first snippet when loaded twice', () => {
    const first = installPimms(global as never, () => fakeApi([]));
    const create = vi.fn(() => fakeApi([]));
    expect(installPimms(global as never, create)).toBe(first);
    expect(create).not.toHaveBeenCalled();
  });

  it('resolves a queued call to a method it does not know with undefined', async () => {
    let result: unknown = 'unset';
    global.pimms = { q: [['track', [], (value: unknown) => (result = value)]] };
    installPimms(global as never, () => fakeApi([]));
    expect(result).toBeUndefined();
  });
});
