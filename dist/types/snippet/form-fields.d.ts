import type { LeadFields } from '../shared/lead.ts';
/**
 * Lead fields from a form's inputs. Only these are read: an input marked
 * `data-pimms-field="externalId|customerName|customerEmail|customerAvatar|metadata.<key>"`, the
 * first e-mail input (type or autocomplete `email`, or named or id'd `email`) as `customerEmail`,
 * and the first name input (autocomplete `name`, or named or id'd `name`, `full-name`,
 * `fullName`) as `customerName`. Hidden inputs count only when marked; sensitive inputs never do;
 * nothing else is read.
 *
 * @param form - The submitted form.
 * @returns The fields found.
 * @example
 * // <input type=email name=email value="ada@example.com"> <input type=password name=pw>
 * formFields(form) // { customerEmail: 'ada@example.com' }
 */
export declare function formFields(form: HTMLFormElement): LeadFields;
