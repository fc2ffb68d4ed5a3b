// app/api/pimms/lead/route.ts: the relay as a Next.js route handler (App Router).
import { createLeadRelay } from 'pimms-lead/relay';

// PIMMS_API_KEY (and PIMMS_API_URL) come from the environment; create the relay once, here.
const relay = createLeadRelay({ allowedOrigins: ['https://www.example.com'] });

export const POST = relay;
export const OPTIONS = relay;
