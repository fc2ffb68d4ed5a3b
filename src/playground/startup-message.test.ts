import { describe, expect, it } from 'vitest';
import { startupMessage } from './startup-message.ts';

const url = 'http://127.0.0.1:8787';

describe('startupMessage', () => {
  it('lists the short link, the sign-up page and the leads page, in that order', () => {
    const text = startupMessage({ url, file: '.data/playground.sqlite', missing: [] }).join('\n');
    expect(text.indexOf(`${url}/go/demo`)).toBeLessThan(text.indexOf(`${url}/signup`));
    expect(text.indexOf(`${url}/signup`)).toBeLessThan(text.indexOf(`${url}/leads`));
    expect(text.indexOf(`${url}/leads`)).toBeLessThan(text.indexOf(`${url}/delivery`));
    expect(text).toContain('.data/playground.sqlite');
    expect(text.split('\n')[0]).toMatch(/^\[pimms\] /);
  });

  it('says when leads go to the real PIMMS API', () => {
    const text = startupMessage({
      url,
      pimmsApi: 'https://api.pimms.io',
      file: 'x',
      missing: [],
    }).join('\n');
    expect(text).toContain(
      'PIMMS_API_KEY is set: the relay forwards leads to the PIMMS API at https://api.pimms.io',
    );
    expect(text).toContain(`make a PIMMS short link\n  to ${url}/`);
  });

  it('warns about missing builds and an exposed interface', () => {
    const text = startupMessage({
      url,
      file: 'x',
      exposedOn: '0.0.0.0',
      missing: ['pimms.js'],
    }).join('\n');
    expect(text).toContain('dist/pimms.js is missing: run `npm run build`');
    expect(text).toContain('Listening on 0.0.0.0');
  });
});
