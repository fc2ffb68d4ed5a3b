// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { formFields } from './form-fields.ts';

function form(html: string): HTMLFormElement {
  document.body.innerHTML = '<form>' + html + '</form>';
  return document.forms[0];
}

describe('formFields', () => {
  it('reads the e-mail and name inputs, and nothing else', () => {
    expect(
      formFields(
        form(`
          <input type="email" name="work" value="ada@example.com">
          <input name="name" value="Ada Lovelace">
          <input name="company" value="Analytical Engines">
          <textarea name="message">hello</textarea>
          <input type="hidden" name="csrf" value="t0k3n">`),
      ),
    ).toEqual({ customerEmail: 'ada@example.com', customerName: 'Ada Lovelace' });
  });

  it.each([
    [
      '<input autocomplete="email" name="login" value="a@example.com">',
      { customerEmail: 'a@example.com' },
    ],
    [
      '<input autocomplete="shipping email" name="x" value="a@example.com">',
      { customerEmail: 'a@example.com' },
    ],
    ['<input name="e-mail" value="a@example.com">', { customerEmail: 'a@example.com' }],
    ['<input autocomplete="name" name="who" value="Ada">', { customerName: 'Ada' }],
    ['<input name="fullName" value="Ada">', { customerName: 'Ada' }],
    ['<input name="full_name" value="Ada">', { customerName: 'Ada' }],
    ['<input autocomplete="given-name" name="first" value="Ada">', {}],
    ['<input type="email" name="email" value="">', {}],
  ])('%s', (html, fields) => {
    expect(formFields(form(html))).toEqual(fields);
  });

  it('reads marked inputs into the named field, hidden ones too', () => {
    expect(
      formFields(
        form(`
          <input name="uid" data-pimms-field="externalId" value="u_42">
          <input type="hidden" name="plan" data-pimms-field="metadata.plan" value="pro">
          <select name="size" data-pimms-field="metadata.teamSize"><option value="10" selected>10</option></select>
          <input type="url" name="pic" data-pimms-field="customerAvatar" value="https://cdn.example.com/a.png">`),
      ),
    ).toEqual({
      externalId: 'u_42',
      customerAvatar: 'https://cdn.example.com/a.png',
      metadata: { plan: 'pro', teamSize: '10' },
    });
  });

  it('takes the first e-mail input when there are several', () => {
    expect(
      formFields(
        form(
          '<input type="email" value="first@example.com"><input type="email" value="second@example.com">',
        ),
      ),
    ).toEqual({
      customerEmail: 'first@example.com',
    });
  });

  it.each([
    '<input type="password" name="password" value="hunter2" data-pimms-field="externalId">',
    '<input name="new-pass" value="hunter2" data-pimms-field="metadata.p">',
    '<input autocomplete="cc-number" name="n" value="4242424242424242" data-pimms-field="metadata.card">',
    '<input type="hidden" name="card_token" value="tok_123" data-pimms-field="metadata.card">',
    '<input name="cvc" value="123" data-pimms-field="metadata.cvc">',
    '<input name="iban" value="FR76..." data-pimms-field="metadata.iban">',
    '<input autocomplete="one-time-code" name="otp" value="123456" data-pimms-field="metadata.otp">',
    '<input id="api-secret" name="s" value="abc" data-pimms-field="metadata.s">',
  ])('never reads a sensitive input, even marked: %s', (html) => {
    expect(formFields(form(html))).toEqual({});
  });

  it('reads a checkbox or radio only when checked', () => {
    expect(
      formFields(
        form(`
          <input type="checkbox" name="news" value="yes" data-pimms-field="metadata.newsletter">
          <input type="radio" name="plan" value="free" data-pimms-field="metadata.plan">
          <input type="radio" name="plan" value="pro" data-pimms-field="metadata.plan" checked>`),
      ),
    ).toEqual({ metadata: { plan: 'pro' } });
  });
});
