/** The Indikator 7 report body (keys 'reports.i7.'). */
import type { MessageGroup } from '../types.js'

export const reportsI7: MessageGroup = {
  id: {
    'reports.i7.register': 'Register Kebijakan Internal',
    'reports.i7.register.intro':
      'Dokumen kebijakan internal penggunaan SPL yang tercatat di Pantau sampai akhir periode penilaian: {n} dokumen. Setiap berkas disimpan di Pantau dan dirujuk dengan digest SHA-256-nya; rancangan hanya diperhitungkan untuk level 1.',
    'reports.i7.register.files':
      'Berkas dokumen dapat diunduh dari Pantau di {url} (setiap unduhan tercatat dalam log audit) dan dicocokkan dengan digest SHA-256 pada tabel.',
    'reports.i7.col.policy': 'Nomor dan judul',
    'reports.i7.col.date': 'Tanggal',
    'reports.i7.col.status': 'Status',
    'reports.i7.col.scope': 'Ruang lingkup',
    'reports.i7.col.document': 'Dokumen',
    'reports.i7.col.scope_item': 'Butir ruang lingkup',
    'reports.i7.col.level': 'Level',
    'reports.i7.col.covered_by': 'Diatur dalam',
    'reports.i7.col.covered': 'Diatur',
    'reports.i7.col.check': 'Pemeriksaan standar',
    'reports.i7.col.tier': 'Tingkat',
    'reports.i7.col.pass_share': 'API lulus (periode)',
    'reports.i7.col.pass_share_month': 'API lulus, {month}',
    'reports.i7.col.via_spl': 'Melalui SPL',
    'reports.i7.col.month': 'Bulan',
    'reports.i7.col.requests': 'Panggilan',
    'reports.i7.col.spl_share': 'Porsi melalui SPL',
    'reports.i7.status.draft': 'Rancangan',
    'reports.i7.status.revoked': 'Dicabut',
    'reports.i7.status.in_force': 'Berlaku',
    'reports.i7.status.replaced': 'Diganti',
    'reports.i7.no_number': '(belum bernomor)',
    'reports.i7.no_document': 'Berkas belum diunggah',
    'reports.i7.none': 'Belum ada dokumen kebijakan dalam register.',
    'reports.i7.scope': 'Kesesuaian Ruang Lingkup Kebijakan',
    'reports.i7.scope.intro':
      'Butir ruang lingkup yang diharapkan indikator, dibandingkan dengan ruang lingkup kebijakan yang berlaku (ditetapkan, belum diganti, dan berkasnya terunggah) pada akhir periode. Level 3 mensyaratkan seluruh butir level 3; level 4 menambahkan integrasi dengan SPLP nasional dan/atau SPL instansi lain.',
    'reports.i7.implementation': 'Bukti Implementasi Kebijakan',
    'reports.i7.implementation.intro':
      'Bukti bahwa kebijakan dijalankan, diukur dari lalu lintas dan registri: porsi panggilan dan API yang melalui SPL, serta kesesuaian API dengan standar integrasi Permenkomdigi 3/2025 (kartu skor Perunggu/Perak/Emas) untuk seluruh periode serta pada bulan pertama dan terakhir yang memiliki lalu lintas.',
    'reports.i7.impl.requests': 'Panggilan ke API instansi',
    'reports.i7.impl.via_spl': 'Melalui SPL',
    'reports.i7.impl.apis': 'API terdaftar yang dipublikasikan melalui SPL',
    'reports.i7.impl.level': 'Tingkat kesiapan instansi',
    'reports.i7.impl.ready': 'tingkat yang dicapai ≥ {share} API terpublikasi',
    'reports.i7.conformance': 'Kesesuaian dengan standar',
    'reports.i7.trend.levels': 'Tingkat kesiapan instansi pada bulan pertama dan terakhir dengan lalu lintas — {levels}.',
    'reports.i7.monthly': 'Integrasi melalui SPL per bulan',
    'reports.i7.reviews': 'Reviu dan Evaluasi Kebijakan',
    'reports.i7.reviews.intro':
      'Catatan reviu dan evaluasi atas kebijakan internal penggunaan SPL, bertanggal, beserta temuan dan tindak lanjutnya (periode penilaian dan satu tahun sebelumnya). Level 5 mensyaratkan kebijakan direviu secara berkala dan dimutakhirkan berdasarkan hasilnya.',
    'reports.i7.method.register':
      'Register kebijakan: nomor, tanggal, judul, jenis, status (rancangan, ditetapkan, dicabut), butir ruang lingkup yang diatur, dan kebijakan yang digantikan dicatat oleh instansi di Pantau bersama berkas dokumennya. Kebijakan berlaku bila ditetapkan sebelum akhir periode dan belum digantikan kebijakan lain yang ditetapkan.',
    'reports.i7.method.scope':
      'Ruang lingkup: butir yang diharapkan indikator disimpan sebagai data dan dapat disesuaikan dengan pedoman evaluasi tahun berjalan; pemeriksaan membandingkannya dengan gabungan butir kebijakan yang berlaku.',
    'reports.i7.method.implementation':
      'Implementasi: porsi panggilan melalui SPL dihitung dari lalu lintas yang melewati gateway SPL; kesesuaian standar dari kartu skor Permenkomdigi 3/2025 per API (URL berversi, HTTPS, autentikasi, dokumen OpenAPI, log terstruktur, TLS 1.3, SLA, pemberitahuan penghentian, publikasi melalui SPL). Tingkat kesiapan instansi adalah tingkat yang dicapai sekurang-kurangnya {share} API terpublikasinya.',
    'reports.i7.method.reviews':
      'Reviu dan evaluasi kebijakan beserta tindak lanjutnya dicatat oleh instansi di Pantau; pemutakhiran dibuktikan dengan kebijakan baru yang ditetapkan setelah reviu dan menggantikan/mengubah kebijakan sebelumnya.',
  },
  en: {
    'reports.i7.register': 'Register of Internal Policies',
    'reports.i7.register.intro':
      'Internal policy documents on using the SPL recorded in Pantau up to the end of the assessment period: {n} documents. Each file is stored in Pantau and referenced by its SHA-256 digest; drafts count for level 1 only.',
    'reports.i7.register.files':
      'The files can be downloaded from Pantau at {url} (every download is recorded in the audit log) and checked against the SHA-256 digests in the table.',
    'reports.i7.col.policy': 'Number and title',
    'reports.i7.col.date': 'Date',
    'reports.i7.col.status': 'Status',
    'reports.i7.col.scope': 'Scope',
    'reports.i7.col.document': 'Document',
    'reports.i7.col.scope_item': 'Scope item',
    'reports.i7.col.level': 'Level',
    'reports.i7.col.covered_by': 'Governed by',
    'reports.i7.col.covered': 'Governed',
    'reports.i7.col.check': 'Standard check',
    'reports.i7.col.tier': 'Tier',
    'reports.i7.col.pass_share': 'APIs passing (period)',
    'reports.i7.col.pass_share_month': 'APIs passing, {month}',
    'reports.i7.col.via_spl': 'Through the SPL',
    'reports.i7.col.month': 'Month',
    'reports.i7.col.requests': 'Calls',
    'reports.i7.col.spl_share': 'Share through the SPL',
    'reports.i7.status.draft': 'Draft',
    'reports.i7.status.revoked': 'Revoked',
    'reports.i7.status.in_force': 'In force',
    'reports.i7.status.replaced': 'Replaced',
    'reports.i7.no_number': '(no number yet)',
    'reports.i7.no_document': 'File not uploaded',
    'reports.i7.none': 'No policy documents in the register yet.',
    'reports.i7.scope': 'Scope of the Policy',
    'reports.i7.scope.intro':
      'The scope items the indicator expects, against the scope of the policies in force (enacted, not replaced, file uploaded) at the end of the period. Level 3 needs every level-3 item; level 4 adds integration with the national SPLP and/or other agency SPLs.',
    'reports.i7.implementation': 'Evidence the Policy Is Implemented',
    'reports.i7.implementation.intro':
      'Evidence the policy is followed, measured from traffic and the registry: the share of calls and APIs through the SPL, and API conformance to the Permenkomdigi 3/2025 integration standard (Bronze/Silver/Gold scorecards) over the period and in its first and last month with traffic.',
    'reports.i7.impl.requests': 'Calls to the agency APIs',
    'reports.i7.impl.via_spl': 'Through the SPL',
    'reports.i7.impl.apis': 'Registered APIs published through the SPL',
    'reports.i7.impl.level': 'Agency readiness',
    'reports.i7.impl.ready': 'the tier ≥ {share} of published APIs reach',
    'reports.i7.conformance': 'Conformance to the standard',
    'reports.i7.trend.levels': 'Agency readiness in the first and last month with traffic — {levels}.',
    'reports.i7.monthly': 'Integration through the SPL by month',
    'reports.i7.reviews': 'Policy Reviews and Evaluations',
    'reports.i7.reviews.intro':
      'Reviews and evaluations of the internal SPL policy, dated, with their findings and follow-ups (the assessment period and the year before). Level 5 needs the policy reviewed periodically and updated from the results.',
    'reports.i7.method.register':
      'Policy register: number, date, title, kind, status (draft, enacted, revoked), the scope items governed and the policy replaced are recorded in Pantau by the agency with the document file. A policy is in force when enacted before the period ends and not replaced by another enacted policy.',
    'reports.i7.method.scope':
      "Scope: the items the indicator expects are kept as data and follow the year's evaluation guidance; the check compares them with the union of the items of the policies in force.",
    'reports.i7.method.implementation':
      'Implementation: the share of calls through the SPL comes from traffic through SPL gateways; conformance from the Permenkomdigi 3/2025 scorecard of each API (versioned URL, HTTPS, authentication, OpenAPI document, structured logs, TLS 1.3, SLA, deprecation notice, publication through the SPL). Agency readiness is the tier at least {share} of its published APIs reach.',
    'reports.i7.method.reviews':
      'Policy reviews, evaluations and follow-ups are recorded in Pantau by the agency; an update is evidenced by a new policy enacted after a review that replaces or amends the previous one.',
  },
}
