// The relay as a site imports it: `pimms-lead/relay`, the built dist/relay.mjs (with its types), and
// its Node adapter `pimms-lead/relay/node` (dist/relay-node.mjs).
import { describe, expect, it } from 'vitest';
import { createLeadRelay } from 'pimms-lead/relay';
import { toNodeHandler } from 'pimms-lead/relay/node';

describe('pimms-lead/relay', () => {
  it('is the built relay, a Web-standard handler', async () => {
    const relay = createLeadRelay({
      apiKey: 'pimms_test_key_for_the_export_check',
      serverURL: 'http://127.0.0.1:9',
      log: () => {},
    });
    expect(typeof toNodeHandler(relay)).toBe('function');
    const answer = await relay(
      new Request('https://shop.example/api/pimms/lead', { method: 'GET' }),
    );
    expect(answer.status).toBe(405);
    expect(answer.headers.get('allow')).toBe('POST, OPTIONS');
    expect(await answer.json()).toMatchObject({ error: { code: 'method_not_allowed' } });
  });
});
