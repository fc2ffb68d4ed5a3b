import { describe, expect, it } from 'vitest';
import { enrichFromDemoSession, newDemoUser, readCookie } from './demo-session.ts';

describe('readCookie', () => {
  it.each([
    ['a=1; pimms_id=cl_x', 'pimms_id', 'cl_x'],
    ['pimms_id=cl%20x', 'pimms_id', 'cl x'],
    ['pimms_id=%E0', 'pimms_id', '%E0'],
    ['xpimms_id=1', 'pimms_id', undefined],
    ['', 'pimms_id', undefined],
  ])('%j, %s → %j', (header, name, expected) => {
    expect(readCookie(header, name)).toBe(expected);
  });

  it('reads no header as no cookie', () => {
    expect(readCookie(null, 'pimms_id')).toBeUndefined();
  });
});

describe('enrichFromDemoSession', () => {
  const body = { clickId: 'cl_1', eventName: 'Sign up', externalId: 'anon_1' };
  const request = (cookie?: string) =>
    new Request('http://site.test/api/pimms/lead', { headers: cookie ? { cookie } : {} });

  it('puts the signed-in user in externalId', () => {
    const { id, setCookie } = newDemoUser();
    expect(enrichFromDemoSession(request(setCookie.split(';')[0]), body)).toEqual({
      ...body,
      externalId: id,
    });
  });

  it.each([
    undefined,
    'playground_user=',
    'playground_user=admin',
    'playground_user=user_<script>',
  ])('keeps the body as it came with cookie %j', (cookie) => {
    expect(enrichFromDemoSession(request(cookie), body)).toBe(body);
  });
});
