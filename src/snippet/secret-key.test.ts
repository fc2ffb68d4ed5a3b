import { describe, expect, it } from 'vitest';
import { findSecretKey } from './secret-key.ts';

describe('findSecretKey', () => {
  it.each([
    [{ token: 'pimms_3kZ8q7Lm2Nx9Pw4Rt6Yv' }, 'token'],
    [{ apiKey: 'Bearer pimms_3kZ8q7Lm2Nx9Pw4Rt6Yv' }, 'apiKey'],
    [{ key: 'dub_3kZ8q7Lm2Nx9Pw4Rt6Yv' }, 'key'],
    [{ fields: { metadata: { leaked: 'pimms_3kZ8q7Lm2Nx9Pw4Rt6Yv' } } }, 'fields'],
    [{ endpoint: '/api/pimms/lead', externalId: 'u_42' }, undefined],
    [{ publishable: 'pimms_pk_3kZ8q7Lm2Nx9Pw4Rt6Yv' }, undefined],
    [{ cookie: 'pimms_id' }, undefined],
    [{ short: 'pimms_3kZ8q7' }, undefined],
    [{ none: undefined, flag: true, count: 3 }, undefined],
  ])('%j', (values, name) => {
    expect(findSecretKey(values)).toBe(name);
  });
});
