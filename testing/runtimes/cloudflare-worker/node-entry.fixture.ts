// A Worker that (wrongly) imports the Node entry: the control that shows the bundle test fails
// on a node:* import (testing/runtimes/cloudflare-worker.test.ts).
import { serve } from 'pimms-lead/relay/node';

export default { fetch: () => serve.name };
