/** Every page, in navigation order (the incident page is reached by drill-down only). */
import type { Page } from '../router.js'
import { adopsi } from './adopsi.js'
import { api } from './api.js'
import { insiden } from './insiden.js'
import { instansi } from './instansi.js'
import { jelajah } from './jelajah.js'
import { keamanan } from './keamanan.js'
import { kepatuhan } from './kepatuhan.js'
import { laporan } from './laporan.js'
import { nasional } from './nasional.js'
import { rekap } from './rekap.js'
import { sla } from './sla.js'

export const PAGES: Page[] = [nasional, instansi, api, jelajah, keamanan, adopsi, kepatuhan, sla, laporan, rekap, insiden]
