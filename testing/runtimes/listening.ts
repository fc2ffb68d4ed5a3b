/**
 * The URL of a Node server a recipe started (it listens on `PORT` and `HOST` from the
 * environment; the tests set 0 and 127.0.0.1), once it listens, and how to stop it.
 */
import { once } from 'node:events';
import type { Server } from 'node:http';

/**
 * Waits until `server` listens and returns its loopback URL.
 *
 * @param server - The recipe's server, e.g. `app.listen(...)`'s result.
 * @returns e.g. `http://127.0.0.1:40123`.
 * @example
 * const url = await listening(server);
 */
export async function listening(server: Server): Promise<string> {
  if (!server.listening) await once(server, 'listening');
  const address = server.address();
  if (typeof address != 'object' || !address) throw new Error('the server has no address');
  return `http://127.0.0.1:${address.port}`;
}

/**
 * Stops `server`, keep-alive connections included.
 *
 * @param server - A server {@link listening} returned the URL of.
 * @example
 * await stop(server);
 */
export function stop(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}
