/**
 * RFC 7807 problem details. Every error Pantau returns over HTTP is one of
 * these, as `application/problem+json`, naming the field that is wrong.
 * An unexpected error is a 500 that says only "internal error" and a short
 * reference; its message (SQL, engine internals) goes to the server log
 * under that reference, never to the client.
 */
import { randomBytes } from 'node:crypto'
import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { componentLogger } from '../log/logger.js'
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
  reference: z.string().optional().describe('500s: the id under which the server logged the error'),
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
export const forbidden = (detail: string, field?: string) => new ProblemError(403, 'forbidden', 'Forbidden', { detail, field })
export const notFound = (detail: string, field?: string) => new ProblemError(404, 'not-found', 'Not found', { detail, field })
export const conflict = (detail: string, field?: string) => new ProblemError(409, 'conflict', 'Conflict', { detail, field })

/** The client went away mid-request: nobody reads the answer, and it is not Pantau's error (not logged). */
export function isClientAbort(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown; name?: unknown } | null
  return !!e && (e.name === 'AbortError' || (e.code === 'ECONNRESET' && e.message === 'aborted'))
}

/** A short random id that ties a 500 answer to its server log line. */
export const errorReference = (): string => randomBytes(6).toString('hex')

/** Render any error as problem+json; unknown errors are 500s, logged with a reference the answer names. */
export function problemResponse(c: Context, err: unknown): Response {
  let p: ProblemError
  if (err instanceof ProblemError) p = err
  else if (isClientAbort(err))
    p = new ProblemError(400, 'client-aborted', 'Request aborted', { detail: 'the client closed the connection before the request was read' })
  else if (err instanceof HTTPException && err.status < 500)
    // hono's own refusals (a malformed JSON body, …) are the client's errors, not Pantau's
    p = new ProblemError(err.status, 'invalid-request', 'Invalid request', { detail: err.message, field: /json/i.test(err.message) ? 'body' : undefined })
  else {
    const reference = errorReference()
    componentLogger('http').error({ error: err, reference, method: c.req.method, endpoint: c.req.path }, `internal error ${reference}`)
    p = new ProblemError(500, 'internal', 'Internal error', { detail: `internal error (reference ${reference})`, reference })
  }
  return c.body(JSON.stringify(p.toProblem(c.req.path)), p.status as ContentfulStatusCode, {
    'content-type': PROBLEM_CONTENT_TYPE,
    ...p.headers,
  })
}
