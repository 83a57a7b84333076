/**
 * Who is on the other end of a request: HTTP client libraries of government
 * applications, browsers and mobile apps of citizens, address blocks, and the
 * suspicious clients and off-registry routes the demo plants.
 */

/** Server-side HTTP clients of integrating applications. */
export const APP_USER_AGENTS = [
  'Apache-HttpClient/4.5.14 (Java/17.0.10)',
  'okhttp/4.12.0',
  'GuzzleHttp/7',
  'python-requests/2.31.0',
  'Go-http-client/2.0',
  'axios/1.6.8',
  'Java/11.0.22',
  'ReactorNetty/1.1.17',
  'node-fetch/1.0 (+https://github.com/bitinn/node-fetch)',
  '.NET/8.0 HttpClient',
]

/** Citizens' browsers and mobile apps (public services). */
export const END_USER_AGENTS = [
  'Mozilla/5.0 (Linux; Android 13; SM-A145F) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.113 Mobile Safari/537.36',
  'Mozilla/5.0 (Linux; Android 12; Redmi Note 11) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/123.0.6312.99 Mobile Safari/537.36',
  'Mozilla/5.0 (Linux; Android 14; CPH2591) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.6422.53 Mobile Safari/537.36',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15',
  'Dart/3.3 (dart:io)',
  'okhttp/4.9.2',
  'CFNetwork/1494.0.7 Darwin/23.4.0',
]

/** First octets of public-looking address blocks of Indonesian ISPs. */
export const PUBLIC_FIRST_OCTETS = [36, 39, 103, 110, 112, 114, 118, 120, 125, 139, 140, 180, 182, 202]

/** Source of the planted brute-force storm and of the path scanner (TEST-NET ranges). */
export const STORM_SOURCE = '203.0.113.77'
export const STORM_USER_AGENT = 'python-requests/2.28.1'
export const SCANNER_SOURCE = '198.51.100.23'
export const SCANNER_USER_AGENT = 'Mozilla/5.0 (compatible; Nmap Scripting Engine; https://nmap.org/book/nse.html)'

/** What scanners probe for; combined with SCANNER_PREFIXES into distinct paths. */
export const SCANNER_PATHS = [
  '/.env',
  '/.git/config',
  '/.git/HEAD',
  '/.aws/credentials',
  '/.DS_Store',
  '/.htaccess',
  '/.svn/entries',
  '/wp-login.php',
  '/wp-admin/',
  '/xmlrpc.php',
  '/phpmyadmin/',
  '/pma/',
  '/adminer.php',
  '/admin',
  '/admin/login',
  '/administrator/',
  '/actuator',
  '/actuator/env',
  '/actuator/heartdump',
  '/api/swagger.json',
  '/swagger-ui.html',
  '/v2/api-docs',
  '/v3/api-docs',
  '/server-status',
  '/config.json',
  '/config.php.bak',
  '/backup.zip',
  '/backup.sql',
  '/db.sql',
  '/dump.sql',
  '/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php',
  '/cgi-bin/luci',
  '/HNAP1/',
  '/solr/admin/info/system',
  '/console/',
  '/manager/html',
  '/jenkins/login',
  '/telescope/requests',
  '/_ignition/execute-solution',
  '/graphql',
  '/debug/pprof/',
  '/laravel.log',
  '/storage/logs/laravel.log',
  '/web.config',
  '/WEB-INF/web.xml',
  '/owa/auth/logon.aspx',
  '/remote/login',
  '/boaform/admin/formLogin',
  '/api/v1/users',
  '/api/admin/users',
  '/user/login',
  '/login.action',
  '/index.php?s=/Index/think',
]
export const SCANNER_PREFIXES = ['', '/api', '/old', '/backup', '/v1', '/dev', '/staging']

/** Routes gateways expose that no registered API covers (shadow APIs). */
export const SHADOW_ROUTES = [
  { base: '/api/internal/rekap', resources: ['GET /harian', 'GET /bulanan/{tahun}'] },
  { base: '/legacy/sipkd', resources: ['GET /laporan/{id}', 'POST /sinkron'] },
  { base: '/api/v0/laporan', resources: ['GET /laporan', 'GET /laporan/{id}'] },
  { base: '/simpeg-lama/api', resources: ['GET /pegawai/{id}'] },
  { base: '/dev/test', resources: ['GET /ping', 'POST /echo'] },
  { base: '/webhook/pembayaran', resources: ['POST /notifikasi'] },
  { base: '/dashboard-pimpinan/api', resources: ['GET /ringkasan', 'GET /grafik/{id}'] },
]

/** Applications that call APIs but were never registered as consumers. */
export const UNREGISTERED_APPS = ['Aplikasi Uji Coba', 'Integrasi Vendor Lama', 'Dashboard Pimpinan Lama', 'Postman Pengembang']
