/**
 * Property tests (issue 11), against a real upstream (a loopback stub that records what it got):
 * for arbitrary JSON bodies the relay never answers 5xx for a body alone, and never forwards a
 * body that breaks the rules.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkLead, missingField } from '../shared/field-rules.ts';
import { createLeadRelay, type LeadRelay } from './create-lead-relay.ts';
import {
  startUpstreamStub,
  trackedLead,
  type UpstreamStub,
} from '../../testing/unit/upstream-stub.ts';

/** How many bodies each property tries; the counts the closing note reports. */
export const RUNS = { anyJson: 400, leadShaped: 600, hostileKeys: 300 };

let stub: UpstreamStub;
let relay: LeadRelay;
const answered: number[] = [];
beforeAll(async () => {
  stub = await startUpstreamStub((request) => {
    const sent = JSON.parse(request.body);
    return { status: 200, body: trackedLead(sent.clickId, sent.externalId) };
  });
  relay = createLeadRelay({ apiKey: 'pimms_sk_props_1', serverURL: stub.url, log: () => {} });
});
afterAll(async () => {
  await stub.close();
});

async function send(text: string, again = true): Promise<number> {
  const response = await relay(
    new Request('https://shop.example/api/pimms', {
      method: 'POST',
      headers: { 'content-type': 'text/plain;charset=UTF-8' },
      body: text,
    }),
  );
  // Every answer is the relay's JSON, whatever the body.
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  const body = (await response.json()) as { error?: { code?: string } };
  // A kept-alive loopback connection the stub closed as the relay reused it is the transport's
  // doing, not the body's: that one body is sent once more.
  if (again && body.error?.code == 'upstream_unreachable') return send(text, false);
  answered.push(response.status);
  return response.status;
}

/** What PIMMS received must pass the rules whole: no problem, no missing field. */
function expectEveryForwardedBodyValid() {
  for (const request of stub.requests) {
    const body = JSON.parse(request.body);
    const checked = checkLead(body);
    expect(checked.problems, request.body).toEqual([]);
    expect(missingField(checked.body), request.body).toBeUndefined();
    expect(body).not.toHaveProperty('eventId');
  }
}

const anyValue = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.string({ unit: 'binary' }),
  fc.string(),
  fc.constant(''),
  fc.constant('  '),
  fc.integer(),
  fc.double(),
  fc.constant(null),
);
/**
 * A field's valid form three times in four, anything else the fourth: with every key optional,
 * an even mix made a wholly valid lead so rare (a median of 3 in 600) that one seed in 30 drew
 * none, and the "some forwarded" check below failed on a sound relay.
 */
function mostly<T>(valid: fc.Arbitrary<T>) {
  return fc.oneof({ weight: 3, arbitrary: valid }, { weight: 1, arbitrary: anyValue });
}
const plausible = {
  eventId: mostly(fc.stringMatching(/^[\w-]{1,64}$/)),
  clickId: mostly(fc.stringMatching(/^[A-Za-z0-9]{16}$/)),
  eventName: mostly(fc.constantFrom('Sign up', 'Start trial')),
  externalId: mostly(fc.stringMatching(/^[\w-]{1,100}$/)),
  // fast-check's addresses are RFC 5322's, most of which PIMMS refuses: both kinds, then.
  customerEmail: mostly(
    fc.oneof(
      fc.stringMatching(/^[a-z][a-z0-9.+-]{0,20}@[a-z]{1,10}\.[a-z]{2,6}$/),
      fc.emailAddress(),
    ),
  ),
  customerName: mostly(fc.string({ maxLength: 100 })),
  customerAvatar: mostly(fc.webUrl()),
  metadata: fc.oneof(
    fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 10 })),
    fc.object({ maxDepth: 12 }),
    anyValue,
  ),
  eventQuantity: mostly(fc.integer({ min: 1, max: 1000 })),
  mode: mostly(fc.constantFrom('async', 'wait')),
};
/** One lead that must be forwarded and one that must be refused, tried first on every seed. */
const bothSides: [Record<string, unknown>][] = [
  [{ clickId: 'AbCdEfGh12345678', eventName: 'Sign up', externalId: 'user_1' }],
  [{ clickId: 'AbCdEfGh12345678', eventName: 42, externalId: 'user_1' }],
];

describe('relay properties', () => {
  it(`never answers 5xx to any JSON text (${RUNS.anyJson} runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.jsonValue(), fc.object()), async (value) => {
        const text = JSON.stringify(value) ?? 'null';
        expect(await send(text)).toBeLessThan(500);
      }),
      { numRuns: RUNS.anyJson },
    );
    expectEveryForwardedBodyValid();
  }, 120_000);

  it(`never answers 5xx to a lead-shaped body, and forwards only valid ones (${RUNS.leadShaped} runs)`, async () => {
    const before = stub.requests.length;
    await fc.assert(
      fc.asyncProperty(fc.record(plausible, { requiredKeys: [] }), async (body) => {
        const status = await send(JSON.stringify(body));
        expect(status).toBeLessThan(500);
      }),
      { numRuns: RUNS.leadShaped, examples: bothSides },
    );
    expectEveryForwardedBodyValid();
    // The property saw both sides: some leads forwarded, some refused.
    expect(stub.requests.length).toBeGreaterThan(before);
    expect(answered).toContain(400);
  }, 120_000);

  it(`answers keys named like Object.prototype members with 400, never 5xx (${RUNS.hostileKeys} runs)`, async () => {
    const names = fc.constantFrom(
      '__proto__',
      'constructor',
      'toString',
      'hasOwnProperty',
      'valueOf',
      'isPrototypeOf',
      'propertyIsEnumerable',
      'toLocaleString',
      '__defineGetter__',
    );
    await fc.assert(
      fc.asyncProperty(
        fc.record(plausible, { requiredKeys: ['clickId', 'eventName', 'externalId'] }),
        names,
        fc.jsonValue({ maxDepth: 2 }),
        async (body, name, value) => {
          // Written as text: an object literal would make __proto__ the prototype, not a key.
          const text = JSON.stringify(body).replace(
            /^\{/,
            `{${JSON.stringify(name)}:${JSON.stringify(value)},`,
          );
          const status = await send(text);
          expect(status).toBe(400);
        },
      ),
      { numRuns: RUNS.hostileKeys },
    );
    expectEveryForwardedBodyValid();
  }, 120_000);
});
