/**
 * `npm start`: reads the environment, starts the playground, prints the URLs to open, and stops
 * on Ctrl+C (SIGINT) or SIGTERM.
 *
 * Environment: `PORT` (default 8787), `HOST` (default 127.0.0.1), `PIMMS_SANDBOX_FILE` (default
 * .data/playground.sqlite), `PIMMS_SANDBOX_KEY` (default: random per start), `PIMMS_API_KEY` (set:
 * forward leads to the real PIMMS API), `PIMMS_API_URL` (default https://api.pimms.io),
 * `PIMMS_SANDBOX_RATE_LIMIT` (the sandbox's requests a minute per key, default 600; read by createSandbox),
 * `REDIS_URL` (set: the relay's eventId de-dup in Redis; with `PIMMS_QUEUE=1`, the durable queue and
 * its worker, see src/relay/redis/redis-from-env.ts).
 * The relay's events go to stdout as JSON lines, and to the delivery view at /delivery.
 */
import { jsonLines } from '../relay/index.ts';
import { DEFAULT_FILE, DEFAULT_PORT, startPlayground } from './start-playground.ts';
import { startupMessage } from './startup-message.ts';
import { hasDistFile } from './static-files.ts';
import { queueSettingsFromEnv, redisFromEnv } from '../relay/redis/redis-from-env.ts';

const env = (name: string) => process.env[name]?.trim() || undefined;

const port = Number(env('PORT') ?? DEFAULT_PORT);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(
    `[pimms] PORT must be a port number (0 to 65535), not ${JSON.stringify(process.env.PORT)}.`,
  );
  process.exit(1);
}
const file = env('PIMMS_SANDBOX_FILE') ?? DEFAULT_FILE;
const host = env('HOST');
let redis: ReturnType<typeof redisFromEnv>;
try {
  redis = redisFromEnv();
} catch (error) {
  console.error(`[pimms] ${(error as Error).message}`);
  process.exit(1);
}

const playground = await startPlayground({
  port,
  host,
  file,
  apiKey: env('PIMMS_API_KEY'),
  apiUrl: env('PIMMS_API_URL'),
  sandboxKey: env('PIMMS_SANDBOX_KEY'),
  redis,
  // What the relay decided, one JSON line per event, as serve() writes them for a relay alone.
  onEvent: jsonLines((line) => process.stdout.write(line)),
}).catch((error: NodeJS.ErrnoException) => {
  // The usual one: a second `npm start`, or another server on 8787.
  if (error.code == 'EADDRINUSE')
    console.error(
      `[pimms] port ${port} is in use: stop what holds it, or set PORT (0 for any free port).`,
    );
  else console.error('[pimms] the playground could not start:', error);
  process.exit(1);
});

const missing: string[] = [];
for (const name of ['pimms.js', 'pimms.debug.js', 'stub.js'])
  if (!(await hasDistFile(name))) missing.push(name);
const pimmsApi = playground.forwardsTo == playground.url ? undefined : playground.forwardsTo;
const exposedOn = host && !/^(127\.|::1$|\[::1\]$|localhost$)/.test(host) ? host : undefined;
console.log(startupMessage({ url: playground.url, pimmsApi, file, exposedOn, missing }).join('\n'));
if (redis) console.log(`[pimms] REDIS_URL: ${redisSummary()}`);

let stopping = false;
const stop = (signal: string) => {
  // A second Ctrl+C while closing leaves at once.
  if (stopping) process.exit(1);
  stopping = true;
  console.log(`[pimms] ${signal}: stopping the playground`);
  Promise.all([playground.close(), redis?.close()]).then(
    () => process.exit(0),
    (error: unknown) => {
      console.error('[pimms] could not stop cleanly:', error);
      process.exit(1);
    },
  );
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));

function redisSummary(): string {
  const queue = queueSettingsFromEnv();
  return queue
    ? `eventId de-dup in Redis; leads queued (202) and forwarded at ${queue.perMinute ?? 600} a minute${queue.worker ? '' : ' by `npm run relay:worker`'}`
    : 'eventId de-dup in Redis, shared with every relay on it';
}
