/**
 * Declarative leads: `<form data-pimms-lead="Sign up">` and `<button data-pimms-lead="Book a demo">`.
 *
 * The snippet only listens, on the window, so forms and buttons added later by a single-page app
 * count too, and nothing the page does (its own handlers, the submitter's name and value, a
 * framework's controlled form) changes: no listener here cancels, delays or re-submits anything.
 */
import type { LeadCall } from './create-pimms.ts';
import { formFields } from './form-fields.ts';
import { debug } from './log.ts';
import { fieldsFromData } from './options.ts';

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
 * @example
 * listenForLeads(lead)
 */
export function listenForLeads(lead: LeadCall): void {
  let submitted: EventTarget | null = null;
  const send = (element: HTMLElement, unloading?: boolean) =>
    lead(element.dataset.pimmsLead, element.tagName == 'FORM' ? formFields(element as HTMLFormElement) : {}, fieldsFromData(element.dataset, 'pimms'), unloading);
  const named = (target: EventTarget | null) => target instanceof HTMLElement && target.dataset.pimmsLead != null;

  addEventListener('submit', (event) => {
    const form = event.target as HTMLFormElement;
    if (!named(form)) return;
    // Listening last, on the window, the page's own handlers have had their say.
    if (event.defaultPrevented) {
      if (__DEBUG__) debug('form "' + form.dataset.pimmsLead + '": submit cancelled by the page, no lead');
      return;
    }
    submitted = form;
    setTimeout(() => (submitted = null));
    send(form);
  });

  addEventListener(
    'formdata',
    (event) => {
      const form = event.target as HTMLFormElement;
      // The formdata event of a submission already counted above.
      if (!named(form) || form == submitted) return;
      const until = Date.now() + SCRIPT_SUBMIT_MS;
      const onUnload = () => Date.now() < until && send(form, true);
      addEventListener('beforeunload', onUnload, { once: true });
      // beforeunload listeners cost some browsers their back/forward cache: keep this one briefly.
      setTimeout(() => removeEventListener('beforeunload', onUnload), SCRIPT_SUBMIT_MS);
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
