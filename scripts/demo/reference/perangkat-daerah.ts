/**
 * Perangkat daerah (regional work units) of a provinsi / kabupaten / kota:
 * the services each one publishes through the instansi SPL and the
 * applications it runs that call other instansi (the consumers).
 */
import type { ServiceKey } from './services.js'

export interface AppSeed {
  /** Application name as its owners call it (SIMPUS, SIMRS, SiCantik Cloud …). */
  name: string
  /** Services it calls: its own instansi's first, else the provinsi's, else a central provider's. */
  calls: ServiceKey[]
  /** Relative call volume (default 1). */
  activity?: number
}

export interface PerangkatDaerah {
  name: string
  /** Name used in a provinsi, when it differs. */
  provinsiName?: string
  services: ServiceKey[]
  provinsiServices?: ServiceKey[]
  apps: AppSeed[]
}

export const PERANGKAT_DAERAH = {
  diskominfo: {
    name: 'Dinas Komunikasi dan Informatika',
    services: ['satu-data', 'sso-asn', 'aduan-warga'],
    apps: [
      { name: 'Portal Satu Data', calls: ['satu-data', 'webapi-statistik', 'master-wilayah-bps', 'kode-wilayah', 'katalog-splp'] },
      { name: 'Super App Warga', calls: ['aduan-warga', 'antrian-dukcapil', 'pendaftaran-pasien', 'sp4n-lapor'], activity: 2 },
    ],
  },
  disdukcapil: {
    name: 'Dinas Kependudukan dan Pencatatan Sipil',
    services: ['layanan-adminduk', 'antrian-dukcapil'],
    apps: [{ name: 'SIAK Daerah', calls: ['verifikasi-nik', 'data-kependudukan', 'kartu-keluarga'], activity: 2 }],
  },
  dinkes: {
    name: 'Dinas Kesehatan',
    services: ['data-puskesmas', 'pendaftaran-pasien', 'sik-daerah'],
    apps: [{ name: 'SIMPUS', calls: ['data-faskes', 'status-kepesertaan', 'pcare', 'satusehat-fhir', 'verifikasi-nik'], activity: 2 }],
  },
  rsud: {
    name: 'Rumah Sakit Umum Daerah',
    services: ['jadwal-dokter', 'tempat-tidur-rsud'],
    apps: [{ name: 'SIMRS', calls: ['vclaim', 'antrean-rs', 'aplicares', 'satusehat-fhir', 'ketersediaan-tempat-tidur'], activity: 2 }],
  },
  bapenda: {
    name: 'Badan Pendapatan Daerah',
    services: ['pajak-daerah', 'pbb-p2', 'e-bphtb'],
    provinsiServices: ['pkb-samsat', 'pajak-daerah'],
    apps: [{ name: 'SIMPAD', calls: ['pajak-daerah', 'validasi-npwp', 'konfirmasi-status-wp', 'validasi-nib', 'data-kependudukan'] }],
  },
  bkpsdm: {
    name: 'Badan Kepegawaian dan Pengembangan Sumber Daya Manusia',
    provinsiName: 'Badan Kepegawaian Daerah',
    services: ['data-pegawai', 'presensi-asn', 'e-kinerja-daerah'],
    apps: [{ name: 'SIMPEG', calls: ['data-pegawai', 'data-asn', 'e-kinerja', 'kenaikan-pangkat', 'layanan-pensiun'] }],
  },
  dpmptsp: {
    name: 'Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu',
    services: ['perizinan-daerah', 'tracking-izin'],
    apps: [{ name: 'SiCantik Cloud', calls: ['perizinan-daerah', 'perizinan-berusaha', 'validasi-nib', 'referensi-kbli', 'verifikasi-nik'] }],
  },
  disdik: {
    name: 'Dinas Pendidikan',
    services: ['spmb', 'data-sekolah-daerah'],
    apps: [{ name: 'Aplikasi SPMB', calls: ['spmb', 'dapodik', 'nisn', 'data-sekolah', 'verifikasi-nik'] }],
  },
  dinsos: {
    name: 'Dinas Sosial',
    services: ['data-kesos', 'bansos-daerah'],
    apps: [{ name: 'SIKS-NG Daerah', calls: ['dtsen', 'cek-bansos', 'pkh', 'verifikasi-nik'] }],
  },
  bappeda: {
    name: 'Badan Perencanaan Pembangunan Daerah',
    services: ['e-planning', 'e-monev'],
    apps: [{ name: 'SIPD Perencanaan', calls: ['sipd-anggaran', 'data-pdrb', 'data-kemiskinan', 'webapi-statistik'] }],
  },
  bpkad: {
    name: 'Badan Pengelolaan Keuangan dan Aset Daerah',
    services: ['sp2d-online', 'aset-daerah'],
    apps: [{ name: 'SIPKD', calls: ['sp2d-online', 'sipd-anggaran', 'realisasi-apbd', 'tkd', 'sikd'] }],
  },
  dishub: {
    name: 'Dinas Perhubungan',
    services: ['uji-kir', 'info-parkir'],
    apps: [],
  },
} satisfies Record<string, PerangkatDaerah>

export type PdKey = keyof typeof PERANGKAT_DAERAH
