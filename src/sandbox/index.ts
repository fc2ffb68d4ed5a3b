/**
 * The sandbox: a local stand-in of the PIMMS API (short links, `POST /track/lead`, a leads page),
 * stored in SQLite.
 */
export { createSandbox, type Sandbox, type SandboxOptions } from './create-sandbox.ts';
export type { SandboxClick, SandboxLead } from './database.ts';
