// The delivery log: bounded, oldest out first, in the order heard.
import { describe, expect, it } from 'vitest';
import { createDeliveryLog } from './delivery-log.ts';
import { checkRecorded } from './delivery-trace.ts';
import type { SandboxLead } from '../sandbox/index.ts';

const report = (eventId: string) =>
  ({ source: 'page', report: { status: 'sent', eventId } }) as const;

describe('createDeliveryLog', () => {
  it('keeps entries in order, numbered, with a time', () => {
    const log = createDeliveryLog();
    expect(log.entries()).toEqual([]);
    expect(log.version()).toBe(0);
    log.add(report('a'));
    log.add({ ...report('b'), at: '2026-12-01T20:00:00.000Z' });
    expect(log.entries().map(({ seq }) => seq)).toEqual([1, 2]);
    expect(log.entries()[0]!.at).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(log.entries()[1]!.at).toBe('2026-12-01T20:00:00.000Z');
    expect(log.version()).toBe(2);
  });

  it('holds at most `capacity` entries, dropping the oldest', () => {
    const log = createDeliveryLog({ capacity: 3 });
    for (const id of ['a', 'b', 'c', 'd', 'e']) log.add(report(id));
    expect(log.entries().map((entry) => entry.source == 'page' && entry.report.eventId)).toEqual([
      'c',
      'd',
      'e',
    ]);
    expect(log.entries().map(({ seq }) => seq)).toEqual([3, 4, 5]);
    expect(log.version()).toBe(5);
  });
});

describe('checkRecorded', () => {
  const row = (more: Partial<SandboxLead>): SandboxLead => ({
    id: 'ld_1',
    clickId: 'cl_1',
    linkKey: 'demo',
    eventName: 'Sign up',
    externalId: 'u1',
    customerName: null,
    customerEmail: null,
    customerAvatar: null,
    metadata: null,
    createdAt: '2026-12-01T20:00:05.000Z',
    ...more,
  });
  const sent = { clickId: 'cl_1', eventName: 'Sign up', externalId: 'u1' };

  it('finds the row the call stored', () => {
    expect(checkRecorded([row({})], sent, '2026-12-01T20:00:05.000Z')).toEqual({ recorded: true });
  });

  it('tells a repeat: the only row is older than the call, and says since when', () => {
    expect(checkRecorded([row({})], sent, '2026-12-01T20:00:06.000Z')).toEqual({
      recorded: false,
      earlierAt: '2026-12-01T20:00:05.000Z',
    });
    // PIMMS' de-dup key: "sign-up" is the same event as "Sign up", whatever the click.
    expect(
      checkRecorded(
        [row({ eventName: 'sign-up', clickId: 'cl_0' })],
        sent,
        '2026-12-01T20:00:06.000Z',
      ),
    ).toEqual({ recorded: false, earlierAt: '2026-12-01T20:00:05.000Z' });
  });

  it('says not recorded, without a date, when no row explains it', () => {
    expect(checkRecorded([row({ externalId: 'u2' })], sent, '2026-12-01T20:00:00.000Z')).toEqual({
      recorded: false,
    });
  });
});
