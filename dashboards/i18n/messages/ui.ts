/** Text of the ui (keys prefixed 'ui.'). */
import type { MessageGroup } from '../index.js'

export const ui: MessageGroup = {
  id: {},
  en: {},
}
