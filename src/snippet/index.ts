/**
 * Entry of dist/pimms.js, the `<script>` tag build: reads the options from the tag's `data-`
 * attributes and installs `window.pimms`. Wiring only.
 */
import { createPimms } from './create-pimms.ts';
import { installPimms } from './install.ts';
import { readScriptOptions } from './options.ts';

// Evaluated without a DOM (a worker, server-side rendering), the script does nothing; and it never
// throws into the page that loads it.
try {
  if (typeof document == 'object')
    installPimms(window as never, () => createPimms(readScriptOptions(document.currentScript)));
} catch {}
