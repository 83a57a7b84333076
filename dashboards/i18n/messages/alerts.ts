/** Text of the alerts (keys prefixed 'alerts.'). */
import type { MessageGroup } from '../index.js'

export const alerts: MessageGroup = {
  id: {},
  en: {},
}
