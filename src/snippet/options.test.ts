// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { fieldsFromData, readScriptOptions } from './options.ts';

function element(html: string): HTMLElement {
  const template = document.createElement('template');
  template.innerHTML = html;
  return template.content.firstElementChild as HTMLElement;
}

describe('fieldsFromData', () => {
  it('reads lead fields and metadata from data-pimms-* on an element', () => {
    const button = element(
      '<button data-pimms-lead="Book a demo" data-pimms-external-id="u_1" data-pimms-customer-email="ada@example.com" data-pimms-metadata-plan="pro" data-pimms-metadata-plan-name="Pro" data-other="x"></button>',
    );
    expect(fieldsFromData(button.dataset, 'pimms')).toEqual({
      externalId: 'u_1',
      customerEmail: 'ada@example.com',
      metadata: { plan: 'pro', planName: 'Pro' },
    });
  });

  it('reads un-prefixed attributes on the script tag and ignores the options', () => {
    const script = element(
      '<script data-endpoint="/relay" data-customer-name="Ada" data-metadata-source="newsletter"></script>',
    );
    expect(fieldsFromData(script.dataset, '')).toEqual({
      customerName: 'Ada',
      metadata: { source: 'newsletter' },
    });
  });

  it('finds nothing on an element without fields', () => {
    expect(fieldsFromData(element('<a data-pimms-lead="Click"></a>').dataset, 'pimms')).toEqual({});
  });
});

describe('readScriptOptions', () => {
  it('takes every option from a data- attribute', () => {
    const script = element(
      '<script data-endpoint="https://relay.example/lead" data-attribution-model="first-click" data-cookie-domain="example.com" data-cookie-days="30" data-debug data-consent="required" data-gpc data-external-id="u_42"></script>',
    ) as HTMLScriptElement;
    expect(readScriptOptions(script)).toMatchObject({
      endpoint: 'https://relay.example/lead',
      attributionModel: 'first-click',
      cookieDomain: 'example.com',
      cookieDays: '30',
      debug: '',
      consent: 'required',
      gpc: '',
      fields: { externalId: 'u_42' },
    });
  });

  it('has only defaults without a script tag', () => {
    expect(readScriptOptions(null)).toEqual({ fields: {} });
  });
});
