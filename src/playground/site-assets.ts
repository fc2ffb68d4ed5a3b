/**
 * The demo site's stylesheet and scripts, served as /site.css, /signup.js and /welcome.js.
 * Files of their own, not inline, so the pages run under a CSP without `unsafe-inline`.
 */

/** /site.css: plain, readable, nothing loaded from elsewhere. */
export const SITE_CSS = `body{font:16px/1.5 system-ui,sans-serif;margin:0;color:#1a1a1a;background:#fafafa}
header{display:flex;gap:1.5rem;align-items:center;padding:.75rem 2rem;background:#fff;border-bottom:1px solid #e4e4e4}
header nav{display:flex;gap:1rem}.brand{font-weight:700;color:#1a1a1a;text-decoration:none}
main{max-width:44rem;margin:2rem auto;padding:0 1rem}h1{font-size:1.6rem}h2{font-size:1.15rem;margin-top:2rem}
section{background:#fff;border:1px solid #e4e4e4;border-radius:8px;padding:0 1.25rem 1.25rem;margin:1.5rem 0}
form{display:grid;gap:.75rem;max-width:24rem}label{display:grid;gap:.2rem;font-size:.9rem}
input{font:inherit;padding:.4rem .5rem;border:1px solid #bbb;border-radius:4px}
button,.button{font:inherit;justify-self:start;padding:.45rem 1rem;border:0;border-radius:4px;background:#2d5bd7;color:#fff;cursor:pointer;text-decoration:none;display:inline-block}
.note{background:#eef3ff;border-left:4px solid #2d5bd7;padding:.5rem .75rem}
code,pre{font:13px/1.4 ui-monospace,monospace}pre{background:#f3f3f3;padding:.75rem;white-space:pre-wrap;word-break:break-all}
footer{max-width:44rem;margin:3rem auto;padding:0 1rem;color:#666;font-size:.85rem}
.verdict{padding:.5rem .75rem;border-left:4px solid #9aa3af;background:#f1f2f4;font-weight:500}
.verdict.state-recorded{border-color:#1f9d55;background:#e7f7ed}.verdict.state-accepted{border-color:#2d5bd7;background:#eef3ff}
.verdict.state-repeat,.verdict.state-refused,.verdict.state-skipped{border-color:#d64545;background:#fdeaea}
.verdict.state-retrying,.verdict.state-waiting{border-color:#e69a1c;background:#fff4e0}
`;

// Shared by both scripts: asks the delivery view where a lead stands and shows it in an element
// (label and why, coloured by state), again every second while it is still open (retrying, ...).
const FOLLOW_LEAD = `const OPEN_STATES = ['pending', 'waiting', 'retrying', 'queued', 'duplicate'];
async function followLead(query, element, onState) {
  const until = Date.now() + 120e3;
  for (;;) {
    let lead;
    try {
      const response = await fetch('/delivery/leads?' + new URLSearchParams(query), { cache: 'no-store' });
      lead = (await response.json()).leads[0];
    } catch {
      lead = undefined;
    }
    if (lead) {
      element.hidden = false;
      element.className = 'verdict state-' + lead.state;
      element.textContent = lead.label + '. ' + lead.why;
      if (onState) onState(lead);
    }
    if ((lead && !OPEN_STATES.includes(lead.state)) || Date.now() > until) return;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}
`;

/**
 * /signup.js: the scripted form. It stays on the page, calls `window.pimms.lead()` itself (the
 * stub's queue covers a submit before the snippet has loaded) and prints the result, whose first
 * line, `status: sent|queued|skipped|rejected`, is what a site would branch on. It reports the
 * result to the delivery view (the only trace of a lead the snippet skipped), then shows what
 * became of the lead there: "sent" only means the relay answered 2xx, which PIMMS also answers a
 * repeat of the same visitor and event that it does not record.
 */
export const SIGNUP_SCRIPT = `// The scripted sign-up form of the pimms-lead playground.
${FOLLOW_LEAD}
const form = document.getElementById('scripted-signup');
const output = document.getElementById('scripted-result');
const verdict = document.getElementById('scripted-verdict');
form.addEventListener('submit', async (event) => {
  // A single-page app's form: no navigation, the page handles the sign-up itself.
  event.preventDefault();
  output.textContent = 'Sending…';
  verdict.hidden = true;
  const result = await window.pimms.lead('Sign up', {
    customerEmail: document.getElementById('scripted-email').value,
    customerName: document.getElementById('scripted-name').value,
  });
  const shown = JSON.stringify(result, null, 2);
  output.textContent = 'status: ' + result.status + '\\n' + shown;
  const body = result.body || {};
  const report = { status: result.status, reason: result.reason, eventId: body.eventId,
    eventName: body.eventName, clickId: body.clickId, page: location.pathname };
  try {
    await fetch('/delivery/report', { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(report) });
  } catch {
    // The view is the playground's extra: the form works without it.
  }
  if (!body.eventId) return;
  followLead({ eventId: body.eventId }, verdict, (lead) => {
    if (lead.state == 'repeat')
      output.textContent = 'status: ' + result.status +
        ' (but PIMMS recorded nothing: a repeat of the same visitor and event)\\n' + shown;
  });
});
`;

/**
 * /welcome.js: after the declarative form, shows what became of the lead the snippet sent as the
 * page navigated: the newest lead of the visitor's click in the delivery view.
 */
export const WELCOME_SCRIPT = `// The welcome page of the pimms-lead playground: where the sign-up's lead stands.
${FOLLOW_LEAD}
const verdict = document.getElementById('lead-verdict');
if (verdict && verdict.dataset.clickId)
  followLead({ clickId: verdict.dataset.clickId, since: verdict.dataset.since }, verdict);
`;
