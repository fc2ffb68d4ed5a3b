/**
 * The delivery view's HTML: the page at `/delivery`, and the list of leads inside it, which
 * /delivery.js fetches again whenever the log changes.
 */
import { escapeHtml } from '../shared/escape-html.ts';
import {
  clock,
  type LeadTimeline,
  type StepActor,
  type TimelineStep,
} from './delivery-timeline.ts';
import { playgroundHtml } from './site-page.ts';

/** What the list shows besides the leads. */
export interface DeliveryListFacts {
  /** The leads, newest first. */
  leads: LeadTimeline[];
  /** Whether the simulated outage is on. */
  outage: boolean;
  /** False when the relay forwards to the real PIMMS API: then no outage can be simulated. */
  sandbox: boolean;
  /** The log's version, for the script's next poll. */
  version: string;
}

const ACTORS: Record<StepActor, string> = {
  page: 'Page',
  snippet: 'Snippet',
  relay: 'Relay',
  pimms: 'Sandbox',
};

/**
 * The list of leads with the outage switch above it: the part of the page that changes.
 *
 * @param facts - See {@link DeliveryListFacts}.
 * @returns An HTML fragment; every value from the log is escaped.
 * @example
 * deliveryList({ leads: buildTimelines(log.entries()), outage: false, sandbox: true, version: '3' })
 */
export function deliveryList(facts: DeliveryListFacts): string {
  const switchForm = facts.sandbox
    ? `<form class="outage${facts.outage ? ' is-down' : ''}" method="post" action="/delivery/outage">
<p>${
        facts.outage
          ? '<strong>PIMMS is down</strong> (simulated): the sandbox answers every lead 503, so the relay tells the snippet to retry.'
          : 'PIMMS (the local sandbox) is <strong>up</strong>. Simulate an outage to watch a lead wait and be retried.'
      }</p>
<button name="on" value="${facts.outage ? '0' : '1'}">${facts.outage ? 'End the outage' : 'Simulate an outage'}</button>
</form>`
    : '';
  const leads = facts.leads.length
    ? facts.leads.map(leadCard).join('\n')
    : `<p class="empty">No lead yet. Follow the <a href="/go/demo">demo short link</a>, then
<a href="/signup">sign up</a>: each lead appears here as it goes.</p>`;
  return `${switchForm}\n${leads}`;
}

function leadCard(lead: LeadTimeline): string {
  const chips = [
    lead.retries ? `retried ×${lead.retries}` : '',
    ...new Set(lead.via.filter((via) => via != 'unknown')),
  ]
    .filter(Boolean)
    .map((chip) => `<span class="chip">${escapeHtml(chip)}</span>`)
    .join('');
  const ids = [
    lead.clickId ? `click <code>${escapeHtml(lead.clickId)}</code>` : 'no click id',
    lead.externalId ? `externalId <code>${escapeHtml(lead.externalId)}</code>` : '',
    lead.eventId ? `eventId <code>${escapeHtml(lead.eventId)}</code>` : '',
  ]
    .filter(Boolean)
    .join(' · ');
  const steps = shownSteps(lead.steps)
    .map((step) =>
      typeof step == 'string'
        ? `<li class="more">${escapeHtml(step)}</li>`
        : `<li class="tone-${step.tone}"><time datetime="${escapeHtml(step.at)}">${escapeHtml(clock(step.at))}</time><span class="actor">${ACTORS[step.actor]}</span><span class="text">${escapeHtml(step.text)}</span></li>`,
    )
    .join('');
  return `<article class="lead state-${lead.state}" data-key="${escapeHtml(lead.key)}"${lead.eventId ? ` data-event-id="${escapeHtml(lead.eventId)}"` : ''}>
<header><span class="state">${escapeHtml(lead.label)}</span><h2>${escapeHtml(lead.eventName ?? 'Unnamed lead')}</h2>${chips}<time datetime="${escapeHtml(lead.lastAt)}">${escapeHtml(clock(lead.lastAt))}</time></header>
<p class="why">${escapeHtml(lead.why)}</p>
<p class="ids">${ids}</p>
<ol class="steps">${steps}</ol>
</article>`;
}

/** Steps a card shows in full: past that, the middle ones are summed up in one line. */
export const MAX_SHOWN_STEPS = 12;

/**
 * The steps of a long path (a lead retried through a long outage) cut to its first 4 and last 7,
 * with one line in their place saying how many steps and attempts it leaves out.
 *
 * @param steps - The lead's steps.
 * @returns The steps to show, and the line in place of the others.
 * @example
 * shownSteps(lead.steps) // [step, step, step, step, '… 9 more steps (3 more attempts) …', step, ...]
 */
export function shownSteps(steps: TimelineStep[]): (TimelineStep | string)[] {
  if (steps.length <= MAX_SHOWN_STEPS) return steps;
  const hidden = steps.slice(4, steps.length - 7);
  const attempts = hidden.filter(({ actor }) => actor == 'snippet').length;
  const summary = `… ${hidden.length} more steps${attempts ? ` (${attempts} more ${attempts == 1 ? 'attempt' : 'attempts'})` : ''} …`;
  return [...steps.slice(0, 4), summary, ...steps.slice(steps.length - 7)];
}

/**
 * The whole page: the list as it is now, and /delivery.js, which keeps it current.
 *
 * @param facts - See {@link DeliveryListFacts}.
 * @returns A 200 `text/html` response under the site's strict CSP (no inline script or style).
 * @example
 * deliveryPage({ leads: [], outage: false, sandbox: true, version: '0' })
 */
export function deliveryPage(facts: DeliveryListFacts): Response {
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>Delivery · pimms-lead playground</title>
<link rel="stylesheet" href="/delivery.css">
<script src="/delivery.js" defer></script>
</head>
<body>
<header class="bar"><a class="brand" href="/delivery">pimms-lead · delivery</a><nav><a href="/">Site</a><a href="/signup">Sign up</a><a href="/leads">Sandbox leads</a></nav></header>
<main>
<h1>What happened to each lead</h1>
<p class="intro">Every lead the playground saw lately, newest first: what the page’s
<code>pimms.lead()</code> resolved with, how the snippet sent it, what the relay decided and what the
sandbox answered. It updates by itself. Kept in this process’s memory only: a restart empties it.</p>
<div id="leads" data-version="${escapeHtml(facts.version)}" aria-live="polite">
${deliveryList(facts)}
</div>
</main>
</body>
</html>
`;
  return playgroundHtml(html);
}
