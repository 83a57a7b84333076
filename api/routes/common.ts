/** OpenAPI pieces every route shares. */
import { z } from '@hono/zod-openapi'
import { Problem } from '../http/problem.js'

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
