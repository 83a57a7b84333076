/**
 * The instansi of the demo: real kementerian/lembaga, provinsi and
 * kabupaten/kota, their unit kerja (or perangkat daerah), the services they
 * publish, the applications they run and the gateways they operate.
 */
import type { AppSeed, PdKey } from './perangkat-daerah.js'
import type { ServiceKey } from './services.js'

/** How a gateway ships its logs: a native format, Pasal 13 lines, or OTLP/JSON logs. */
export type FeedFormat = 'wso2' | 'kong' | 'apisix' | 'nginx' | 'envoy' | 'pasal13' | 'otlp'

export interface GatewaySeed {
  format: FeedFormat
  /** Registry product; defaults to the format's gateway ('other' for pasal13). */
  product?: 'wso2' | 'kong' | 'apisix' | 'nginx' | 'envoy' | 'other'
  splp?: boolean
  /** A point-to-point nginx proxy outside the SPL (is_spl false). */
  direct?: boolean
  /** Unit codes whose services this (second) SPL gateway carries. */
  units?: string[]
}

export interface UnitSeed {
  code: string
  name: string
  services: ServiceKey[]
  apps?: AppSeed[]
}

interface Common {
  code: string
  name: string
  domain: string
  /** Relative traffic volume of the instansi. */
  weight: number
  gateways: GatewaySeed[]
}
export interface CentralSeed extends Common {
  kind: 'kementerian' | 'lembaga'
  units: UnitSeed[]
}
export interface PemdaSeed extends Common {
  kind: 'provinsi' | 'kabupaten' | 'kota'
  region: string
  parent?: string
  pd: PdKey[]
}
export type InstansiSeed = CentralSeed | PemdaSeed

const u = (code: string, name: string, services: ServiceKey[], apps?: AppSeed[]): UnitSeed => ({ code, name, services, apps })

export const CENTRAL: CentralSeed[] = [
  {
    code: 'kemendagri',
    name: 'Kementerian Dalam Negeri',
    kind: 'kementerian',
    domain: 'kemendagri.go.id',
    weight: 10,
    gateways: [
      { format: 'wso2', splp: true },
      { format: 'kong', splp: true, units: ['dukcapil'] },
    ],
    units: [
      u('dukcapil', 'Direktorat Jenderal Kependudukan dan Pencatatan Sipil', ['verifikasi-nik', 'data-kependudukan', 'kartu-keluarga', 'ikd']),
      u('keuda', 'Direktorat Jenderal Bina Keuangan Daerah', ['sipd-anggaran', 'realisasi-apbd'], [{ name: 'SIPD RI', calls: ['tkd', 'data-pdrb', 'sikd'] }]),
      u('otda', 'Direktorat Jenderal Otonomi Daerah', ['kode-wilayah']),
      u('bangda', 'Direktorat Jenderal Bina Pembangunan Daerah', ['spm']),
      u('setjen', 'Sekretariat Jenderal', ['jdih']),
      u('pusdatin', 'Pusat Data dan Sistem Informasi', []),
    ],
  },
  {
    code: 'kemenkes',
    name: 'Kementerian Kesehatan',
    kind: 'kementerian',
    domain: 'kemkes.go.id',
    weight: 9,
    gateways: [
      { format: 'wso2', splp: true },
      { format: 'envoy', splp: true, units: ['pusdatin'] },
    ],
    units: [
      u('ditjen-kesehatan-lanjutan', 'Direktorat Jenderal Kesehatan Lanjutan', ['data-faskes', 'rujukan-online', 'ketersediaan-tempat-tidur']),
      u('ditjen-kesprimkom', 'Direktorat Jenderal Kesehatan Primer dan Komunitas', ['imunisasi']),
      u(
        'pusdatin',
        'Pusat Data dan Teknologi Informasi',
        ['satusehat-fhir'],
        [{ name: 'SATUSEHAT Platform', calls: ['verifikasi-nik', 'status-kepesertaan'], activity: 2 }],
      ),
      u('ditjen-farmalkes', 'Direktorat Jenderal Farmasi dan Alat Kesehatan', ['data-obat']),
      u('ditjen-sdmk', 'Direktorat Jenderal Sumber Daya Manusia Kesehatan', ['str-nakes']),
    ],
  },
  {
    code: 'kemenkeu',
    name: 'Kementerian Keuangan',
    kind: 'kementerian',
    domain: 'kemenkeu.go.id',
    weight: 8,
    gateways: [{ format: 'wso2', splp: true }],
    units: [
      u(
        'djp',
        'Direktorat Jenderal Pajak',
        ['validasi-npwp', 'konfirmasi-status-wp', 'e-bupot'],
        [{ name: 'Coretax DJP', calls: ['verifikasi-nik', 'validasi-nib', 'data-kependudukan'], activity: 2 }],
      ),
      u('djbc', 'Direktorat Jenderal Bea dan Cukai', ['ceisa-pabean', 'tarif-bea'], [{ name: 'CEISA 4.0', calls: ['validasi-nib', 'perizinan-berusaha'] }]),
      u('djpb', 'Direktorat Jenderal Perbendaharaan', ['span-sp2d']),
      u('dja', 'Direktorat Jenderal Anggaran', ['data-anggaran']),
      u('djpk', 'Direktorat Jenderal Perimbangan Keuangan', ['tkd', 'sikd']),
      u('pusintek', 'Pusat Sistem Informasi dan Teknologi Keuangan', []),
    ],
  },
  {
    code: 'kemendikdasmen',
    name: 'Kementerian Pendidikan Dasar dan Menengah',
    kind: 'kementerian',
    domain: 'kemendikdasmen.go.id',
    weight: 8,
    gateways: [{ format: 'kong', splp: true }],
    units: [
      u(
        'pusdatin',
        'Pusat Data dan Teknologi Informasi',
        ['dapodik', 'data-sekolah', 'nisn'],
        [{ name: 'Dapodik', calls: ['verifikasi-nik', 'cek-bansos'], activity: 2 }],
      ),
      u(
        'ditjen-gtk',
        'Direktorat Jenderal Guru, Tenaga Kependidikan, dan Pendidikan Guru',
        ['data-guru', 'tunjangan-profesi'],
        [{ name: 'Info GTK', calls: ['data-asn', 'validasi-npwp'] }],
      ),
      u('ditjen-paud-dikdasmen', 'Direktorat Jenderal Pendidikan Anak Usia Dini, Pendidikan Dasar, dan Pendidikan Menengah', ['pip', 'bos']),
      u('bskap', 'Badan Standar, Kurikulum, dan Asesmen Pendidikan', ['rapor-pendidikan']),
    ],
  },
  {
    code: 'kemensos',
    name: 'Kementerian Sosial',
    kind: 'kementerian',
    domain: 'kemensos.go.id',
    weight: 6,
    gateways: [
      { format: 'wso2', splp: true },
      { format: 'nginx', direct: true },
    ],
    units: [
      u(
        'pusdatin',
        'Pusat Data dan Informasi Kesejahteraan Sosial',
        ['dtsen', 'cek-bansos'],
        [{ name: 'SIKS-NG Pusat', calls: ['verifikasi-nik', 'data-kependudukan', 'data-kemiskinan'], activity: 2 }],
      ),
      u('ditjen-linjamsos', 'Direktorat Jenderal Perlindungan dan Jaminan Sosial', ['pkh', 'bpnt']),
      u('ditjen-rehsos', 'Direktorat Jenderal Rehabilitasi Sosial', ['atensi']),
      u('setjen', 'Sekretariat Jenderal', []),
    ],
  },
  {
    code: 'komdigi',
    name: 'Kementerian Komunikasi dan Digital',
    kind: 'kementerian',
    domain: 'komdigi.go.id',
    weight: 5,
    gateways: [{ format: 'wso2', splp: true }],
    units: [
      u(
        'ditjen-tpd',
        'Direktorat Jenderal Teknologi Pemerintah Digital',
        ['katalog-splp', 'domain-go-id'],
        [{ name: 'Monitoring SPLP', calls: ['kode-wilayah', 'evaluasi-spbe'] }],
      ),
      u('ditjen-ekodi', 'Direktorat Jenderal Ekosistem Digital', ['pse']),
      u('ditjen-infradi', 'Direktorat Jenderal Infrastruktur Digital', ['sertifikasi-perangkat'], [{ name: 'SDPPI Online', calls: ['validasi-nib'] }]),
      u('ditjen-wasdig', 'Direktorat Jenderal Pengawasan Ruang Digital', ['aduan-konten']),
    ],
  },
  {
    code: 'bps',
    name: 'Badan Pusat Statistik',
    kind: 'lembaga',
    domain: 'bps.go.id',
    weight: 5,
    gateways: [{ format: 'apisix', splp: true }],
    units: [
      u(
        'deputi-mis',
        'Deputi Bidang Metodologi dan Informasi Statistik',
        ['webapi-statistik', 'master-wilayah-bps', 'sirusa'],
        [{ name: 'Satu Data Statistik', calls: ['kode-wilayah'] }],
      ),
      u('deputi-sosial', 'Deputi Bidang Statistik Sosial', ['data-kemiskinan'], [{ name: 'Regsosek', calls: ['dtsen', 'kode-wilayah'] }]),
      u('deputi-neraca', 'Deputi Bidang Neraca dan Analisis Statistik', ['data-pdrb']),
      u('deputi-distribusi', 'Deputi Bidang Statistik Distribusi dan Jasa', ['data-inflasi']),
    ],
  },
  {
    code: 'bkn',
    name: 'Badan Kepegawaian Negara',
    kind: 'lembaga',
    domain: 'bkn.go.id',
    weight: 6,
    gateways: [{ format: 'kong', splp: true }],
    units: [
      u(
        'deputi-sinka',
        'Deputi Bidang Sistem Informasi Kepegawaian',
        ['data-asn'],
        [{ name: 'SIASN', calls: ['verifikasi-nik', 'data-guru', 'formasi-asn'], activity: 2 }],
      ),
      u('deputi-mutasi', 'Deputi Bidang Mutasi Kepegawaian', ['kenaikan-pangkat', 'layanan-pensiun']),
      u('deputi-binman', 'Deputi Bidang Pembinaan Manajemen Kepegawaian', ['e-kinerja']),
      u('dit-pengadaan', 'Direktorat Pengadaan dan Kepangkatan', ['sscasn']),
    ],
  },
  {
    code: 'bpjs-kesehatan',
    name: 'Badan Penyelenggara Jaminan Sosial Kesehatan',
    kind: 'lembaga',
    domain: 'bpjs-kesehatan.go.id',
    weight: 8,
    gateways: [{ format: 'kong', splp: true }],
    units: [
      u(
        'kedeputian-ti',
        'Kedeputian Bidang Teknologi Informasi',
        ['vclaim', 'antrean-rs', 'pcare'],
        [{ name: 'Mobile JKN', calls: ['status-kepesertaan', 'verifikasi-nik', 'data-faskes'], activity: 3 }],
      ),
      u(
        'kedeputian-kepesertaan',
        'Kedeputian Bidang Kepesertaan',
        ['status-kepesertaan'],
        [{ name: 'Sistem Kepesertaan', calls: ['data-kependudukan', 'cek-bansos'] }],
      ),
      u('kedeputian-rujukan', 'Kedeputian Bidang Jaminan Pembiayaan Kesehatan Rujukan', ['aplicares']),
      u('kedeputian-keuangan', 'Kedeputian Bidang Keuangan dan Investasi', ['tagihan-iuran']),
    ],
  },
  {
    code: 'bkpm',
    name: 'Kementerian Investasi dan Hilirisasi/BKPM',
    kind: 'kementerian',
    domain: 'bkpm.go.id',
    weight: 5,
    gateways: [{ format: 'envoy', splp: true }],
    units: [
      u(
        'deputi-pelayanan',
        'Deputi Bidang Pelayanan Penanaman Modal',
        ['perizinan-berusaha', 'validasi-nib'],
        [{ name: 'OSS RBA', calls: ['verifikasi-nik', 'validasi-npwp', 'kode-wilayah'], activity: 2 }],
      ),
      u('deputi-pengendalian', 'Deputi Bidang Pengendalian Pelaksanaan Penanaman Modal', ['lkpm']),
      u('dit-sistem-informasi', 'Direktorat Sistem Informasi Penanaman Modal', ['referensi-kbli']),
    ],
  },
  {
    code: 'kemenpanrb',
    name: 'Kementerian Pendayagunaan Aparatur Negara dan Reformasi Birokrasi',
    kind: 'kementerian',
    domain: 'menpan.go.id',
    weight: 3,
    gateways: [{ format: 'wso2', splp: true }],
    units: [
      u(
        'deputi-kelembagaan',
        'Deputi Bidang Kelembagaan dan Tata Laksana',
        ['evaluasi-spbe'],
        [{ name: 'Aplikasi Evaluasi SPBE', calls: ['katalog-splp', 'data-asn'] }],
      ),
      u('deputi-sdma', 'Deputi Bidang Sumber Daya Manusia Aparatur', ['formasi-asn']),
      u('deputi-rb', 'Deputi Bidang Reformasi Birokrasi, Akuntabilitas Aparatur, dan Pengawasan', ['sakip']),
      u('deputi-yanlik', 'Deputi Bidang Pelayanan Publik', ['sp4n-lapor']),
    ],
  },
]

const prov = (code: string, name: string, region: string, domain: string, weight: number, pd: string, gateways: GatewaySeed[]): PemdaSeed => ({
  code,
  name,
  kind: 'provinsi',
  region,
  domain,
  weight,
  pd: pd.split(' ') as PdKey[],
  gateways,
})
const kab = (
  kind: 'kabupaten' | 'kota',
  code: string,
  name: string,
  parent: string,
  domain: string,
  weight: number,
  pd: string,
  gateways: GatewaySeed[],
): PemdaSeed => ({
  code,
  name,
  kind,
  region: '',
  parent,
  domain,
  weight,
  pd: pd.split(' ') as PdKey[],
  gateways,
})

export const PROVINSI: PemdaSeed[] = [
  prov(
    'dki-jakarta',
    'Pemerintah Provinsi DKI Jakarta',
    'DKI Jakarta',
    'jakarta.go.id',
    4,
    'diskominfo disdukcapil dinkes rsud bapenda bkpsdm dpmptsp dishub',
    [{ format: 'kong', splp: true }],
  ),
  prov('jabar', 'Pemerintah Provinsi Jawa Barat', 'Jawa Barat', 'jabarprov.go.id', 3.5, 'diskominfo dinkes bapenda bkpsdm disdik bappeda', [
    { format: 'wso2', splp: true },
    { format: 'nginx', direct: true },
  ]),
  prov('jateng', 'Pemerintah Provinsi Jawa Tengah', 'Jawa Tengah', 'jatengprov.go.id', 3, 'diskominfo bapenda bkpsdm dpmptsp dinsos', [
    { format: 'apisix', splp: true },
  ]),
  prov('jatim', 'Pemerintah Provinsi Jawa Timur', 'Jawa Timur', 'jatimprov.go.id', 3, 'diskominfo dinkes rsud bapenda bkpsdm bpkad', [
    { format: 'wso2', splp: true },
  ]),
  prov('diy', 'Pemerintah Daerah Daerah Istimewa Yogyakarta', 'DI Yogyakarta', 'jogjaprov.go.id', 1.5, 'diskominfo bapenda bkpsdm disdik', [
    { format: 'pasal13' },
  ]),
  prov('bali', 'Pemerintah Provinsi Bali', 'Bali', 'baliprov.go.id', 1.5, 'diskominfo dinkes bapenda bkpsdm', [{ format: 'wso2', splp: true }]),
  prov('sumut', 'Pemerintah Provinsi Sumatera Utara', 'Sumatera Utara', 'sumutprov.go.id', 2, 'diskominfo bapenda bkpsdm dinsos bappeda', [
    { format: 'nginx' },
  ]),
  prov('sulsel', 'Pemerintah Provinsi Sulawesi Selatan', 'Sulawesi Selatan', 'sulselprov.go.id', 1.8, 'diskominfo dinkes bapenda bkpsdm', [
    { format: 'otlp', product: 'envoy' },
  ]),
]

export const KABKOTA: PemdaSeed[] = [
  kab('kota', 'kota-bandung', 'Pemerintah Kota Bandung', 'jabar', 'bandung.go.id', 2.2, 'diskominfo disdukcapil dinkes bapenda bkpsdm dpmptsp', [
    { format: 'wso2', splp: true },
    { format: 'nginx', direct: true },
  ]),
  kab('kota', 'kota-surabaya', 'Pemerintah Kota Surabaya', 'jatim', 'surabaya.go.id', 2.5, 'diskominfo disdukcapil dinkes rsud bapenda dpmptsp disdik', [
    { format: 'apisix', splp: true },
  ]),
  kab('kabupaten', 'kab-sleman', 'Pemerintah Kabupaten Sleman', 'diy', 'slemankab.go.id', 1, 'diskominfo dinkes bapenda bkpsdm', [{ format: 'pasal13' }]),
  kab('kota', 'kota-semarang', 'Pemerintah Kota Semarang', 'jateng', 'semarangkota.go.id', 1.6, 'diskominfo disdukcapil dinkes bapenda dpmptsp', [
    { format: 'kong', splp: true },
  ]),
  kab('kabupaten', 'kab-badung', 'Pemerintah Kabupaten Badung', 'bali', 'badungkab.go.id', 1, 'diskominfo bapenda dpmptsp dishub', [{ format: 'wso2' }]),
  kab('kota', 'kota-makassar', 'Pemerintah Kota Makassar', 'sulsel', 'makassarkota.go.id', 1.3, 'diskominfo disdukcapil dinkes bapenda', [{ format: 'envoy' }]),
  kab('kota', 'kota-medan', 'Pemerintah Kota Medan', 'sumut', 'pemkomedan.go.id', 1.4, 'diskominfo disdukcapil bapenda bkpsdm dinsos', [
    { format: 'wso2' },
    { format: 'nginx', direct: true },
  ]),
  kab('kabupaten', 'kab-bogor', 'Pemerintah Kabupaten Bogor', 'jabar', 'bogorkab.go.id', 1.3, 'diskominfo disdukcapil dinkes bapenda disdik', [
    { format: 'wso2', splp: true },
  ]),
  kab('kota', 'kota-yogyakarta', 'Pemerintah Kota Yogyakarta', 'diy', 'jogjakota.go.id', 0.9, 'diskominfo dinkes bapenda', [
    { format: 'otlp', product: 'kong' },
  ]),
  kab('kota', 'kota-denpasar', 'Pemerintah Kota Denpasar', 'bali', 'denpasarkota.go.id', 0.8, 'diskominfo disdukcapil bapenda', [{ format: 'kong' }]),
  kab('kabupaten', 'kab-banyuwangi', 'Pemerintah Kabupaten Banyuwangi', 'jatim', 'banyuwangikab.go.id', 0.9, 'diskominfo dinkes bapenda dpmptsp', [
    { format: 'apisix', splp: true },
  ]),
  kab('kota', 'kota-bekasi', 'Pemerintah Kota Bekasi', 'jabar', 'bekasikota.go.id', 1.1, 'diskominfo disdukcapil dinkes bapenda', [{ format: 'wso2' }]),
  kab('kabupaten', 'kab-gowa', 'Pemerintah Kabupaten Gowa', 'sulsel', 'gowakab.go.id', 0.6, 'diskominfo dinkes bapenda', [{ format: 'pasal13' }]),
  kab('kota', 'kota-surakarta', 'Pemerintah Kota Surakarta', 'jateng', 'surakarta.go.id', 1, 'diskominfo disdukcapil dinkes bapenda bkpsdm', [
    { format: 'kong', splp: true },
    { format: 'nginx', direct: true },
  ]),
]

export const INSTANSI: InstansiSeed[] = [...CENTRAL, ...PROVINSI, ...KABKOTA]

/** "Pemerintah Kota Bandung" → "Kota Bandung"; central names stay. */
export function shortName(name: string): string {
  return name.replace(/^Pemerintah (Daerah )?/, '')
}
