/**
 * The body of `POST /track/lead` as PIMMS' zod schema reads it (/work/shared/PIMMS-API.md, "The
 * body"). The sandbox is dev-only and PIMMS uses zod 3, so the same zod gives the same messages
 * word for word, which a hand-written check would only approximate.
 */
import { z, type ZodIssue } from 'zod';

/**
 * The schema, its fields in the order of PIMMS-API.md's table: zod reports issues in the order of
 * the shape's keys, and only the first one is answered, so the order decides which problem a body
 * with several gets told about. Unknown keys are stripped (zod's default for objects).
 */
export const trackLeadSchema = z.object({
  clickId: z.string().trim().min(1, 'clickId is required'),
  eventName: z.string().trim().min(1).max(255),
  externalId: z.string().trim().max(100).default(''),
  customerId: z.string().trim().max(100).nullish().default(null),
  // Not trimmed, on purpose: PIMMS stores and compares them as sent.
  customerName: z.string().max(100).nullish().default(null),
  customerEmail: z.string().email().max(100).nullish().default(null),
  customerAvatar: z.string().nullish().default(null),
  metadata: z.record(z.unknown()).nullish().default(null),
  eventQuantity: z.number().nullish(),
  mode: z.enum(['async', 'wait']).default('async'),
});

/** A body that passed {@link trackLeadSchema}: trimmed, defaults filled in. */
export type TrackLeadInput = z.infer<typeof trackLeadSchema>;

/**
 * The message PIMMS answers in its 422: the first issue only, as `code: path: message`, the path
 * in object notation (`metadata.plan`).
 *
 * @param issue - The first issue of a failed parse.
 * @example
 * formatIssue(trackLeadSchema.safeParse({ clickId: 'x', eventName: 'e'.repeat(256) }).error!.issues[0]!)
 * // 'too_big: eventName: String must contain at most 255 character(s)'
 */
export function formatIssue(issue: ZodIssue): string {
  return `${issue.code}: ${issue.path.join('.')}: ${issue.message}`;
}
