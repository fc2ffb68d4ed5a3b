// The delivery view over HTTP on loopback: the real playground (relay, pimms SDK, sandbox), its
// page under the strict CSP, its JSON, the pages' reports and the simulated outage.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LeadTimeline } from './delivery-timeline.ts';
import { startPlayground, type Playground } from './start-playground.ts';

const SANDBOX_KEY = 'pimms_sandbox_key_for_delivery_tests_51b9';
const EMAIL = 'ada.delivery@example.com';

let playground: Playground;

beforeEach(async () => {
  playground = await startPlayground({ port: 0, file: ':memory:', sandboxKey: SANDBOX_KEY });
});

afterEach(async () => {
  await playground.close();
});

async function click(): Promise<string> {
  const response = await fetch(`${playground.url}/go/demo`, { redirect: 'manual' });
  return new URL(response.headers.get('location')!).searchParams.get('pimms_id')!;
}

function postLead(body: object): Promise<Response> {
  return fetch(`${playground.url}/api/pimms/lead`, {
    method: 'POST',
    headers: { 'Content-Type': 'text/plain;charset=UTF-8', Origin: playground.url },
    body: JSON.stringify({ eventName: 'Sign up', externalId: 'anon_delivery', ...body }),
  });
}

async function leads(query = ''): Promise<LeadTimeline[]> {
  const response = await fetch(`${playground.url}/delivery/leads${query}`);
  expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
  return ((await response.json()) as { leads: LeadTimeline[] }).leads;
}

function setOutage(on: boolean, origin = playground.url): Promise<Response> {
  return fetch(`${playground.url}/delivery/outage`, {
    method: 'POST',
    headers: { Origin: origin },
    body: new URLSearchParams({ on: on ? '1' : '0' }),
    redirect: 'manual',
  });
}

describe('the delivery view', () => {
  it('serves /delivery under the strict CSP, with its script and stylesheet as files', async () => {
    const response = await fetch(`${playground.url}/delivery`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toMatch(/^default-src 'self';/);
    const html = await response.text();
    expect(html).toContain('<script src="/delivery.js" defer></script>');
    expect(html).toContain('<link rel="stylesheet" href="/delivery.css">');
    expect(html).not.toMatch(/<script>|<script [^>]*>[^<]|\son[a-z]+=|<style/i);
    expect(html).toContain('No lead yet.');
    const script = await fetch(`${playground.url}/delivery.js`);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await script.text()).toContain("fetch('/delivery/list?since='");
  });

  it('is linked from the sandbox’s /leads, the site’s header and the sign-up page', async () => {
    const leadsPage = await (await fetch(`${playground.url}/leads`)).text();
    expect(leadsPage).toMatch(/<body>\n<p><a href="\/delivery">/);
    expect(leadsPage).toContain('<h1>PIMMS sandbox</h1>');
    const signup = await (await fetch(`${playground.url}/signup`)).text();
    expect(signup).toContain('<a href="/delivery">Delivery</a>');
    expect(signup).toContain('<a href="/delivery">delivery view</a>');
  });

  it('tells a recorded lead from a repeat of the same visitor and event', async () => {
    const clickId = await click();
    expect((await postLead({ eventId: 'ev_first', clickId, customerEmail: EMAIL })).status).toBe(
      200,
    );
    // Another lead (new eventId) of the same visitor and event: PIMMS records nothing for it.
    await postLead({ eventId: 'ev_again', clickId, customerEmail: EMAIL });
    expect(playground.sandbox.leads()).toHaveLength(1);

    const [again, first] = await leads(`?clickId=${clickId}`);
    expect(first).toMatchObject({ eventId: 'ev_first', state: 'recorded', label: 'Recorded' });
    expect(again).toMatchObject({
      eventId: 'ev_again',
      state: 'repeat',
      label: 'Not recorded: a repeat',
      externalId: 'anon_delivery',
    });
    expect(again!.why).toMatch(/^A repeat of the same visitor and event: the sandbox already has/);
    expect(await leads('?eventId=ev_first')).toMatchObject([{ eventId: 'ev_first' }]);

    const page = await (await fetch(`${playground.url}/delivery`)).text();
    expect(page).toContain('<span class="state">Not recorded: a repeat</span>');
    expect(page).toContain('data-event-id="ev_first"');
    // Neither the key nor a customer's e-mail reaches the view.
    const everything = JSON.stringify(await leads()) + page;
    expect(everything).not.toContain(SANDBOX_KEY);
    expect(everything).not.toContain(EMAIL);
  });

  it('simulates an outage: the lead waits for a retry, then is recorded once it ends', async () => {
    const clickId = await click();
    const down = await setOutage(true);
    expect(down.status).toBe(303);
    expect(down.headers.get('location')).toBe('/delivery');
    expect(playground.outage.on).toBe(true);
    expect(await (await fetch(`${playground.url}/delivery`)).text()).toContain(
      '<strong>PIMMS is down</strong>',
    );

    const failed = await postLead({ eventId: 'ev_outage', clickId });
    expect(failed.status).toBe(502);
    // The relay's own floor for a 5xx (at least 10 s) or the outage's 2 s, whichever it applies.
    expect(Number(failed.headers.get('retry-after'))).toBeGreaterThanOrEqual(2);
    expect(await leads('?eventId=ev_outage')).toMatchObject([
      { state: 'retrying', label: 'PIMMS down: retrying' },
    ]);

    await setOutage(false);
    expect((await postLead({ eventId: 'ev_outage', clickId })).status).toBe(200);
    const [lead] = await leads('?eventId=ev_outage');
    expect(lead).toMatchObject({ state: 'recorded', retries: 1, attempts: 2 });
    expect(lead!.why).toBe('Recorded by the sandbox after 1 retry.');
    expect(lead!.steps.map(({ text }) => text)).toContain(
      'Down: the playground’s simulated outage answered 503.',
    );
    expect(playground.sandbox.leads()).toHaveLength(1);
  });

  it('shows a lead the relay refused, naming the field', async () => {
    const response = await postLead({
      eventId: 'ev_refused',
      clickId: await click(),
      eventName: 'x'.repeat(300),
    });
    expect(response.status).toBe(400);
    const [lead] = await leads('?eventId=ev_refused');
    expect(lead).toMatchObject({ state: 'refused', label: 'Not recorded: refused', attempts: 1 });
    expect(lead!.why).toMatch(/^The relay refused it \(400 bad_request\): .*eventName/);
    expect(playground.sandbox.leads()).toEqual([]);
  });

  it('takes the switch and reports from its own pages only', async () => {
    expect((await setOutage(true, 'http://evil.test')).status).toBe(403);
    expect(playground.outage.on).toBe(false);
    const report = await fetch(`${playground.url}/delivery/report`, {
      method: 'POST',
      headers: { Origin: 'http://evil.test', 'Content-Type': 'application/json' },
      body: JSON.stringify({ status: 'skipped' }),
    });
    expect(report.status).toBe(403);
    expect(await leads()).toEqual([]);
  });

  it('shows what the page reported of a lead the snippet skipped for want of a click id', async () => {
    const report = (body: unknown) =>
      fetch(`${playground.url}/delivery/report`, {
        method: 'POST',
        headers: { Origin: playground.url, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect(
      (
        await report({
          status: 'skipped',
          reason: 'no click id',
          eventId: 'ev_skip',
          eventName: 'Sign up',
          page: '/signup',
        })
      ).status,
    ).toBe(204);
    expect(await leads()).toMatchObject([
      { eventId: 'ev_skip', state: 'skipped', label: 'Not sent', attempts: 0 },
    ]);
    expect((await leads())[0]!.why).toMatch(/^No click id: .*the relay never saw it/);

    for (const bad of [{ status: 'delivered' }, { status: 'sent', reason: 42 }, 'sent']) {
      const answer = await report(bad);
      expect(answer.status).toBe(400);
      expect(((await answer.json()) as { error: string }).error).toBeTruthy();
    }
    expect(await leads()).toHaveLength(1);
  });

  it('has the welcome page follow the lead of the visitor’s click, or say why there is none', async () => {
    const signUp = (cookie?: string) =>
      fetch(`${playground.url}/welcome`, {
        method: 'POST',
        headers: cookie ? { Cookie: cookie } : {},
        body: new URLSearchParams({ name: 'Ada' }),
      }).then((response) => response.text());
    const followed = await signUp('pimms_id=Zq3x0Vb-9kLw_T2a');
    expect(followed).toContain('<script src="/welcome.js" defer></script>');
    expect(followed).toMatch(/<p id="lead-verdict" [^>]*data-click-id="Zq3x0Vb-9kLw_T2a"/);
    const none = await signUp();
    expect(none).not.toContain('/welcome.js');
    expect(none).toContain('Not sent: you have no <code>pimms_id</code>');
    const script = await (await fetch(`${playground.url}/welcome.js`)).text();
    expect(script).toContain("fetch('/delivery/leads?'");
  });

  it('answers the list 204 while nothing changed, and the new list once something did', async () => {
    const first = await fetch(`${playground.url}/delivery/list?since=`);
    expect(first.status).toBe(200);
    const version = first.headers.get('x-delivery-version')!;
    expect((await fetch(`${playground.url}/delivery/list?since=${version}`)).status).toBe(204);
    await postLead({ eventId: 'ev_list', clickId: await click() });
    const changed = await fetch(`${playground.url}/delivery/list?since=${version}`);
    expect(changed.status).toBe(200);
    expect(await changed.text()).toContain('data-event-id="ev_list"');
  });
});
