import type { Debug } from './log.ts';
import type { LeadCall } from './pimms-api.ts';
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
export declare function listenForLeads(lead: LeadCall, debug?: Debug): void;
