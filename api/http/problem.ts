/**
 * RFC 7807 problem details. Every error Pantau returns over HTTP is one of
 * these, as `application/problem+json`, naming the field that is wrong.
 */
import type { Context } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { z } from 'zod'

export const FieldError = z.object({
  field: z.string().describe('Dotted path of the offending field'),
  reason: z.string(),
  index: z.number().int().optional().describe('Position of the record in a batch'),
})
export type FieldError = z.infer<typeof FieldError>

export const Problem = z.object({
  type: z.string().describe('URI reference identifying the problem type'),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  instance: z.string().optional(),
  field: z.string().optional().describe('The first offending field'),
  errors: z.array(FieldError).optional(),
  accepted: z.number().int().optional().describe('Records of the batch that were stored'),
  rejected: z.number().int().optional(),
})
export type Problem = z.infer<typeof Problem>

export const PROBLEM_CONTENT_TYPE = 'application/problem+json'
const TYPE_BASE = 'https://pantau.go.id/problems/'

export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly slug: string,
    readonly title: string,
    readonly extra: Omit<Problem, 'type' | 'title' | 'status'> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(extra.detail ?? title)
  }

  toProblem(instance?: string): Problem {
    return { type: TYPE_BASE + this.slug, title: this.title, status: this.status, instance, ...this.extra }
  }
}

export const badRequest = (field: string, reason: string, errors?: FieldError[]) =>
  new ProblemError(400, 'invalid-request', 'Invalid request', {
    detail: field ? `${field}: ${reason}` : reason,
    field,
    errors: errors ?? [{ field, reason }],
  })

/** A zod error as a 400 problem; `prefix` locates the parsed object (query, body). */
export function fromZodError(error: z.ZodError, prefix: string): ProblemError {
  const errors = error.issues.map((i) => ({
    field: [prefix, ...i.path.map(String)].filter(Boolean).join('.'),
    reason: i.message,
  }))
  return badRequest(errors[0]?.field ?? prefix, errors[0]?.reason ?? 'invalid', errors)
}

export const unauthorized = (detail: string) =>
  new ProblemError(401, 'unauthorized', 'Unauthorized', { detail, field: 'Authorization' }, { 'WWW-Authenticate': 'Bearer' })
export const forbidden = (detail: string, field?: string) =>
  new ProblemError(403, 'forbidden', 'Forbidden', { detail, field })
export const notFound = (detail: string, field?: string) => new ProblemError(404, 'not-found', 'Not found', { detail, field })
export const conflict = (detail: string, field?: string) => new ProblemError(409, 'conflict', 'Conflict', { detail, field })

/** Render any error as problem+json; unknown errors are 500s (and logged). */
export function problemResponse(c: Context, err: unknown): Response {
  const p =
    err instanceof ProblemError
      ? err
      : new ProblemError(500, 'internal', 'Internal error', { detail: (err as Error)?.message ?? String(err) })
  if (p.slug === 'internal') console.error(err)
  return c.body(JSON.stringify(p.toProblem(c.req.path)), p.status as ContentfulStatusCode, {
    'content-type': PROBLEM_CONTENT_TYPE,
    ...p.headers,
  })
}
