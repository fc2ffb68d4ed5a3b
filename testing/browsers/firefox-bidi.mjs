#!/usr/bin/env node
/**
 * Firefox ESR for Playwright's WebDriver BiDi path (the `moz-firefox` channel): Playwright starts
 * this file as the browser's executable; it starts Debian's Firefox ESR with the same arguments and
 * stands between the two on loopback, passing every BiDi message through unchanged but one.
 *
 * Why: Playwright 1.65 sends `emulation.setMediaFeaturesOverride` (to reset `prefers-color-scheme`)
 * on every new context and page, and Firefox ESR 153 does not know the command yet, so every
 * `browser.newContext()` would fail. The tests never emulate media features, so answering it with
 * an empty success is exactly what a browser with no override does. Everything else is Firefox's
 * own answer. `FIREFOX_PATH` starts another Firefox.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import WebSocket, { WebSocketServer } from 'ws';

/** The commands answered here with an empty success instead of Firefox's "unknown command". */
const ANSWERED_HERE = new Set(['emulation.setMediaFeaturesOverride']);

const firefox = spawn(process.env.FIREFOX_PATH || '/usr/bin/firefox-esr', process.argv.slice(2), {
  stdio: ['ignore', 'inherit', 'pipe'],
});
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'])
  process.on(signal, () => firefox.kill(signal));
firefox.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
await new Promise((resolve) => server.once('listening', resolve));
const ours = `ws://127.0.0.1:${server.address().port}`;
let theirs = '';

// Firefox's stderr goes on to Playwright, with its BiDi address replaced by ours.
createInterface({ input: firefox.stderr }).on('line', (line) => {
  const listening = /WebDriver BiDi listening on (ws:\/\/\S+)$/.exec(line);
  if (listening) theirs = listening[1];
  process.stderr.write((listening ? line.replace(listening[1], ours) : line) + '\n');
});

server.on('connection', (client, request) => {
  const upstream = new WebSocket(theirs + request.url, { perMessageDeflate: false });
  const early = [];
  upstream.on('open', () => early.splice(0).forEach((data) => upstream.send(data)));
  upstream.on('message', (data, binary) => client.send(data, { binary }));
  client.on('message', (data, binary) => {
    const message = binary ? undefined : safeParse(data.toString());
    if (message && ANSWERED_HERE.has(message.method))
      return client.send(JSON.stringify({ type: 'success', id: message.id, result: {} }));
    if (upstream.readyState == WebSocket.OPEN) upstream.send(data, { binary });
    else early.push(data.toString());
  });
  upstream.on('close', () => client.close());
  client.on('close', () => upstream.close());
  upstream.on('error', () => client.terminate());
  client.on('error', () => upstream.terminate());
});

function safeParse(text) {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
