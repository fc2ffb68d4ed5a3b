import { describe, expect, it } from 'vitest';
import { readJsonBody } from './read-body.ts';

const request = (
  body: BodyInit,
  headers: Record<string, string> = { 'content-type': 'text/plain' },
) => new Request('https://shop.example/api', { method: 'POST', headers, body });

describe('readJsonBody', () => {
  it('reads a JSON object, UTF-8 with or without a BOM', async () => {
    expect(await readJsonBody(request('{"eventName":"Inscription réussie ✓"}'), 100)).toEqual({
      ok: true,
      value: { eventName: 'Inscription réussie ✓' },
    });
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('{"a":1}')]);
    expect(await readJsonBody(request(bom), 100)).toEqual({ ok: true, value: { a: 1 } });
  });

  it('accepts exactly maxBytes bytes and refuses one more', async () => {
    const body = JSON.stringify({ a: 'é'.repeat(10) }); // é is two bytes
    const bytes = new TextEncoder().encode(body).byteLength;
    expect((await readJsonBody(request(body), bytes)).ok).toBe(true);
    const over = await readJsonBody(request(body), bytes - 1);
    expect(over).toMatchObject({ ok: false, outcome: { status: 413 } });
  });

  it('refuses invalid UTF-8', async () => {
    const read = await readJsonBody(request(new Uint8Array([0x7b, 0x22, 0xff, 0x22, 0x7d])), 100);
    expect(read).toMatchObject({ ok: false, outcome: { status: 400 } });
  });

  it('answers 400 when the stream fails', async () => {
    const broken = new ReadableStream({
      pull(controller) {
        controller.error(new Error('connection reset'));
      },
    });
    const read = await readJsonBody(
      new Request('https://shop.example/api', {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: broken,
        duplex: 'half',
      } as RequestInit),
      100,
    );
    expect(read).toMatchObject({
      ok: false,
      outcome: { status: 400, body: { error: { message: 'the body could not be read' } } },
    });
  });
});
