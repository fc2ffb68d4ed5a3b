/**
 * The demo site's stylesheet and the sign-up page's script, served as /site.css and /signup.js.
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
`;

/**
 * /signup.js: the scripted form. It stays on the page, calls `window.pimms.lead()` itself (the
 * stub's queue covers a submit before the snippet has loaded) and prints the result, whose first
 * line, `status: sent|queued|skipped|rejected`, is what a site would branch on.
 */
export const SIGNUP_SCRIPT = `// The scripted sign-up form of the pimms-lead playground.
const form = document.getElementById('scripted-signup');
const output = document.getElementById('scripted-result');
form.addEventListener('submit', async (event) => {
  // A single-page app's form: no navigation, the page handles the sign-up itself.
  event.preventDefault();
  output.textContent = 'Sending…';
  const result = await window.pimms.lead('Sign up', {
    customerEmail: document.getElementById('scripted-email').value,
    customerName: document.getElementById('scripted-name').value,
  });
  output.textContent = 'status: ' + result.status + '\\n' + JSON.stringify(result, null, 2);
});
`;
