/**
 * The scope an internal SPL policy is expected to govern (SPBE Indikator 7),
 * as data: level 3 needs the items of SPL use across the instansi, level 4
 * adds integration with the national SPLP / other instansi. Change the list
 * when the year's evaluation guidance changes.
 */
export const SCOPE_ITEMS = [
  { id: 'kewajiban_integrasi', level: 3, text: 'Kewajiban integrasi layanan, data dan aplikasi melalui SPL' },
  { id: 'pengelolaan', level: 3, text: 'Pengelolaan dan pengoperasian SPL' },
  { id: 'tanggung_jawab', level: 3, text: 'Peran dan tanggung jawab unit kerja / perangkat daerah' },
  { id: 'standar_interoperabilitas', level: 3, text: 'Standar interoperabilitas (API, format data, metadata, katalog layanan)' },
  { id: 'keamanan', level: 3, text: 'Keamanan integrasi (autentikasi, enkripsi, pembatasan akses)' },
  { id: 'integrasi_splp', level: 4, text: 'Integrasi dengan SPLP nasional dan/atau SPL instansi lain' },
] as const

export type ScopeId = (typeof SCOPE_ITEMS)[number]['id']
export const SCOPE_IDS = SCOPE_ITEMS.map((s) => s.id) as [ScopeId, ...ScopeId[]]
