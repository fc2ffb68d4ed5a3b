import { describe, expect, it } from 'vitest';
import { createRouter, only } from './router.ts';

const answer = (text: string) => async () => new Response(text);
const get = async (
  handler: (request: Request) => Promise<Response>,
  path: string,
  method = 'GET',
) => (await handler(new Request('http://site.test' + path, { method }))).text();

describe('createRouter', () => {
  const router = createRouter(
    [
      { path: '/', handler: answer('home') },
      { path: '/go/*', handler: answer('sandbox') },
      { path: '/go/special', handler: answer('never: the prefix comes first') },
    ],
    answer('fallback'),
  );

  it.each([
    ['/', 'home'],
    ['/go/demo', 'sandbox'],
    ['/go/special', 'sandbox'],
    ['/go', 'fallback'],
    ['/goat', 'fallback'],
    ['/?x=1', 'home'],
    ['/signup', 'fallback'],
  ])('%s → %s', async (path, expected) => {
    expect(await get(router, path)).toBe(expected);
  });
});

describe('only', () => {
  const handler = only(['GET', 'POST'], answer('ok'));

  it('passes the listed methods, and HEAD with GET', async () => {
    for (const method of ['GET', 'POST', 'HEAD']) {
      expect((await handler(new Request('http://site.test/', { method }))).status).toBe(200);
    }
  });

  it('answers 405 with Allow to the others', async () => {
    const response = await handler(new Request('http://site.test/', { method: 'PUT' }));
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, POST, HEAD');
  });
});
