/**
 * `GET /leads`: the page that shows a newcomer what the sandbox recorded.
 */
import { escapeHtml } from '../shared/escape-html.ts';
import { htmlResponse } from './responses.ts';
import type { ListedLead, SandboxDatabase } from './database.ts';

/** How many of the newest clicks and leads the page shows; `/api/leads` and `/api/clicks` have them all. */
export const PAGE_ROWS = 200;
/**
 * How much of a lead's metadata the page shows, in characters of its JSON: metadata has no size
 * limit at PIMMS, and a page that rendered it whole could grow without bound (45 leads nested
 * 2,500 deep once made 500 MB of indented HTML). The rest is at `/api/leads`.
 */
export const METADATA_CHARS = 600;
/** Seconds between reloads: a meta refresh needs no script, so the page's CSP can forbid all scripts. */
const REFRESH_SECONDS = 3;

const STYLE = `
body{font:14px/1.45 system-ui,sans-serif;margin:2rem;color:#1a1a1a;background:#fff}
h1{font-size:1.4rem;margin:0 0 .25rem}h2{font-size:1.1rem;margin:2rem 0 .5rem}
p{margin:.25rem 0;color:#555}table{border-collapse:collapse;width:100%}
th,td{text-align:left;vertical-align:top;padding:.35rem .6rem;border-bottom:1px solid #e4e4e4}
th{background:#f6f6f6;font-weight:600}code,pre{font:12px/1.4 ui-monospace,monospace}
pre{margin:0;white-space:pre-wrap;word-break:break-all}.empty{color:#888;font-style:italic}
.cut{font-size:12px;color:#888}
`;

function table(headings: string[], rows: string[][], empty: string): string {
  const head = '<tr>' + headings.map((h) => `<th>${escapeHtml(h)}</th>`).join('') + '</tr>';
  const body = rows.length
    ? rows.map((cells) => '<tr>' + cells.map((c) => `<td>${c}</td>`).join('') + '</tr>').join('')
    : `<tr><td class="empty" colspan="${headings.length}">${escapeHtml(empty)}</td></tr>`;
  return `<table><thead>${head}</thead><tbody>${body}</tbody></table>`;
}

// The stored JSON as is, compact: indenting it would cost its depth squared.
function metadataCell(lead: ListedLead): string {
  if (lead.metadataText == null) return '';
  const cut = lead.metadataLength > METADATA_CHARS;
  return (
    `<pre>${escapeHtml(lead.metadataText)}${cut ? '…' : ''}</pre>` +
    (cut
      ? `<p class="cut">Cut: ${lead.metadataLength.toLocaleString('en')} characters in all, at <a href="/api/leads">/api/leads</a>.</p>`
      : '')
  );
}

const code = (value: unknown) => (value == null ? '' : `<code>${escapeHtml(value)}</code>`);
const shown = (count: number) => (count >= PAGE_ROWS ? ` (latest ${PAGE_ROWS})` : ` (${count})`);

/**
 * Renders the sandbox's short links, then its newest leads and clicks, each saying which click and
 * short link it came from. Every stored value is escaped: anyone who can reach the sandbox writes them.
 *
 * @param store - Where the rows are read.
 * @returns A self-contained HTML page (no external assets, no script) that reloads every 3 seconds.
 * @example
 * leadsPage(store) // 200 text/html
 */
export function leadsPage(store: SandboxDatabase): Response {
  const links = store.links();
  const leads = store.listLeads(PAGE_ROWS, undefined, METADATA_CHARS).rows;
  const clicks = store.clicks(PAGE_ROWS);

  const linkRows = links.map((link) => {
    const path = '/go/' + link.key;
    return [`<a href="${escapeHtml(path)}">${escapeHtml(path)}</a>`, escapeHtml(link.url)];
  });
  const leadRows = leads.map((lead) => [
    escapeHtml(lead.createdAt),
    escapeHtml(lead.eventName),
    code(lead.externalId),
    [lead.customerName, lead.customerEmail, lead.customerAvatar]
      .filter((value) => value != null)
      .map(escapeHtml)
      .join('<br>'),
    code(lead.clickId),
    code('/go/' + lead.linkKey),
    metadataCell(lead),
  ]);
  const clickRows = clicks.map((click) => [
    escapeHtml(click.createdAt),
    code(click.id),
    code('/go/' + click.linkKey),
    escapeHtml(click.url),
  ]);

  return htmlResponse(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="refresh" content="${REFRESH_SECONDS}">
<title>PIMMS sandbox: leads</title>
<style>${STYLE}</style>
</head>
<body>
<h1>PIMMS sandbox</h1>
<p>A local stand-in of the PIMMS API. Follow a short link, sign up on the site it leads to, and the
click and the lead appear below. This page reloads every ${REFRESH_SECONDS} seconds; the same rows
are at <a href="/api/leads">/api/leads</a> and <a href="/api/clicks">/api/clicks</a> as JSON.</p>
<h2>Short links (${links.length})</h2>
${table(['Short link', 'Destination'], linkRows, 'No short links yet: create one with POST /links.')}
<h2>Leads${shown(leads.length)}, newest first</h2>
${table(['Time', 'Event', 'External id', 'Customer', 'Click', 'Short link', 'Metadata'], leadRows, 'No leads yet.')}
<h2>Clicks${shown(clicks.length)}, newest first</h2>
${table(['Time', 'Click id (pimms_id)', 'Short link', 'Destination'], clickRows, 'No clicks yet.')}
</body>
</html>
`);
}
