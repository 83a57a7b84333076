/** Text of the ui (keys prefixed 'ui.'): the app shell, the pages and the charts. */
import type { MessageGroup } from '../types.js'
import { uiApp } from './ui-app.js'
import { uiCharts } from './ui-charts.js'
import { uiPages } from './ui-pages.js'

const PARTS: MessageGroup[] = [uiApp, uiPages, uiCharts]

export const ui: MessageGroup = {
  id: Object.assign({}, ...PARTS.map((p) => p.id)),
  en: Object.assign({}, ...PARTS.map((p) => p.en)),
}
