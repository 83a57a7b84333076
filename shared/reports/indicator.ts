/**
 * The indicators an evidence report can be about (SPBE Indikator 7 and 18):
 * one enum shared by the report contract and the assessment-season shapes.
 */
import { z } from '@hono/zod-openapi'

export const Indicator = z.enum(['i7', 'i18'])
export type Indicator = z.infer<typeof Indicator>
