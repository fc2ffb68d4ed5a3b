/**
 * `npm run relay:worker`: a lead-queue worker on its own, for relays started with
 * `PIMMS_QUEUE_WORKER=0` (web instances that only enqueue). Extra workers do not drain faster
 * than PIMMS allows: the rate limit is shared in Redis by every worker on the queue.
 *
 * Environment: `REDIS_URL` (required), `PIMMS_API_KEY` (required), `PIMMS_API_URL` (default
 * https://api.pimms.io), `PIMMS_QUEUE_RATE` (requests per minute, default 600),
 * `PIMMS_QUEUE_LOCK_MS` (how soon a dead worker's jobs are taken up again, default 30000). Stops on SIGINT or
 * SIGTERM after the leads in flight are answered. Each try is written to stdout as one relay
 * event in JSON (`forwarded`, `retry` or `refused`, with `worker: true`), as `serve()` writes a
 * relay's; log lines go to stderr.
 */
import { DEFAULT_SERVER_URL, DEFAULT_TIMEOUT_MS } from '../create-lead-relay.ts';
import { readEnv } from '../env.ts';
import { jsonLines } from '../event-reporter.ts';
import { createForwarder } from '../forward-lead.ts';
import { redact } from '../redact.ts';
import { startLeadWorker } from './lead-worker.ts';
import { rateFromEnv } from './redis-from-env.ts';

const url = readEnv('REDIS_URL');
const apiKey = readEnv('PIMMS_API_KEY');
if (!url || !apiKey) {
  console.error(
    `[pimms-relay] the queue worker needs ${url ? '' : 'REDIS_URL'}${!url && !apiKey ? ' and ' : ''}${apiKey ? '' : 'PIMMS_API_KEY'} in the environment`,
  );
  process.exit(1);
}
let perMinute: number | undefined;
try {
  perMinute = rateFromEnv();
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
const log = (line: string) => console.warn(redact(`[pimms-relay] ${line}`, apiKey));
const serverURL = readEnv('PIMMS_API_URL') ?? DEFAULT_SERVER_URL;
const forward = createForwarder({
  serverURL,
  apiKey: () => apiKey,
  timeoutMs: DEFAULT_TIMEOUT_MS,
  log,
});
const lockMs = Number(readEnv('PIMMS_QUEUE_LOCK_MS') ?? '') || undefined;
const worker = startLeadWorker({
  url,
  forward,
  perMinute,
  lockMs,
  log,
  onEvent: jsonLines((line) => process.stdout.write(line)),
  apiKey: () => apiKey,
});
await worker.worker.waitUntilReady();
log(`queue: worker started, forwarding to ${serverURL} at ${perMinute ?? 600} a minute`);

let stopping = false;
const stop = (signal: string) => {
  if (stopping) process.exit(1);
  stopping = true;
  log(`queue: ${signal}: stopping after the leads in flight`);
  worker.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
