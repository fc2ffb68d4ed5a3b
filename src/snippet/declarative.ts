/**
 * Declarative leads: `<form data-pimms-lead="Sign up">` and `<button data-pimms-lead="Book a demo">`.
 *
 * The snippet only listens, on the window, so forms and buttons added later by a single-page app
 * count too, and nothing the page does (its own handlers, the submitter's name and value, a
 * framework's controlled form) changes: no listener here cancels, delays or re-submits anything.
 */
import { formFields } from './form-fields.ts';
import type { Debug } from './log.ts';
import { fieldsFromData } from './options.ts';
import type { LeadCall } from './pimms-api.ts';

/** How long after `form.submit()` the page must start to unload for it to count as a submission. */
const SCRIPT_SUBMIT_MS = 1e3;

/**
 * Listens for declarative leads:
 * - a `submit` event of a `data-pimms-lead` form that the page did not cancel (the browser's own
 *   validation, when it blocks, fires no submit event at all);
 * - a form submitted by script with `form.submit()`, which fires no submit event: its `formdata`
 *   event, when the page then starts to navigate (a `new FormData(form)` that no navigation follows
 *   is a script reading the form, not a submission);
 * - a click on any other element with `data-pimms-lead` (or inside one).
 *
 * @param lead - Records one lead.
 * @param debug - Where debug mode says why a form sent no lead (debug build only).
 * @example
 * listenForLeads(lead)
 */
export function listenForLeads(lead: LeadCall, debug?: Debug): void {
  // The form whose submit event sent its lead. Every formdata event it fires from then on is that
  // submission's: Chromium fires two for a POST form, the second after the submit event's task
  // (seen in Chromium 156, e2e/declarative.spec.ts), so it is not forgotten after a tick.
  let submitted: EventTarget | undefined;
  // The form a form.submit() may be sending (Chromium fires formdata twice for that too).
  let pending: EventTarget | undefined;
  const send = (element: HTMLElement, unloading?: boolean) =>
    lead(
      element.dataset.pimmsLead,
      element.tagName == 'FORM' ? formFields(element as HTMLFormElement) : {},
      fieldsFromData(element.dataset, 'pimms'),
      unloading,
    );
  const named = (target: EventTarget | null) =>
    target instanceof HTMLElement && target.dataset.pimmsLead != null;

  addEventListener('submit', (event) => {
    const form = event.target as HTMLFormElement;
    if (!named(form)) return;
    // Listening last, on the window, the page's own handlers have had their say.
    if (event.defaultPrevented) {
      if (__DEBUG__ && debug)
        debug('form "' + form.dataset.pimmsLead + '": submit cancelled by the page, no lead');
      return;
    }
    submitted = form;
    send(form);
  });

  addEventListener(
    'formdata',
    (event) => {
      const form = event.target as HTMLFormElement;
      // The formdata events of a submission already counted above, or already waiting below.
      if (!named(form) || form == submitted || form == pending) return;
      pending = form;
      const until = Date.now() + SCRIPT_SUBMIT_MS;
      // A site handler that read the form as it was submitted: the submit event sent the lead.
      const onUnload = () => Date.now() < until && form != submitted && send(form, true);
      addEventListener('beforeunload', onUnload, { once: true });
      // beforeunload listeners cost some browsers their back/forward cache: keep this one briefly.
      setTimeout(() => {
        removeEventListener('beforeunload', onUnload);
        pending = undefined;
      }, SCRIPT_SUBMIT_MS);
    },
    true,
  );

  addEventListener(
    'click',
    (event) => {
      const target = event.target as Element;
      const element = target.closest && target.closest('[data-pimms-lead]');
      if (element && element.tagName != 'FORM') send(element as HTMLElement);
    },
    // Capture: a page handler that stops propagation must not hide the click.
    true,
  );
}
