/** Text of the reports (keys prefixed 'reports.'). */
import type { MessageGroup } from '../index.js'

export const reports: MessageGroup = {
  id: {},
  en: {},
}
