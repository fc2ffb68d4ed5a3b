/**
 * The servers bench/relay-throughput.ts loads, run in a child process of their own so that
 * autocannon, in the parent, does not share their event loop (on the same loop, the load generator's
 * own work would be counted against whichever server it hammers). All on 127.0.0.1. Sends their URLs
 * to the parent as one IPC message; exits when the parent disconnects.
 *
 * - `bare`: a bare `node:http` handler that reads the body, parses it and answers a small JSON, as
 *   the least any lead endpoint does: the baseline.
 * - `relayStub`: the relay through `serve()`, forwarding with the real `pimms` SDK to an in-process
 *   stub that answers 200 as PIMMS does: the relay's own cost (adapter, CORS, body bound, field
 *   rules, de-dup store, SDK request and response parsing) and nothing else. A second server for the
 *   upstream would add a loopback hop and its HTTP parsing, which is not the relay's.
 * - `relayStubEvents`: the same as `relayStub` with `onEvent` set to a listener that writes each
 *   event as a JSON line to /dev/null (what `serve()` does to stdout by default), so that the
 *   events' own cost is the difference between the two.
 * - `relaySandbox`: the same relay with the sandbox in process as its upstream, as the browser tests
 *   run it (testing/servers/endpoint.ts): adds the sandbox's validation and an SQLite insert per lead.
 */
import { createWriteStream } from 'node:fs';
import { createServer } from 'node:http';
import { createLeadRelay, jsonLines, type LeadRelayOptions } from '../src/relay/index.ts';
import { serve } from '../src/relay/node.ts';
import { createSandbox } from '../src/sandbox/index.ts';
import { answerTracked, BENCH_KEY, PAGE_ORIGIN } from './stub-pimms.ts';

/** The URLs the child sends its parent. */
export interface RelayServers {
  bare: string;
  relayStub: string;
  relayStubEvents: string;
  relaySandbox: string;
  /** A click the sandbox knows, for leads to `relaySandbox`. */
  sandboxClickId: string;
}

async function start(): Promise<RelayServers> {
  const bare = createServer((req, res) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (text += chunk));
    req.on('end', () => {
      let ok = true;
      try {
        JSON.parse(text);
      } catch {
        ok = false;
      }
      res.writeHead(ok ? 200 : 400, { 'content-type': 'application/json' });
      res.end(ok ? '{"ok":true}' : '{"error":"bad json"}');
    });
  });
  await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));

  const stubbed: LeadRelayOptions = {
    apiKey: BENCH_KEY,
    serverURL: 'http://pimms.invalid',
    fetch: answerTracked,
    allowedOrigins: [PAGE_ORIGIN],
    log: () => {},
  };
  // events: false: serve() would otherwise write each event to stdout.
  const relayStub = await serve(createLeadRelay(stubbed), { events: false });
  const devNull = createWriteStream('/dev/null');
  const relayStubEvents = await serve(
    createLeadRelay({ ...stubbed, onEvent: jsonLines((line) => devNull.write(line)) }),
  );

  const sandbox = createSandbox({
    file: ':memory:',
    apiKeys: [BENCH_KEY],
    rateLimit: Infinity, // a throughput run, not PIMMS' 600 a minute
    links: [{ key: 'bench', url: 'http://127.0.0.1/' }],
  });
  const relaySandbox = await serve(
    createLeadRelay({
      apiKey: BENCH_KEY,
      serverURL: 'http://sandbox.invalid',
      fetch: (input, init) => sandbox.handler(new Request(input, init)),
      allowedOrigins: [PAGE_ORIGIN],
      log: () => {},
    }),
    { events: false },
  );
  const click = await sandbox.handler(new Request('http://sandbox.invalid/go/bench'));
  const sandboxClickId = new URL(click.headers.get('location')!).searchParams.get('pimms_id')!;

  return {
    bare: `http://127.0.0.1:${(bare.address() as { port: number }).port}`,
    relayStub: relayStub.url,
    relayStubEvents: relayStubEvents.url,
    relaySandbox: relaySandbox.url,
    sandboxClickId,
  };
}

// Only as a child (bench/relay-throughput.ts imports the types, not this).
if (process.send) {
  process.send(await start());
  process.on('disconnect', () => process.exit(0));
}
