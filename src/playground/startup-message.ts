/**
 * What `npm start` prints: the URLs to open, in order, and where leads go.
 */

/** What the start-up message describes. */
export interface StartupFacts {
  /** The playground's base URL. */
  url: string;
  /** The PIMMS API URL when the relay forwards there, `undefined` for the sandbox. */
  pimmsApi?: string;
  /** The sandbox's SQLite file. */
  file: string;
  /** The interface it listens on, when not loopback (`0.0.0.0`): other machines can reach it. */
  exposedOn?: string;
  /** dist/ files the pages load that are missing (the build has not run, or failed early). */
  missing: string[];
}

/**
 * The start-up message, one `[pimms]`-prefixed line first. Never holds a key: it is not given one.
 *
 * @param facts - See {@link StartupFacts}.
 * @returns The lines to print.
 * @example
 * startupMessage({ url: 'http://127.0.0.1:8787', file: '.data/playground.sqlite', missing: [] }).join('\n')
 */
export function startupMessage(facts: StartupFacts): string[] {
  const { url, pimmsApi, file, exposedOn, missing } = facts;
  const lines = [
    `[pimms] playground running at ${url}`,
    `  1. Follow the short link first: ${url}/go/demo`,
    `  2. Sign up:                     ${url}/signup`,
  ];
  if (pimmsApi) {
    lines.push(
      `  3. See the leads in your PIMMS workspace, and what the relay did: ${url}/delivery`,
      `  PIMMS_API_KEY is set: the relay forwards leads to the PIMMS API at ${pimmsApi}.`,
      `  Clicks on the sandbox's /go/demo are unknown there (the API answers 404): make a PIMMS short link`,
      `  to ${url}/ and follow it instead. The sandbox's own clicks are at ${url}/leads.`,
    );
  } else {
    lines.push(
      `  3. See the clicks and leads:    ${url}/leads`,
      `  4. See what became of each:     ${url}/delivery (the relay's decisions, a simulated outage)`,
      `  Leads go to the local sandbox of the PIMMS API, stored in ${file}.`,
      `  Set PIMMS_API_KEY to send them to the real PIMMS API instead.`,
    );
  }
  if (exposedOn) {
    lines.push(
      `  Listening on ${exposedOn}: other machines can reach it, but /go/demo redirects to ${url}/.`,
    );
  }
  for (const name of missing)
    lines.push(`  Warning: dist/${name} is missing: run \`npm run build\`, then reload.`);
  lines.push('  Press Ctrl+C to stop.');
  return lines;
}
