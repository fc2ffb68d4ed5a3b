/**
 * `/welcome`: where the declarative sign-up form lands. It "signs in" the new user, so that the
 * relay's `enrich` has a user id to show.
 */
import { escapeHtml } from '../sandbox/escape-html.ts';
import { newDemoUser, signedInUser } from './demo-session.ts';
import type { Handler } from './router.ts';
import { sitePage, wantsDebug, whereLeadsGo, type SiteSettings } from './site-page.ts';

/** The longest form body the welcome page reads; the sign-up form's is far smaller. */
const MAX_FORM_BYTES = 16_384;

/**
 * The welcome page. On `POST` (the sign-up form) it greets the user by the name field (the only
 * field it reads: the password is not this demo's business) and sets the demo session cookie
 * unless one is there.
 *
 * @param settings - Where leads go.
 * @returns The page's handler.
 * @example
 * { path: '/welcome', handler: only(['GET', 'POST'], welcomePage({})) }
 */
export function welcomePage(settings: SiteSettings): Handler {
  return async (request) => {
    const name = request.method == 'POST' ? await nameField(request) : '';
    let user = signedInUser(request);
    const headers: Record<string, string> = {};
    if (!user) {
      const created = newDemoUser();
      user = created.id;
      headers['Set-Cookie'] = created.setCookie;
    }
    return sitePage({
      title: name ? `Welcome, ${name}` : 'Welcome',
      debug: wantsDebug(request),
      headers,
      body: `<p>Thanks for signing up. As the form was submitted, the snippet sent a “Sign up” lead with your
<code>pimms_id</code> to the relay on this server, which added the secret API key and forwarded it.
${whereLeadsGo(settings)}</p>
<p class="note">You are now “signed in” as <code>${escapeHtml(user)}</code> (the demo cookie
<code>playground_user</code>). The relay’s <code>enrich</code> puts that id in the <code>externalId</code> of
further leads from this browser, where the snippet would send its anonymous visitor id.</p>
<p><a href="/signup">Back to the sign-up page</a></p>`,
    });
  };
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
