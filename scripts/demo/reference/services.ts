/**
 * API service templates of the demo: what an Indonesian government API is
 * called, its base-path slug, its resources and how fast its backend is.
 * Keys are referenced by the instansi tables (who provides a service) and by
 * the consumer applications (who calls it).
 */

export interface ServiceTemplate {
  name: string
  /** Base path `/{slug}/v1` (and `/v2`). */
  slug: string
  /** "METHOD /template" list, most used first; params: {id} {kode} {tahun} {nomor} {wilayah} {nib}. */
  resources: string[]
  /** Median backend latency, ms. */
  latencyMs: number
  /** Also published as v2 (v1 deprecated, still called). */
  v2?: boolean
  /** The v1 deprecation gives less than the 6 months' notice Pasal 9 requires. */
  shortNotice?: boolean
  /** Called by end users (web/mobile) as well as by applications. */
  public?: boolean
  auth?: 'oauth2' | 'oidc' | 'jwt' | 'api_key' | 'mtls' | 'basic' | 'none'
  sector: string
}

type Flags = Partial<Pick<ServiceTemplate, 'v2' | 'shortNotice' | 'public' | 'auth'>>

const s = (name: string, sector: string, latencyMs: number, resources: string, flags: Flags = {}, slug?: string) =>
  ({ name, sector, latencyMs, resources: resources.split(',').map((r) => r.trim()), ...flags, slug }) as Omit<ServiceTemplate, 'slug'> & { slug?: string }

const RAW = {
  // Kementerian Dalam Negeri
  'verifikasi-nik': s('Verifikasi NIK', 'kependudukan', 70, 'POST /verifikasi, POST /verifikasi/batch, GET /status/{id}', { v2: true }),
  'data-kependudukan': s('Layanan Data Kependudukan', 'kependudukan', 120, 'POST /penduduk/cari, GET /penduduk/{id}/alamat, GET /statistik/{wilayah}'),
  'kartu-keluarga': s('Data Kartu Keluarga', 'kependudukan', 110, 'POST /kk/cari, GET /kk/{nomor}/anggota'),
  ikd: s('Identitas Kependudukan Digital', 'kependudukan', 150, 'POST /aktivasi, POST /otentikasi, GET /profil', { public: true, auth: 'oidc' }),
  'sipd-anggaran': s('SIPD Penganggaran', 'keuangan-daerah', 260, 'GET /apbd/{wilayah}/{tahun}, GET /rka/{kode}, POST /sinkronisasi'),
  'realisasi-apbd': s('Realisasi APBD', 'keuangan-daerah', 300, 'GET /realisasi/{wilayah}/{tahun}, GET /ringkasan/{tahun}'),
  'kode-wilayah': s('Referensi Kode Wilayah', 'referensi', 25, 'GET /wilayah/{wilayah}, GET /provinsi, GET /kabupaten/{kode}', { auth: 'api_key' }),
  spm: s('Standar Pelayanan Minimal', 'pembangunan', 220, 'GET /capaian/{wilayah}/{tahun}, POST /laporan'),
  jdih: s('Jaringan Dokumentasi dan Informasi Hukum', 'hukum', 90, 'GET /dokumen, GET /dokumen/{id}', { public: true, auth: 'none' }),
  // Kementerian Kesehatan
  'data-faskes': s('Data Faskes', 'kesehatan', 60, 'GET /faskes/{kode}, GET /faskes, GET /faskes/{kode}/layanan', { v2: true }),
  'rujukan-online': s('Rujukan Online', 'kesehatan', 180, 'POST /rujukan, GET /rujukan/{nomor}, PUT /rujukan/{nomor}/status'),
  'ketersediaan-tempat-tidur': s('Ketersediaan Tempat Tidur', 'kesehatan', 80, 'GET /rs/{kode}/tempat-tidur, PUT /rs/{kode}/tempat-tidur'),
  imunisasi: s('Data Imunisasi', 'kesehatan', 140, 'POST /imunisasi, GET /cakupan/{wilayah}/{tahun}'),
  'satusehat-fhir': s('SATUSEHAT FHIR', 'kesehatan', 210, 'POST /Encounter, POST /Observation, GET /Patient/{id}, POST /Condition', { auth: 'oauth2' }),
  'data-obat': s('Data Obat dan Alat Kesehatan', 'kesehatan', 95, 'GET /obat, GET /obat/{kode}, GET /alkes/{kode}'),
  'str-nakes': s('Registrasi Tenaga Kesehatan', 'kesehatan', 130, 'GET /str/{nomor}, POST /str/verifikasi'),
  // Kementerian Keuangan
  'validasi-npwp': s('Validasi NPWP', 'pajak', 85, 'POST /validasi, GET /status/{id}'),
  'konfirmasi-status-wp': s('Konfirmasi Status Wajib Pajak', 'pajak', 120, 'POST /kswp'),
  'e-bupot': s('e-Bupot Unifikasi', 'pajak', 240, 'POST /bupot, GET /bupot/{nomor}', { v2: true }),
  'ceisa-pabean': s('CEISA Dokumen Pabean', 'kepabeanan', 320, 'GET /dokumen/{nomor}, POST /dokumen/status'),
  'tarif-bea': s('Referensi Tarif Bea Masuk', 'kepabeanan', 40, 'GET /tarif/{kode}'),
  'span-sp2d': s('Status SP2D', 'perbendaharaan', 150, 'GET /sp2d/{nomor}, GET /sp2d'),
  'data-anggaran': s('Data Anggaran K/L', 'anggaran', 280, 'GET /pagu/{kode}/{tahun}, GET /realisasi/{kode}/{tahun}'),
  tkd: s('Transfer ke Daerah', 'keuangan-daerah', 190, 'GET /alokasi/{wilayah}/{tahun}, GET /penyaluran/{wilayah}'),
  sikd: s('Sistem Informasi Keuangan Daerah', 'keuangan-daerah', 230, 'POST /laporan, GET /laporan/{wilayah}/{tahun}'),
  // Kementerian Pendidikan Dasar dan Menengah
  dapodik: s('Data Pokok Pendidikan', 'pendidikan', 170, 'GET /sekolah/{kode}, GET /peserta-didik/{id}, POST /sinkronisasi'),
  'data-sekolah': s('Referensi Data Sekolah', 'pendidikan', 45, 'GET /sekolah, GET /sekolah/{kode}', { public: true }),
  nisn: s('Verifikasi NISN', 'pendidikan', 75, 'POST /verifikasi, GET /siswa/{id}'),
  'data-guru': s('Data Guru dan Tenaga Kependidikan', 'pendidikan', 140, 'GET /ptk/{id}, POST /ptk/cari'),
  'tunjangan-profesi': s('Tunjangan Profesi Guru', 'pendidikan', 200, 'GET /sktp/{nomor}, GET /penyaluran/{tahun}'),
  pip: s('Program Indonesia Pintar', 'pendidikan', 160, 'POST /cek-penerima, GET /penyaluran/{wilayah}/{tahun}', { public: true }),
  bos: s('Bantuan Operasional Sekolah', 'pendidikan', 210, 'GET /alokasi/{kode}/{tahun}, POST /laporan'),
  'rapor-pendidikan': s('Rapor Pendidikan', 'pendidikan', 260, 'GET /rapor/{kode}/{tahun}'),
  // Kementerian Sosial
  dtsen: s('Data Tunggal Sosial dan Ekonomi Nasional', 'sosial', 190, 'POST /cek-status, GET /desil/{wilayah}, POST /usulan', { v2: true, shortNotice: true }),
  'cek-bansos': s('Cek Penerima Bansos', 'sosial', 120, 'POST /cek, GET /program', { public: true }),
  pkh: s('Program Keluarga Harapan', 'sosial', 170, 'GET /penerima/{wilayah}, POST /verifikasi-komitmen'),
  bpnt: s('Bantuan Pangan Non Tunai', 'sosial', 160, 'GET /penyaluran/{wilayah}/{tahun}'),
  atensi: s('Asistensi Rehabilitasi Sosial', 'sosial', 150, 'POST /layanan, GET /layanan/{nomor}'),
  // Kementerian Komunikasi dan Digital
  'katalog-splp': s('Katalog Layanan SPLP', 'pemerintahan-digital', 65, 'GET /layanan, GET /layanan/{id}, GET /instansi/{kode}'),
  pse: s('Pendaftaran Sistem Elektronik', 'pemerintahan-digital', 140, 'GET /pse/{nomor}, POST /pse/cari', { public: true }),
  'domain-go-id': s('Layanan Domain go.id', 'pemerintahan-digital', 90, 'GET /domain/{kode}, POST /permohonan'),
  'sertifikasi-perangkat': s('Sertifikasi Perangkat Telekomunikasi', 'telekomunikasi', 180, 'GET /sertifikat/{nomor}, POST /permohonan'),
  'aduan-konten': s('Aduan Konten', 'ruang-digital', 130, 'POST /aduan, GET /aduan/{nomor}', { public: true }),
  // Badan Pusat Statistik
  'webapi-statistik': s('WebAPI Data Statistik', 'statistik', 110, 'GET /data/{kode}/{tahun}, GET /subjek, GET /tabel/{id}', { public: true, auth: 'api_key' }),
  'master-wilayah-bps': s('Master Wilayah Statistik', 'statistik', 30, 'GET /wilayah/{wilayah}, GET /wilayah', { auth: 'api_key' }),
  sirusa: s('Rujukan Statistik (SIRuSa)', 'statistik', 80, 'GET /konsep/{kode}, GET /klasifikasi/{kode}'),
  'data-kemiskinan': s('Data Kemiskinan', 'statistik', 150, 'GET /kemiskinan/{wilayah}/{tahun}'),
  'data-pdrb': s('Data PDRB', 'statistik', 150, 'GET /pdrb/{wilayah}/{tahun}'),
  'data-inflasi': s('Data Inflasi', 'statistik', 70, 'GET /inflasi/{wilayah}, GET /ihk/{tahun}', { public: true }),
  // Badan Kepegawaian Negara
  'data-asn': s('Data Pegawai ASN', 'kepegawaian', 130, 'GET /pns/{id}, POST /pns/cari, GET /jabatan/{id}', { v2: true }),
  'kenaikan-pangkat': s('Layanan Kenaikan Pangkat', 'kepegawaian', 220, 'POST /usulan, GET /usulan/{nomor}'),
  'layanan-pensiun': s('Layanan Pensiun ASN', 'kepegawaian', 240, 'POST /usulan, GET /usulan/{nomor}'),
  'e-kinerja': s('e-Kinerja', 'kepegawaian', 180, 'GET /skp/{id}/{tahun}, POST /skp, POST /penilaian'),
  sscasn: s('Seleksi Calon ASN', 'kepegawaian', 160, 'GET /formasi, GET /formasi/{kode}, POST /pendaftaran', { public: true }),
  // BPJS Kesehatan
  vclaim: s('VClaim', 'jaminan-kesehatan', 140, 'GET /peserta/{id}, POST /SEP/2.0/insert, GET /Rujukan/{nomor}, POST /SEP/2.0/update', { auth: 'mtls' }),
  'antrean-rs': s('Antrean Online RS', 'jaminan-kesehatan', 90, 'POST /antrean/add, GET /antrean/status/{kode}, POST /antrean/panggil'),
  pcare: s('PCare', 'jaminan-kesehatan', 160, 'GET /peserta/{id}, POST /kunjungan, POST /pendaftaran'),
  'status-kepesertaan': s('Status Kepesertaan JKN', 'jaminan-kesehatan', 60, 'POST /cek, GET /peserta/{id}/status'),
  aplicares: s('Aplicares Ketersediaan Kamar', 'jaminan-kesehatan', 75, 'GET /bed/{kode}, POST /bed/update'),
  'tagihan-iuran': s('Tagihan Iuran', 'jaminan-kesehatan', 110, 'POST /tagihan, GET /tagihan/{nomor}', { public: true }),
  // Kementerian Investasi dan Hilirisasi/BKPM
  'perizinan-berusaha': s('Perizinan Berusaha', 'investasi', 260, 'GET /izin/{nomor}, POST /izin/status, GET /nib/{nib}/izin', { v2: true }),
  'validasi-nib': s('Validasi NIB', 'investasi', 70, 'GET /nib/{nib}, POST /nib/validasi'),
  lkpm: s('Laporan Kegiatan Penanaman Modal', 'investasi', 230, 'POST /laporan, GET /laporan/{nomor}'),
  'referensi-kbli': s('Referensi KBLI', 'investasi', 30, 'GET /kbli/{kode}, GET /kbli', { public: true }),
  // Kementerian PANRB
  'sp4n-lapor': s('SP4N-LAPOR!', 'pelayanan-publik', 150, 'POST /laporan, GET /laporan/{nomor}, POST /tindak-lanjut', { public: true }),
  'formasi-asn': s('Formasi ASN', 'kepegawaian', 180, 'GET /formasi/{kode}/{tahun}, POST /usulan'),
  sakip: s('SAKIP', 'akuntabilitas', 240, 'POST /lkjip, GET /nilai/{kode}/{tahun}'),
  'evaluasi-spbe': s('Evaluasi SPBE', 'pemerintahan-digital', 200, 'GET /indeks/{kode}/{tahun}, POST /bukti-dukung'),
  // Perangkat daerah (provinsi, kabupaten, kota)
  'layanan-adminduk': s('Layanan Administrasi Kependudukan', 'kependudukan', 180, 'POST /permohonan, GET /permohonan/{nomor}', { public: true }),
  'antrian-dukcapil': s('Antrian Online Dukcapil', 'kependudukan', 60, 'POST /antrian, GET /antrian/{nomor}, GET /jadwal', { public: true }),
  'data-puskesmas': s('Data Puskesmas', 'kesehatan', 70, 'GET /puskesmas, GET /puskesmas/{kode}'),
  'sik-daerah': s('Sistem Informasi Kesehatan Daerah', 'kesehatan', 190, 'POST /laporan, GET /indikator/{tahun}'),
  'pendaftaran-pasien': s('Pendaftaran Pasien Online', 'kesehatan', 110, 'POST /pendaftaran, GET /pendaftaran/{nomor}, GET /poli', { public: true }),
  'jadwal-dokter': s('Jadwal Dokter RSUD', 'kesehatan', 40, 'GET /jadwal, GET /dokter/{id}', { public: true, auth: 'none' }),
  'tempat-tidur-rsud': s('Ketersediaan Kamar RSUD', 'kesehatan', 45, 'GET /kamar, GET /kamar/{kode}', { public: true, auth: 'none' }),
  'pajak-daerah': s('Data Pajak Daerah', 'pendapatan', 140, 'GET /objek/{nomor}, POST /tagihan/cek, GET /rekap/{tahun}'),
  'pbb-p2': s('PBB-P2', 'pendapatan', 160, 'GET /sppt/{nomor}/{tahun}, POST /pembayaran/notifikasi', { public: true }),
  'e-bphtb': s('e-BPHTB', 'pendapatan', 210, 'POST /validasi, GET /transaksi/{nomor}'),
  'pkb-samsat': s('Info Pajak Kendaraan Bermotor', 'pendapatan', 120, 'POST /pkb/cek, GET /pkb/{nomor}', { public: true }),
  'satu-data': s('Satu Data', 'statistik', 95, 'GET /dataset, GET /dataset/{id}, GET /dataset/{id}/data', { public: true }),
  'sso-asn': s('Single Sign-On ASN', 'pemerintahan-digital', 50, 'POST /token, GET /userinfo, POST /logout', { auth: 'oidc' }),
  'aduan-warga': s('Aduan Warga', 'pelayanan-publik', 130, 'POST /aduan, GET /aduan/{nomor}', { public: true }),
  'data-pegawai': s('Data Pegawai Daerah', 'kepegawaian', 100, 'GET /pegawai/{id}, GET /unit/{kode}/pegawai'),
  'e-kinerja-daerah': s('e-Kinerja Daerah', 'kepegawaian', 170, 'POST /aktivitas, GET /rekap/{id}/{tahun}'),
  'presensi-asn': s('Presensi ASN', 'kepegawaian', 55, 'POST /presensi, GET /presensi/{id}'),
  'perizinan-daerah': s('Perizinan Berusaha Daerah', 'investasi', 230, 'POST /permohonan, GET /permohonan/{nomor}, GET /izin/{nomor}', { public: true }),
  'tracking-izin': s('Lacak Status Izin', 'investasi', 60, 'GET /lacak/{nomor}', { public: true, auth: 'none' }),
  spmb: s('Sistem Penerimaan Murid Baru', 'pendidikan', 150, 'POST /pendaftaran, GET /hasil/{nomor}, GET /kuota/{kode}', { public: true }),
  'data-sekolah-daerah': s('Data Sekolah Daerah', 'pendidikan', 60, 'GET /sekolah, GET /sekolah/{kode}'),
  'data-kesos': s('Data Kesejahteraan Sosial Daerah', 'sosial', 160, 'POST /cek, POST /usulan'),
  'bansos-daerah': s('Bantuan Sosial Daerah', 'sosial', 140, 'GET /penerima/{wilayah}, POST /verifikasi'),
  'e-planning': s('e-Planning', 'perencanaan', 250, 'GET /rkpd/{tahun}, POST /usulan-musrenbang'),
  'e-monev': s('e-Monev', 'perencanaan', 230, 'POST /realisasi, GET /capaian/{tahun}'),
  'sp2d-online': s('SP2D Online', 'keuangan-daerah', 170, 'GET /sp2d/{nomor}, POST /sp2d'),
  'aset-daerah': s('Aset Daerah', 'keuangan-daerah', 200, 'GET /aset/{kode}, GET /aset'),
  'uji-kir': s('Uji KIR Kendaraan', 'perhubungan', 120, 'GET /kir/{nomor}, POST /pendaftaran', { public: true }),
  'info-parkir': s('Informasi Parkir', 'perhubungan', 50, 'GET /lokasi, GET /lokasi/{id}/slot', { public: true, auth: 'none' }),
} as const

export type ServiceKey = keyof typeof RAW

export const SERVICES: Record<ServiceKey, ServiceTemplate> = Object.fromEntries(
  Object.entries(RAW).map(([key, t]) => [key, { ...t, slug: t.slug ?? key }]),
) as Record<ServiceKey, ServiceTemplate>
