// server.ts: the relay on Hono, served on Node by @hono/node-server.
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { createLeadRelay } from 'pimms-lead/relay';

// PIMMS_API_KEY (and PIMMS_API_URL) come from the environment.
const relay = createLeadRelay({ allowedOrigins: ['https://www.example.com'] });

const app = new Hono();
app.on(['POST', 'OPTIONS'], '/api/pimms/lead', (c) => relay(c.req.raw));

export const server = serve({
  fetch: app.fetch,
  port: Number(process.env.PORT ?? 3000),
  hostname: process.env.HOST ?? '0.0.0.0',
});
