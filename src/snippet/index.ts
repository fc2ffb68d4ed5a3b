/**
 * Entry of dist/pimms.js, the `<script>` tag build: reads the options from the tag's `data-`
 * attributes and installs `window.pimms`. Wiring only.
 */
import { startPimms } from './create-pimms.ts';
import { installPimms } from './install.ts';
import { readScriptOptions } from './options.ts';

// Evaluated without a DOM (a worker, server-side rendering: no window, or one without a document),
// the script does nothing; and it never throws into the page that loads it.
try {
  if (window.document) {
    // Only while the script runs: read later, it is null.
    const script = document.currentScript;
    installPimms(window as never, () => startPimms(() => readScriptOptions(script)));
  }
} catch {}
