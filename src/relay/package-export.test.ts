// The relay as a site imports it: `pimms-lead/relay`, the built dist/relay.mjs (with its types), and
// its Node adapter `pimms-lead/relay/node` (dist/relay-node.mjs).
import { describe, expect, it, vi } from 'vitest';
import { createLeadRelay } from 'pimms-lead/relay';
import { serve, toNodeHandler } from 'pimms-lead/relay/node';

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

  it("is one copy of the relay with pimms-lead/relay/node: serve() gives relay's relay its event lines", async () => {
    // Each entry once bundled its own copy of the event reporter, so serve() set the default
    // listener in a registry the relay never read: no event line at all.
    const relay = createLeadRelay({
      apiKey: 'pimms_test_key_for_the_export_check',
      serverURL: 'http://127.0.0.1:9',
      log: () => {},
    });
    const lines: string[] = [];
    const write = vi
      .spyOn(process.stdout, 'write')
      .mockImplementation((chunk) => lines.push(String(chunk)) > 0);
    const served = await serve(relay);
    try {
      expect((await fetch(served.url)).status).toBe(405);
    } finally {
      await served.close();
      write.mockRestore();
    }
    expect(lines.map((line) => JSON.parse(line).type)).toEqual(['received', 'refused']);
  });
});
