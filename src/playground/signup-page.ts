/**
 * `/signup`: the demo site's sign-up page, with the snippet's two ways of recording a lead side by
 * side: a form declared by `data-` attributes, and a form whose script calls `pimms.lead()`.
 */
import { escapeHtml } from '../shared/escape-html.ts';
import { readCookie } from './demo-session.ts';
import { DEMO_LINK_PATH } from './landing-page.ts';
import type { Handler } from './router.ts';
import { sitePage, wantsDebug, whereLeadsGo, type SiteSettings } from './site-page.ts';

/**
 * The sign-up page.
 *
 * The declarative form posts to /welcome like any sign-up form; the snippet reads its e-mail and
 * name inputs on submit (never the password) and sends the lead as the page navigates. The
 * scripted form has no `data-pimms-lead` (it would otherwise count twice) and no `name`
 * attributes (it is never submitted to the server).
 *
 * @param settings - Where leads go.
 * @returns The page's handler; `?debug` loads the debug build.
 * @example
 * { path: '/signup', handler: only(['GET'], signupPage({})) }
 */
export function signupPage(settings: SiteSettings): Handler {
  return async (request) => {
    const clickId = readCookie(request.headers.get('cookie'), 'pimms_id');
    const click = clickId
      ? `Your <code>pimms_id</code> cookie holds <code>${escapeHtml(clickId)}</code>: both forms send it as the lead’s <code>clickId</code>.`
      : `You have no <code>pimms_id</code> cookie, so a lead here is skipped (no click to attribute it to).
Follow the <a href="${DEMO_LINK_PATH}">demo short link</a> first.`;
    return sitePage({
      title: 'Sign up',
      debug: wantsDebug(request),
      scripts: ['/signup.js'],
      body: `<p class="note">${click}</p>
<section>
<h2>1. A form the snippet handles by itself</h2>
<p>This form only has <code>data-pimms-lead="Sign up"</code>. On submit the snippet reads the e-mail and
name inputs (never the password), sends the lead, and the browser goes on to the welcome page as usual.</p>
<form data-pimms-lead="Sign up" method="post" action="/welcome">
<label>E-mail <input type="email" name="email" autocomplete="email" required></label>
<label>Name <input name="name" autocomplete="name"></label>
<label>Password <input type="password" name="password" autocomplete="new-password" required></label>
<button>Create my account</button>
</form>
</section>
<section>
<h2>2. A form whose script calls <code>pimms.lead()</code></h2>
<p>This one stays on the page: its script, <a href="/signup.js">/signup.js</a>, calls
<code>window.pimms.lead('Sign up', { customerEmail, customerName })</code> and shows what it resolves with,
then what became of the lead: “sent” only means the relay answered 200, which PIMMS also answers to a repeat
of the same visitor and event that it does not record.</p>
<form id="scripted-signup">
<label>E-mail <input type="email" id="scripted-email" autocomplete="email" required></label>
<label>Name <input id="scripted-name" autocomplete="name"></label>
<button>Send the lead</button>
</form>
<p id="scripted-verdict" class="verdict" aria-live="polite" hidden></p>
<pre id="scripted-result" aria-live="polite">No lead sent yet.</pre>
</section>
<p>${whereLeadsGo(settings)} The <a href="/delivery">delivery view</a> shows what happened to each lead:
how it was sent, what the relay decided, what ${settings.pimmsApi ? 'PIMMS' : 'the sandbox'} answered.</p>`,
    });
  };
}
