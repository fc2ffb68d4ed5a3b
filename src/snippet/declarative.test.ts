// @vitest-environment jsdom
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LeadCall } from './pimms-api.ts';
import { listenForLeads } from './declarative.ts';

const lead = vi.fn<LeadCall>(() => Promise.resolve({ ok: true, status: 'sent' }));

beforeAll(() => listenForLeads(lead));
beforeEach(() => {
  lead.mockClear();
  document.body.innerHTML = '';
});

function page(html: string): void {
  document.body.innerHTML = html;
}

describe('forms with data-pimms-lead', () => {
  it('sends a lead on submit, with the inputs and the data-pimms-* fields', () => {
    page(`<form data-pimms-lead="Sign up" data-pimms-metadata-plan="pro">
      <input type="email" name="email" value="ada@example.com"><input type="password" name="pw" value="hunter2">
      <button type="submit" name="intent" value="trial">Go</button></form>`);
    const submitted = vi.fn((event: Event) => event.preventDefault());
    // The page's own listener runs, and sees what it would without the snippet.
    document.forms[0].addEventListener('submit', (event) =>
      expect(event.defaultPrevented).toBe(false),
    );
    window.addEventListener('submit', submitted);
    document.forms[0].requestSubmit(document.querySelector('button'));
    expect(lead).toHaveBeenCalledTimes(1);
    expect(lead).toHaveBeenCalledWith(
      'Sign up',
      { customerEmail: 'ada@example.com' },
      { metadata: { plan: 'pro' } },
      undefined,
    );
    expect((submitted.mock.calls[0][0] as SubmitEvent).submitter).toBe(
      document.querySelector('button'),
    );
    window.removeEventListener('submit', submitted);
  });

  it('sends nothing when the page cancels the submit', () => {
    page('<form data-pimms-lead="Sign up"><input type="email" value="ada@example.com"></form>');
    document.forms[0].addEventListener('submit', (event) => event.preventDefault());
    document.forms[0].requestSubmit();
    expect(lead).not.toHaveBeenCalled();
  });

  it("sends nothing when the browser's validation blocks the submit", () => {
    page('<form data-pimms-lead="Sign up"><input type="email" required value=""></form>');
    document.forms[0].requestSubmit();
    expect(lead).not.toHaveBeenCalled();
  });

  it('ignores forms without the attribute', () => {
    page('<form><input type="email" value="ada@example.com"></form>');
    document.forms[0].requestSubmit();
    expect(lead).not.toHaveBeenCalled();
  });

  it('counts forms added after load', () => {
    const form = document.createElement('form');
    form.dataset.pimmsLead = 'Late sign up';
    document.body.append(form);
    form.requestSubmit();
    expect(lead).toHaveBeenCalledWith('Late sign up', {}, {}, undefined);
  });
});

// Chromium fires formdata twice when it submits a POST form (the second time a task after a submit
// event), and a site may read `new FormData(form)` in its own submit handler: jsdom fires no
// formdata event, so these tests dispatch them as Chromium does, then the page's beforeunload.
describe('formdata events: one lead per submission', () => {
  const formdata = (form: HTMLFormElement) => form.dispatchEvent(new Event('formdata'));
  const unload = () => window.dispatchEvent(new Event('beforeunload'));
  const tick = () => new Promise((resolve) => setTimeout(resolve));

  it('form.submit(): one lead at unload, though the browser fires formdata twice', () => {
    page(
      '<form data-pimms-lead="Sign up" method="post"><input type="email" value="ada@example.com"></form>',
    );
    formdata(document.forms[0]);
    formdata(document.forms[0]);
    unload();
    expect(lead).toHaveBeenCalledTimes(1);
    expect(lead).toHaveBeenCalledWith('Sign up', { customerEmail: 'ada@example.com' }, {}, true);
  });

  it("a submit, then the formdata events of its submission, a task later: the submit's lead only", async () => {
    page(
      '<form data-pimms-lead="Sign up" method="post"><input type="email" value="ada@example.com"></form>',
    );
    document.forms[0].requestSubmit();
    formdata(document.forms[0]);
    await tick();
    formdata(document.forms[0]);
    unload();
    expect(lead).toHaveBeenCalledTimes(1);
    expect(lead).toHaveBeenCalledWith(
      'Sign up',
      { customerEmail: 'ada@example.com' },
      {},
      undefined,
    );
  });

  it("a site handler that reads new FormData(form) on submit: the submit's lead only", () => {
    page(
      '<form data-pimms-lead="Sign up" method="post"><input type="email" value="ada@example.com"></form>',
    );
    document.forms[0].addEventListener('submit', () => formdata(document.forms[0]));
    document.forms[0].requestSubmit();
    unload();
    expect(lead).toHaveBeenCalledTimes(1);
    expect(lead).toHaveBeenCalledWith(
      'Sign up',
      { customerEmail: 'ada@example.com' },
      {},
      undefined,
    );
  });

  it('a site handler that cancels the submit and calls form.submit(): one lead at unload', () => {
    page(
      '<form data-pimms-lead="Sign up" method="post"><input type="email" value="ada@example.com"></form>',
    );
    document.forms[0].addEventListener('submit', (event) => {
      event.preventDefault();
      formdata(document.forms[0]);
    });
    document.forms[0].requestSubmit();
    expect(lead).not.toHaveBeenCalled();
    unload();
    expect(lead).toHaveBeenCalledTimes(1);
    expect(lead).toHaveBeenCalledWith('Sign up', { customerEmail: 'ada@example.com' }, {}, true);
  });
});

describe('elements with data-pimms-lead', () => {
  it('sends a lead on click, with the data-pimms-* fields', () => {
    page(
      '<button data-pimms-lead="Book a demo" data-pimms-metadata-plan="pro" data-pimms-external-id="u_1"><span>Book</span></button>',
    );
    document.querySelector('span')!.click();
    expect(lead).toHaveBeenCalledWith(
      'Book a demo',
      {},
      { externalId: 'u_1', metadata: { plan: 'pro' } },
      undefined,
    );
  });

  it('still sees a click whose propagation the page stopped', () => {
    page('<a href="#pricing" data-pimms-lead="Pricing"><b>See pricing</b></a>');
    document.querySelector('a')!.addEventListener('click', (event) => event.stopPropagation());
    document.querySelector('b')!.click();
    expect(lead).toHaveBeenCalledTimes(1);
  });

  it('does not count a click inside a data-pimms-lead form as a lead of its own', () => {
    page('<form data-pimms-lead="Sign up"><button type="button">Check</button></form>');
    document.querySelector('button')!.click();
    expect(lead).not.toHaveBeenCalled();
  });
});
