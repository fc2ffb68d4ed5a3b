// src/worker.ts: the relay as a Cloudflare Worker. Bundles as is: no nodejs_compat, no flag.
import { createLeadRelay, type LeadRelay } from 'pimms-lead/relay';

interface Env {
  /** The workspace key: `wrangler secret put PIMMS_API_KEY`. */
  PIMMS_API_KEY: string;
  /** Optional; default https://api.pimms.io. */
  PIMMS_API_URL?: string;
}

let relay: LeadRelay | undefined;

export default {
  fetch(request: Request, env: Env): Promise<Response> {
    // A Worker gets its secrets with each request, not in process.env: create the relay on the
    // first one and keep it (it holds the SDK client and the eventId de-dup).
    relay ??= createLeadRelay({
      apiKey: env.PIMMS_API_KEY,
      serverURL: env.PIMMS_API_URL,
      allowedOrigins: ['https://www.example.com'],
    });
    return relay(request);
  },
};
