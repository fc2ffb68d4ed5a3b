/**
 * The delivery view's stylesheet and script, served as /delivery.css and /delivery.js: files of
 * their own, so that the page runs under the site's CSP (no inline script or style).
 */

/** /delivery.css: one card per lead, its state in colour, its steps as a timeline. */
export const DELIVERY_CSS = `*{box-sizing:border-box}
body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#1a1a1a;background:#f5f6f8}
.bar{display:flex;gap:1.5rem;align-items:center;padding:.75rem 2rem;background:#fff;border-bottom:1px solid #e2e4e8}
.bar nav{display:flex;gap:1rem}.brand{font-weight:700;color:#1a1a1a;text-decoration:none}
a{color:#2d5bd7}main{max-width:60rem;margin:1.5rem auto;padding:0 1rem}
h1{font-size:1.5rem;margin:.5rem 0}.intro{color:#444;max-width:48rem}
code{font:12.5px/1.4 ui-monospace,monospace;background:#eef0f3;padding:.05rem .3rem;border-radius:3px}
.outage{display:flex;gap:1rem;align-items:center;justify-content:space-between;background:#fff;border:1px solid #e2e4e8;border-radius:8px;padding:.6rem 1rem;margin:1rem 0}
.outage p{margin:0}.outage.is-down{background:#fff4e5;border-color:#f0b35b}
button{font:inherit;padding:.4rem .9rem;border:0;border-radius:4px;background:#2d5bd7;color:#fff;cursor:pointer;white-space:nowrap}
.is-down button{background:#1f7a3d}
.empty{color:#666;font-style:italic;background:#fff;border:1px dashed #ccd;border-radius:8px;padding:1rem}
.lead{background:#fff;border:1px solid #e2e4e8;border-left:6px solid #9aa3af;border-radius:8px;padding:.75rem 1rem;margin:1rem 0}
.lead>header{display:flex;flex-wrap:wrap;gap:.6rem;align-items:center}
.lead h2{font-size:1.05rem;margin:0;flex:0 1 auto}
.lead>header>time{margin-left:auto;color:#666;font-variant-numeric:tabular-nums}
.state{font-weight:700;font-size:.8rem;letter-spacing:.02em;text-transform:uppercase;padding:.15rem .55rem;border-radius:999px;background:#e5e7eb;color:#374151}
.chip{font-size:.8rem;padding:.1rem .5rem;border-radius:999px;border:1px solid #d1d5db;color:#4b5563}
.why{margin:.4rem 0 .2rem;font-weight:500}.ids{margin:0 0 .5rem;color:#555;font-size:.85rem}
.state-recorded{border-left-color:#1f9d55}.state-recorded .state{background:#dcf5e5;color:#166534}
.state-repeat,.state-refused,.state-skipped{border-left-color:#d64545}
.state-repeat .state,.state-refused .state,.state-skipped .state{background:#fde2e2;color:#991b1b}
.state-retrying,.state-waiting{border-left-color:#e69a1c}.state-retrying .state,.state-waiting .state{background:#fff0d4;color:#92400e}
.state-accepted,.state-queued{border-left-color:#2d5bd7}.state-accepted .state,.state-queued .state{background:#e0e9ff;color:#1e3a8a}
.steps{list-style:none;margin:0;padding:0 0 0 .9rem;border-left:2px solid #e5e7eb}
.steps li{position:relative;display:grid;grid-template-columns:5.2rem 5.5rem 1fr;gap:.5rem;padding:.2rem 0;font-size:.9rem}
.steps li::before{content:"";position:absolute;left:-1.27rem;top:.62rem;width:.6rem;height:.6rem;border-radius:50%;background:#9aa3af}
.steps .tone-ok::before{background:#1f9d55}.steps .tone-warn::before{background:#e69a1c}.steps .tone-bad::before{background:#d64545}
.steps .more{display:block;color:#666;font-style:italic}.steps .more::before{background:#d1d5db}
.steps time{color:#666;font-variant-numeric:tabular-nums}.actor{font-weight:600;color:#374151}
@media (max-width:40rem){.steps li{grid-template-columns:4.5rem 1fr}.steps .text{grid-column:1/-1}}
`;

/**
 * /delivery.js: keeps the list current. Every second it asks for the list "since" the version it
 * shows; the server answers 204 while nothing changed, else the new list, which replaces the old.
 * The HTML is the server's, every value in it escaped there.
 */
export const DELIVERY_SCRIPT = `// The delivery view of the pimms-lead playground: live updates.
const list = document.getElementById('leads');
let version = list.dataset.version;
async function refresh() {
  try {
    const response = await fetch('/delivery/list?since=' + encodeURIComponent(version), { cache: 'no-store' });
    if (response.status == 200) {
      const html = await response.text();
      version = response.headers.get('X-Delivery-Version') || version;
      list.innerHTML = html;
      list.dataset.version = version;
    }
  } catch {
    // The playground stopped or restarts: try again on the next tick.
  }
  setTimeout(refresh, 1000);
}
setTimeout(refresh, 1000);
`;
