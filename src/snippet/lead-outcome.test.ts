import { describe, expect, it } from 'vitest';
import { leadOutcome } from './lead-outcome.ts';

const complete = { eventName: 'Sign up', clickId: 'cl_1' };

describe('leadOutcome', () => {
  it('sends a complete lead when consent is given', () => {
    expect(leadOutcome('', 1, complete)).toEqual([]);
  });

  it('queues a complete lead while consent is pending', () => {
    expect(leadOutcome('', 0, complete)).toEqual(['queued', 'consent pending']);
  });

  it('skips every lead once consent is refused, whatever the lead', () => {
    expect(leadOutcome('', -1, complete)).toEqual(['skipped', 'consent refused']);
    expect(leadOutcome('', -1, {})).toEqual(['skipped', 'consent refused']);
  });

  it('skips with the stop reason before anything else', () => {
    expect(leadOutcome('Global Privacy Control', 1, complete)).toEqual([
      'skipped',
      'Global Privacy Control',
    ]);
    expect(leadOutcome('secret key', -1, {})).toEqual(['skipped', 'secret key']);
  });

  it('rejects a lead without eventName before asking for its click id', () => {
    expect(leadOutcome('', 1, { clickId: 'cl_1' })).toEqual(['rejected', 'no eventName']);
    expect(leadOutcome('', 0, {})).toEqual(['rejected', 'no eventName']);
  });

  it('skips a lead without click id, consent given or pending', () => {
    expect(leadOutcome('', 1, { eventName: 'Sign up' })).toEqual(['skipped', 'no click id']);
    expect(leadOutcome('', 0, { eventName: 'Sign up' })).toEqual(['skipped', 'no click id']);
  });
});
