/** The Indikator 18 report body (keys 'reports.i18.'). */
import type { MessageGroup } from '../types.js'

export const reportsI18: MessageGroup = {
  id: {
    'reports.i18.apis': 'API yang Melalui SPL',
    'reports.i18.apis.intro':
      '{n} dari {total} API terdaftar melewati SPL (bus layanan) instansi. Pada periode penilaian tercatat {calls} panggilan melalui SPL ({share} dari seluruh panggilan ke API instansi). Ketersediaan dan SLA dihitung per API dari data lalu lintas dan pemeriksaan sintetis.',
    'reports.i18.bypass': 'API di luar SPL (point-to-point)',
    'reports.i18.bypass.intro':
      '{n} API dilayani melalui proksi langsung di luar SPL, dengan {calls} panggilan pada periode penilaian. Integrasi ini belum memanfaatkan SPL.',
    'reports.i18.col.api': 'API',
    'reports.i18.col.unit': 'Unit kerja / perangkat daerah',
    'reports.i18.col.gateway': 'Gateway',
    'reports.i18.col.calls': 'Panggilan',
    'reports.i18.col.consumers': 'Konsumen (aplikasi / instansi)',
    'reports.i18.col.uptime': 'Ketersediaan',
    'reports.i18.col.sla': 'Target SLA / bulan memenuhi',
    'reports.i18.col.apis': 'API',
    'reports.i18.col.calls_spl': 'Panggilan via SPL',
    'reports.i18.col.apps': 'Aplikasi',
    'reports.i18.col.app_calls': 'Panggilan aplikasi via SPL',
    'reports.i18.col.applied': 'Menggunakan SPL',
    'reports.i18.col.product': 'Produk',
    'reports.i18.col.is_spl': 'SPL',
    'reports.i18.col.splp': 'Terhubung SPLP',
    'reports.i18.col.instansi': 'Instansi',
    'reports.i18.sla_months': '{met} dari {of} bulan memenuhi',
    'reports.i18.none': 'Tidak ada data pada periode penilaian.',
    'reports.i18.sla': 'Ketersediaan dan SLA Bulanan',
    'reports.i18.sla.intro':
      'Setiap sel menunjukkan ketersediaan (uptime, %) API pada satu bulan kalender (WIB). Hijau: target ketersediaan dan latensi p95 terpenuhi; merah: tidak terpenuhi; abu-abu: tanpa lalu lintas. Satu menit dihitung tidak tersedia bila ≥ {share} % permintaannya berstatus 5xx atau pemeriksaan sintetisnya gagal.',
    'reports.i18.architecture': 'Arsitektur Integrasi',
    'reports.i18.architecture.intro':
      'Diagram berikut digambar dari lalu lintas yang tercatat: aplikasi instansi dan instansi lain yang mengonsumsi API (kiri), SPL dan gateway yang dilalui (tengah), API instansi (kanan), serta koneksi SPL ke SPLP nasional dan SPL instansi lain yang dikonsumsi (atas). Ketebalan garis sebanding dengan jumlah panggilan; garis merah melewati proksi langsung di luar SPL.',
    'reports.i18.architecture.note':
      'Simpul dengan lalu lintas terkecil digabung menjadi satu simpul "lainnya" agar diagram tetap terbaca; daftar lengkap ada pada tabel bagian 2 dan 6.',
    'reports.i18.coverage': 'Cakupan Unit Kerja / Perangkat Daerah',
    'reports.i18.coverage.intro':
      '{applied} dari {total} unit kerja / perangkat daerah menggunakan SPL: menyediakan API yang dipanggil melalui SPL atau menjalankan aplikasi yang memanggil API melalui SPL pada periode penilaian.',
    'reports.i18.splp': 'Koneksi ke SPLP Nasional dan Instansi Lain',
    'reports.i18.splp.status.linked': 'SPL instansi terhubung ke SPLP nasional.',
    'reports.i18.splp.status.spl_not_linked': 'Instansi memiliki SPL, tetapi belum ada gateway yang terhubung ke SPLP nasional.',
    'reports.i18.splp.status.no_spl': 'Belum ada gateway yang terdaftar sebagai SPL instansi.',
    'reports.i18.splp.requests': 'Seluruh panggilan ke API instansi',
    'reports.i18.splp.via_spl': 'Melalui SPL',
    'reports.i18.splp.direct': 'Di luar SPL (point-to-point)',
    'reports.i18.splp.via_splp': 'Melalui gateway yang terhubung SPLP',
    'reports.i18.growth': 'Panggilan (batang) dan jumlah integrasi antarinstansi (garis, pasangan instansi konsumen → penyedia) per bulan:',
    'reports.i18.partners.inbound': 'Instansi lain yang mengonsumsi API instansi',
    'reports.i18.partners.outbound': 'Instansi lain yang API-nya dikonsumsi instansi',
    'reports.i18.reviews': 'Reviu dan Evaluasi SPL',
    'reports.i18.reviews.intro':
      'Catatan reviu dan evaluasi penyelenggaraan SPL yang disimpan di Pantau, bertanggal, beserta temuan dan tindak lanjutnya (periode penilaian dan satu tahun sebelumnya). Level 4 mensyaratkan reviu dan evaluasi berkala; level 5 mensyaratkan hasilnya ditindaklanjuti dengan perbaikan.',
    'reports.i18.method.traffic':
      'Sumber data: lalu lintas API yang dikirim gateway (WSO2, Kong, APISIX, nginx, Envoy, OpenTelemetry) ke Pantau, dinormalisasi menjadi satu peristiwa per panggilan dan diringkas per menit dan per jam; registri instansi, unit kerja, gateway, API dan konsumen; register kebijakan serta reviu dan evaluasi. Seluruh waktu dalam WIB (UTC+7); periode penilaian mencakup hari pertama sampai hari terakhir periode.',
    'reports.i18.method.spl':
      'Sebuah API dihitung melalui SPL bila terdaftar pada gateway yang ditandai sebagai SPL instansi atau lalu lintasnya tercatat melewati gateway tersebut. Gateway yang bukan SPL diperlakukan sebagai koneksi point-to-point.',
    'reports.i18.method.uptime':
      'Ketersediaan: satu menit sebuah API dihitung tidak tersedia bila ≥ {share} % permintaannya berstatus 5xx atau pemeriksaan sintetisnya gagal; menit tanpa lalu lintas tidak dihitung. SLA bulanan terpenuhi bila ketersediaan bulan itu mencapai target dan latensi p95 tidak melebihi target API.',
    'reports.i18.method.coverage':
      'Cakupan: unit kerja / perangkat daerah dihitung menggunakan SPL bila API miliknya dipanggil melalui SPL, atau aplikasi miliknya (konsumen terdaftar) memanggil API melalui SPL, pada periode penilaian. API tanpa unit kerja tidak dihitung pada cakupan.',
    'reports.i18.method.reviews':
      'Reviu dan evaluasi beserta tindak lanjutnya dicatat oleh instansi di Pantau; laporan menampilkannya apa adanya dengan tanggalnya. Pantau tidak menilai isi temuan.',
  },
  en: {
    'reports.i18.apis': 'APIs through the SPL',
    'reports.i18.apis.intro':
      '{n} of {total} registered APIs pass through the agency SPL (service bus). In the assessment period {calls} calls went through the SPL ({share} of all calls to the agency APIs). Availability and SLA are computed per API from traffic and synthetic checks.',
    'reports.i18.bypass': 'APIs outside the SPL (point-to-point)',
    'reports.i18.bypass.intro':
      '{n} APIs are served through direct proxies outside the SPL, with {calls} calls in the assessment period. These integrations do not use the SPL yet.',
    'reports.i18.col.api': 'API',
    'reports.i18.col.unit': 'Work unit',
    'reports.i18.col.gateway': 'Gateway',
    'reports.i18.col.calls': 'Calls',
    'reports.i18.col.consumers': 'Consumers (apps / agencies)',
    'reports.i18.col.uptime': 'Availability',
    'reports.i18.col.sla': 'SLA target / months met',
    'reports.i18.col.apis': 'APIs',
    'reports.i18.col.calls_spl': 'Calls via SPL',
    'reports.i18.col.apps': 'Applications',
    'reports.i18.col.app_calls': 'Application calls via SPL',
    'reports.i18.col.applied': 'Uses the SPL',
    'reports.i18.col.product': 'Product',
    'reports.i18.col.is_spl': 'SPL',
    'reports.i18.col.splp': 'Linked to SPLP',
    'reports.i18.col.instansi': 'Agency',
    'reports.i18.sla_months': '{met} of {of} months met',
    'reports.i18.none': 'No data in the assessment period.',
    'reports.i18.sla': 'Monthly Availability and SLA',
    'reports.i18.sla.intro':
      'Each cell shows the availability (uptime, %) of an API in one calendar month (WIB). Green: availability and p95 latency targets met; red: missed; grey: no traffic. A minute counts as unavailable when ≥ {share} % of its requests were 5xx or its synthetic check failed.',
    'reports.i18.architecture': 'Integration Architecture',
    'reports.i18.architecture.intro':
      'The diagram is drawn from recorded traffic: agency applications and other agencies consuming the APIs (left), the SPL and gateways they pass (middle), the agency APIs (right), and the SPL link to the national SPLP and the other agency SPLs it consumes (top). Line width follows the number of calls; red lines go through direct proxies outside the SPL.',
    'reports.i18.architecture.note':
      'The nodes with the least traffic are merged into one "more" node to keep the diagram legible; the tables of sections 2 and 6 list everything.',
    'reports.i18.coverage': 'Coverage of Work Units',
    'reports.i18.coverage.intro':
      '{applied} of {total} work units use the SPL: they provide APIs called through the SPL, or run applications calling APIs through the SPL, in the assessment period.',
    'reports.i18.splp': 'Connection to the National SPLP and Other Agencies',
    'reports.i18.splp.status.linked': 'The agency SPL is connected to the national SPLP.',
    'reports.i18.splp.status.spl_not_linked': 'The agency has an SPL, but no gateway is connected to the national SPLP yet.',
    'reports.i18.splp.status.no_spl': 'No gateway is registered as the agency SPL yet.',
    'reports.i18.splp.requests': 'All calls to the agency APIs',
    'reports.i18.splp.via_spl': 'Through the SPL',
    'reports.i18.splp.direct': 'Outside the SPL (point-to-point)',
    'reports.i18.splp.via_splp': 'Through gateways linked to the SPLP',
    'reports.i18.growth': 'Calls (bars) and integrations between agencies (line, consumer → provider pairs) per month:',
    'reports.i18.partners.inbound': 'Other agencies consuming the agency APIs',
    'reports.i18.partners.outbound': 'Other agencies whose APIs the agency consumes',
    'reports.i18.reviews': 'SPL Reviews and Evaluations',
    'reports.i18.reviews.intro':
      'Reviews and evaluations of the SPL kept in Pantau, dated, with their findings and follow-ups (the assessment period and the year before). Level 4 needs periodic reviews and evaluations; level 5 needs their results followed up with improvements.',
    'reports.i18.method.traffic':
      'Data sources: the API traffic gateways (WSO2, Kong, APISIX, nginx, Envoy, OpenTelemetry) send to Pantau, normalised to one event per call and rolled up per minute and per hour; the registry of agencies, work units, gateways, APIs and consumers; the registers of policies and of reviews. All times in WIB (UTC+7); the period runs from its first to its last day.',
    'reports.i18.method.spl':
      'An API counts as going through the SPL when it is registered on a gateway marked as the agency SPL, or its traffic was recorded through such a gateway. Other gateways count as point-to-point connections.',
    'reports.i18.method.uptime':
      'Availability: a minute of an API counts as unavailable when ≥ {share} % of its requests were 5xx or its synthetic check failed; minutes without traffic do not count. A month meets the SLA when its availability reaches the target and its p95 latency stays within the API target.',
    'reports.i18.method.coverage':
      'Coverage: a work unit uses the SPL when its APIs were called through the SPL, or its applications (registered consumers) called APIs through the SPL, in the assessment period. APIs without a work unit do not count towards coverage.',
    'reports.i18.method.reviews':
      'Reviews, evaluations and follow-ups are recorded in Pantau by the agency; the report shows them as recorded, with their dates. Pantau does not judge the findings.',
  },
}
