/**
 * Declarative leads: `<form data-pimms-lead="Sign up">` and `<button data-pimms-lead="Book a demo">`.
 *
 * The snippet only listens, on the window, so forms and buttons added later by a single-page app
 * count too, and nothing the page does (its own handlers, the submitter's name and value, a
 * framework's controlled form) changes: no listener here cancels, delays or re-submits anything.
 */
import type { LeadCall } from './create-pimms.ts';
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
export declare function listenForLeads(lead: LeadCall): void;
