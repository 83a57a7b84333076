/**
 * Text of the reports (keys prefixed 'reports.'): the shared parts and each
 * indicator's body. The wording of the level criteria lives with the
 * criteria, in reports/indikator7 and reports/indikator18.
 */
import type { MessageGroup } from '../types.js'
import { reportsBase } from './reports-base.js'
import { reportsI7 } from './reports-i7.js'
import { reportsI18 } from './reports-i18.js'
import { reportsVerify } from './reports-verify.js'

const PARTS: MessageGroup[] = [reportsBase, reportsI18, reportsI7, reportsVerify]

export const reports: MessageGroup = {
  id: Object.assign({}, ...PARTS.map((p) => p.id)),
  en: Object.assign({}, ...PARTS.map((p) => p.en)),
}
