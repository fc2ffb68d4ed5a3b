/**
 * `/welcome`: where the declarative sign-up form lands. It "signs in" the new user, so that the
 * relay's `enrich` has a user id to show.
 */
import { escapeHtml } from '../shared/escape-html.ts';
import { DEMO_USER_COOKIE, newDemoUser, readCookie, signedInUser } from './demo-session.ts';
import type { Handler } from './router.ts';
import { sitePage, wantsDebug, whereLeadsGo, type SiteSettings } from './site-page.ts';

/** The longest form body the welcome page reads; the sign-up form's is far smaller. */
const MAX_FORM_BYTES = 16_384;

/**
 * The welcome page. On `POST` (the sign-up form) it greets the user by the name field (the only
 * field it reads: the password is not this demo's business) and sets the demo session cookie
 * unless one is there. On `GET` it only points to the sign-up form.
 *
 * @param settings - Where leads go.
 * @returns The page's handler.
 * @example
 * { path: '/welcome', handler: only(['GET', 'POST'], welcomePage({})) }
 */
export function welcomePage(settings: SiteSettings): Handler {
  return async (request) => {
    const signingUp = request.method == 'POST';
    const name = signingUp ? await nameField(request) : '';
    let user = signedInUser(request);
    const headers: Record<string, string> = {};
    // Only a sign-up signs in; opening /welcome by its address does not.
    if (!user && signingUp) {
      const created = newDemoUser();
      user = created.id;
      headers['Set-Cookie'] = created.setCookie;
    }
    const clickId = readCookie(request.headers.get('cookie'), 'pimms_id');
    const thanks = signingUp
      ? `<p>Thanks for signing up. As the form was submitted, the snippet handed a “Sign up” lead with
your <code>pimms_id</code> to the browser, to send to the relay on this server, which adds the secret API
key and forwards it. ${whereLeadsGo(settings)}</p>
${leadVerdict(clickId)}`
      : `<p>This is where the <a href="/signup">sign-up form</a> leads. ${whereLeadsGo(settings)}</p>`;
    const session = user
      ? `<p class="note">You are “signed in” as <code>${escapeHtml(user)}</code> (the demo cookie
<code>${DEMO_USER_COOKIE}</code>). The relay’s <code>enrich</code> puts that id in the <code>externalId</code> of
further leads from this browser, where the snippet would send its anonymous visitor id.</p>`
      : '';
    return sitePage({
      title: name ? `Welcome, ${name}` : 'Welcome',
      debug: wantsDebug(request),
      headers,
      scripts: signingUp && clickId ? ['/welcome.js'] : [],
      body: `${thanks}
${session}
<p><a href="/signup">Back to the sign-up page</a></p>`,
    });
  };
}

// Where the lead stands: /welcome.js fills it in from the delivery view, with the newest lead of
// the visitor's click (the lead went by beacon as the page navigated: it may not be there yet).
function leadVerdict(clickId: string | undefined): string {
  if (!clickId)
    return `<p id="lead-verdict" class="verdict state-skipped">Not sent: you have no <code>pimms_id</code>
cookie, so the snippet skipped the lead (no click to attribute it to). Follow the
<a href="/go/demo">demo short link</a> first.</p>`;
  // A minute back: the beacon may have reached the relay before this page was asked for.
  const since = new Date(Date.now() - 60_000).toISOString();
  return `<p id="lead-verdict" class="verdict" aria-live="polite" data-click-id="${escapeHtml(clickId)}"
data-since="${since}">Looking for the lead on the <a href="/delivery">delivery view</a>…</p>`;
}

// The form is url-encoded; Request.formData() parses it. Bounded by Content-Length, which a
// browser always sends for a form; anything else gets no greeting rather than an error.
async function nameField(request: Request): Promise<string> {
  const length = Number(request.headers.get('content-length'));
  if (!(length > 0 && length <= MAX_FORM_BYTES)) return '';
  try {
    const value = (await request.formData()).get('name');
    return typeof value == 'string' ? value.trim().slice(0, 100) : '';
  } catch {
    return '';
  }
}
