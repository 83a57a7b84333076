/** Text of the CSV downloads of the UI's tables (the "Unduh CSV" button of every table card). */
import type { MessageGroup } from '../types.js'

export const uiCsv: MessageGroup = {
  id: {
    'ui.csv.download': 'Unduh CSV',
    'ui.csv.download_label': 'Unduh tabel "{title}" sebagai CSV',
    'ui.csv.downloading': 'Mengunduh…',
    'ui.csv.failed': 'CSV gagal diunduh: {detail}',
  },
  en: {
    'ui.csv.download': 'Download CSV',
    'ui.csv.download_label': 'Download the table "{title}" as CSV',
    'ui.csv.downloading': 'Downloading…',
    'ui.csv.failed': 'The CSV could not be downloaded: {detail}',
  },
}
