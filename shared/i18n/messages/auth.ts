/** Text of the sign-in pages the API serves itself (keys prefixed 'auth.'): SSO failures, no role, sign-out. */
import type { MessageGroup } from '../types.js'

export const auth: MessageGroup = {
  id: {
    'auth.back': 'Kembali ke halaman masuk',
    'auth.retry': 'Coba masuk lagi',
    'auth.reference': 'Rujukan untuk administrator: {reference}',
    'auth.title.failed': 'Tidak dapat masuk',
    'auth.unavailable': 'Penyedia identitas (SSO) tidak dapat dihubungi saat ini. Pantau akan terus mencoba; silakan ulangi beberapa saat lagi.',
    'auth.not_configured': 'Masuk dengan SSO belum diaktifkan di server Pantau ini. Gunakan token akses, atau minta administrator mengisi PANTAU_OIDC_ISSUER.',
    'auth.state': 'Permintaan masuk tidak cocok dengan yang dikirim browser ini (parameter state berbeda). Demi keamanan, proses masuk dihentikan.',
    'auth.missing': 'Permintaan masuk tidak ditemukan atau sudah kedaluwarsa (lebih dari 10 menit, atau sudah dipakai). Silakan mulai lagi.',
    'auth.denied': 'Penyedia identitas menolak atau membatalkan proses masuk.',
    'auth.code': 'Penyedia identitas tidak menerima kode masuk dari Pantau. Periksa client id, client secret dan redirect URI yang terdaftar.',
    'auth.expired': 'Kode masuk ditolak: sudah kedaluwarsa, sudah dipakai, atau tidak cocok dengan permintaan ini (PKCE). Silakan mulai lagi.',
    'auth.token':
      'Tanda masuk (ID token) dari penyedia identitas tidak sah untuk permintaan ini (nonce, penerbit atau audiens tidak cocok). Proses masuk dihentikan.',
    'auth.failed': 'Proses masuk gagal karena kesalahan yang tidak terduga.',
    'auth.no_role.title': 'Tidak ada akses ke Pantau',
    'auth.no_role':
      'Akun {name} berhasil dikenali, tetapi penyedia identitas tidak memberinya peran Pantau (admin, koordinator, operator, asesor atau sre). Minta administrator identitas instansi Anda menambahkan peran tersebut.',
    'auth.no_instansi':
      'Akun {name} memiliki peran operator, tetapi tidak membawa klaim instansi. Operator hanya dapat melihat instansinya sendiri, jadi akses tidak diberikan.',
    'auth.roles_seen': 'Peran yang dikirim penyedia identitas: {roles}',
    'auth.roles_none': 'Penyedia identitas tidak mengirim peran apa pun.',
    'auth.signout.title': 'Keluar dari Pantau?',
    'auth.signout.text': 'Sesi Anda di Pantau akan diakhiri, dan juga di penyedia identitas bila sesi itu berasal dari SSO.',
    'auth.signout.submit': 'Keluar',
  },
  en: {
    'auth.back': 'Back to sign-in',
    'auth.retry': 'Try signing in again',
    'auth.reference': 'Reference for the administrator: {reference}',
    'auth.title.failed': 'Could not sign in',
    'auth.unavailable': 'The identity provider (SSO) cannot be reached right now. Pantau keeps trying; please try again shortly.',
    'auth.not_configured': 'Single sign-on is not enabled on this Pantau server. Use an access token, or ask the administrator to set PANTAU_OIDC_ISSUER.',
    'auth.state': 'The sign-in response does not match the request this browser sent (different state). For safety, sign-in stopped.',
    'auth.missing': 'The sign-in request was not found or has expired (over 10 minutes old, or already used). Please start again.',
    'auth.denied': 'The identity provider refused or cancelled the sign-in.',
    'auth.code': "The identity provider did not accept Pantau's sign-in code. Check the registered client id, client secret and redirect URI.",
    'auth.expired': 'The sign-in code was refused: expired, already used, or not matching this request (PKCE). Please start again.',
    'auth.token': "The identity provider's ID token is not valid for this request (nonce, issuer or audience do not match). Sign-in stopped.",
    'auth.failed': 'Sign-in failed with an unexpected error.',
    'auth.no_role.title': 'No access to Pantau',
    'auth.no_role':
      'The account {name} was recognised, but the identity provider grants it no Pantau role (admin, koordinator, operator, asesor or sre). Ask your identity administrator to add one.',
    'auth.no_instansi': 'The account {name} has the operator role but carries no instansi claim. Operators see only their own instansi, so no access is given.',
    'auth.roles_seen': 'Roles sent by the identity provider: {roles}',
    'auth.roles_none': 'The identity provider sent no roles.',
    'auth.signout.title': 'Sign out of Pantau?',
    'auth.signout.text': 'Your Pantau session will end, and your identity provider session too when it came from SSO.',
    'auth.signout.submit': 'Sign out',
  },
}
