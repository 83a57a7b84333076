/**
 * Vega number and time locales for Indonesian and English, and the WIB
 * convention every chart follows: times are shifted to "WIB wall clock as
 * UTC" and drawn on UTC scales, so a chart shows WIB whatever the viewer's
 * (or the server's) time zone is.
 */
import type { Lang } from '../i18n/index.js'

export const NUMBER_LOCALE: Record<Lang, object> = {
  id: { decimal: ',', thousands: '.', grouping: [3], currency: ['Rp', ''] },
  en: { decimal: '.', thousands: ',', grouping: [3], currency: ['$', ''] },
}

export const TIME_LOCALE: Record<Lang, object> = {
  id: {
    dateTime: '%A, %e %B %Y %H.%M.%S',
    date: '%d/%m/%Y',
    time: '%H.%M.%S',
    periods: ['', ''],
    days: ['Minggu', 'Senin', 'Selasa', 'Rabu', 'Kamis', 'Jumat', 'Sabtu'],
    shortDays: ['Min', 'Sen', 'Sel', 'Rab', 'Kam', 'Jum', 'Sab'],
    months: ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember'],
    shortMonths: ['Jan', 'Feb', 'Mar', 'Apr', 'Mei', 'Jun', 'Jul', 'Agu', 'Sep', 'Okt', 'Nov', 'Des'],
  },
  en: {
    dateTime: '%a %e %b %Y %H:%M:%S',
    date: '%d/%m/%Y',
    time: '%H:%M:%S',
    periods: ['AM', 'PM'],
    days: ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'],
    shortDays: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'],
    months: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
    shortMonths: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'],
  },
}

const WIB_OFFSET_MS = 7 * 3600e3

/** An instant (ms or ISO 8601 with offset) as WIB wall-clock time expressed in UTC ms, for UTC scales. */
export function wibWallClock(when: number | string): number {
  return new Date(when).getTime() + WIB_OFFSET_MS
}
