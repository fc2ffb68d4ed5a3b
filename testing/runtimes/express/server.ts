// server.ts: the relay on Express, through the Node adapter.
import express from 'express';
import { createLeadRelay } from 'pimms-lead/relay';
import { toNodeHandler } from 'pimms-lead/relay/node';

// PIMMS_API_KEY (and PIMMS_API_URL) come from the environment.
const relay = createLeadRelay({ allowedOrigins: ['https://www.example.com'] });

const app = express();
// Before any body parser: the relay reads and bounds the body itself.
app.all('/api/pimms/lead', toNodeHandler(relay));

export const server = app.listen(Number(process.env.PORT ?? 3000), process.env.HOST ?? '0.0.0.0');
