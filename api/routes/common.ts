/** OpenAPI pieces every route shares. */
import { z } from '@hono/zod-openapi'
import { badRequest, Problem } from '../../shared/http/problem.js'

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: Problem } },
})

export const errorResponses = {
  400: problem('Invalid request: the problem names the field'),
  401: problem('Missing or unknown bearer token'),
  403: problem('The token may not do this (role or instansi)'),
} as const

export const IdParam = z.object({ id: z.string().min(1).max(128) })

/** A path id for routes outside the OpenAPI validator: a bad one is a 400 naming `id`. */
export function idParam(value: string | undefined): string {
  const parsed = IdParam.safeParse({ id: value })
  if (!parsed.success) throw badRequest('id', parsed.error.issues[0]?.message ?? 'invalid id')
  return parsed.data.id
}
