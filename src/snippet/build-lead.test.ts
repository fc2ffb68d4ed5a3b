// @vitest-environment jsdom
import { beforeEach, describe, expect, it } from 'vitest';
import { buildLead } from './build-lead.ts';
import { pageContext } from './page-context.ts';
import { visit } from '../../testing/unit/snippet-dom.ts';

beforeEach(() => {
  visit(
    'https://www.shop.example/signup?utm_source=news&utm_campaign=fall&token=s3cret&email=ada%40example.com#access_token=x',
  );
  document.title = 'Sign up · Shop';
  Object.defineProperty(document, 'referrer', {
    configurable: true,
    value: 'https://news.example/post/1?ref=abc#top',
  });
});

describe('pageContext', () => {
  it('takes the path, title, referrer and UTM parameters, and no other query parameter or fragment', () => {
    expect(pageContext()).toEqual({
      path: '/signup',
      title: 'Sign up · Shop',
      referrer: 'https://news.example/post/1',
      utm_source: 'news',
      utm_campaign: 'fall',
    });
  });

  it('leaves out an empty referrer', () => {
    Object.defineProperty(document, 'referrer', { configurable: true, value: '' });
    expect(pageContext()).not.toHaveProperty('referrer');
  });
});

describe('buildLead', () => {
  it('makes the body from the click id, the event name, a new eventId and the page context', () => {
    const { body, problems } = buildLead('Sign up', 'cl_1', []);
    expect(body).toEqual({
      clickId: 'cl_1',
      eventName: 'Sign up',
      eventId: expect.stringMatching(/^[0-9a-z]{20,}$/),
      metadata: pageContext(),
    });
    expect(problems).toEqual([]);
    expect(buildLead('Sign up', 'cl_1', []).body.eventId).not.toBe(body.eventId);
  });

  it("takes PIMMS' deprecated customerId as the externalId, over a weaker source's externalId", () => {
    const { body, problems } = buildLead('Sign up', 'cl_1', [
      { externalId: 'from_the_tag' },
      { customerId: ' c_1 ' },
    ]);
    expect(body).toMatchObject({ externalId: 'c_1' });
    expect(body).not.toHaveProperty('customerId');
    expect(problems).toEqual([]);
  });

  it('lets the call win over the element, the element over the script tag, the script tag over the page', () => {
    const script = {
      externalId: 's',
      customerName: 'Script',
      customerEmail: 'script@example.com',
      metadata: { a: 'script', b: 'script', title: 'mine' },
    };
    const element = {
      customerName: 'Element',
      customerEmail: 'element@example.com',
      metadata: { b: 'element', c: 'element' },
    };
    const call = { customerEmail: 'call@example.com', clickId: 'cl_call', metadata: { c: 'call' } };
    const { body } = buildLead('Book a demo', 'cl_cookie', [script, element, call]);
    expect(body).toEqual({
      eventId: body.eventId,
      eventName: 'Book a demo',
      clickId: 'cl_call',
      externalId: 's',
      customerName: 'Element',
      customerEmail: 'call@example.com',
      metadata: { ...pageContext(), a: 'script', b: 'element', c: 'call', title: 'mine' },
    });
  });

  it("keeps a weaker source's good value when a stronger one is invalid", () => {
    const { body, problems } = buildLead('Sign up', 'cl_1', [
      { customerEmail: 'ok@example.com' },
      { customerEmail: 'not an address', customerName: 'x'.repeat(150) },
    ]);
    expect(body.customerEmail).toBe('ok@example.com');
    // A too-long name is left out (PIMMS refuses it, field-rules.ts), a too-long event name cut.
    expect(body).not.toHaveProperty('customerName');
    expect(buildLead('x'.repeat(300), 'cl_1', []).body.eventName).toBe('x'.repeat(255));
    // The call's address is left out (the weaker one is sent), not cut: what the debug line says.
    expect(problems).toEqual([
      'customerEmail is not a valid e-mail address: left out',
      'customerName is longer than 100 characters: left out',
    ]);
  });

  it('drops what breaks a rule and keeps the lead', () => {
    const { body, problems } = buildLead('  Sign up  ', ' cl_1 ', [
      { metadata: 'plan=pro' as never, customerAvatar: 42, email: 'a@b.co' } as never,
    ]);
    expect(body).toMatchObject({ eventName: 'Sign up', clickId: 'cl_1', metadata: pageContext() });
    expect(body).not.toHaveProperty('customerAvatar');
    expect(problems).toEqual([
      'metadata must be a JSON object: left out',
      'customerAvatar must be a string: left out',
      'email is not a lead field: left out',
    ]);
  });

  it('has no eventName or clickId when none is given', () => {
    const { body } = buildLead(undefined, undefined, [undefined, 'junk' as never]);
    expect(body).not.toHaveProperty('eventName');
    expect(body).not.toHaveProperty('clickId');
  });
});
