/** Text of the ui (keys prefixed 'ui.'): the app shell, the pages and the charts. */
import type { MessageGroup } from '../types.js'
import { uiApp } from './ui-app.js'
import { uiAuth } from './ui-auth.js'
import { uiCharts } from './ui-charts.js'
import { uiJelajah } from './ui-jelajah.js'
import { uiPages } from './ui-pages.js'

const PARTS: MessageGroup[] = [uiApp, uiAuth, uiPages, uiCharts, uiJelajah]

export const ui: MessageGroup = {
  id: Object.assign({}, ...PARTS.map((p) => p.id)),
  en: Object.assign({}, ...PARTS.map((p) => p.en)),
}
