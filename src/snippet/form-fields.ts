import type { LeadFields } from '../shared/lead.ts';

/**
 * Inputs never read, even when marked: passwords, payment cards, one-time codes, secrets. Matched
 * on the input's type, name, id and autocomplete token (https://html.spec.whatwg.org/#autofill),
 * lowercased: no `i` flag, whose case tables make V8's first use of a pattern several times slower.
 */
const SENSITIVE = /pass|card|cc-|cvc|cvv|csc|iban|ssn|secret|token|one-time/;

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
export function formFields(form: HTMLFormElement): LeadFields {
  const fields: Record<string, unknown> = {};
  const metadata: Record<string, string> = {};
  for (const element of form.elements as unknown as HTMLInputElement[]) {
    const { type, value } = element;
    // (Every listed form control is an HTMLElement, with a dataset.)
    const marked = element.dataset.pimmsField;
    // What the input says it is, as space-separated words: the autocomplete token (the last one:
    // "shipping email" is an e-mail), the type, the name and the id.
    const hint =
      ' ' +
      [(element.autocomplete || '').split(' ').pop(), type, element.name, element.id]
        .join(' ')
        .toLowerCase() +
      ' ';
    if (!value || SENSITIVE.test(hint) || (/radio|checkbox/.test(type) && !element.checked))
      continue;
    const field =
      marked ||
      (type == 'hidden'
        ? ''
        : / e-?mail /.test(hint)
          ? 'customerEmail'
          : / (full.?)?name /.test(hint)
            ? 'customerName'
            : '');
    if (!field.indexOf('metadata.')) metadata[field.slice(9)] = value;
    else if (field && !(field in fields)) fields[field] = value;
  }
  for (const _ in metadata) {
    fields.metadata = metadata;
    break;
  }
  return fields;
}
