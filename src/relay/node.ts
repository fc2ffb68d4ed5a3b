/**
 * `pimms-lead/relay/node`: runs the relay's Web-standard handler on Node's `http` server (plain
 * Node, Express, the playground). Kept out of `pimms-lead/relay` so that the runtime-neutral
 * entry never names `node:http` and bundles for Workers as is.
 *
 * @example
 * import { createServer } from 'node:http';
 * import { createLeadRelay } from 'pimms-lead/relay';
 * import { toNodeHandler } from 'pimms-lead/relay/node';
 * createServer(toNodeHandler(createLeadRelay())).listen(8788);
 */
export { toNodeHandler } from './node-adapter.ts';
export type { NodeHandlerOptions } from './node-adapter.ts';
export { serve } from './serve.ts';
export type { ServedHandler, ServeOptions } from './serve.ts';
