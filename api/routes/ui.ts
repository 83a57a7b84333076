/**
 * The web UI, served without authentication (the app signs in through
 * /auth/*, api/routes/auth.ts, and then holds only an HttpOnly session
 * cookie): `/` is the HTML shell, `/ui/app.js` and `/ui/app.css` are
 * bundled by esbuild from dashboards/ui into memory on first request
 * (PANTAU_UI_DEV=1 rebuilds on every request), and the vega, vega-lite and
 * vega-embed browser builds come from node_modules — nothing from a CDN.
 */
import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import type { Context } from 'hono'
import type { ApiApp, ApiDeps } from '../deps.js'

const require = createRequire(import.meta.url)
const UI_DIR = fileURLToPath(new URL('../../dashboards/ui/', import.meta.url))

/** A package's directory (its package.json is not always exported, so walk up from its entry point). */
function packageDir(name: string): string {
  let dir = dirname(require.resolve(name))
  while (!dir.endsWith(`${sep}node_modules${sep}${name}`) && dirname(dir) !== dir) dir = dirname(dir)
  return dir
}

const VENDOR: Record<string, string> = {
  'vega.min.js': join(packageDir('vega'), 'build/vega.min.js'),
  'vega-lite.min.js': join(packageDir('vega-lite'), 'build/vega-lite.min.js'),
  'vega-embed.min.js': join(packageDir('vega-embed'), 'build/vega-embed.min.js'),
}

interface Asset {
  body: Buffer
  gzip: Buffer
  type: string
  etag: string
}

function asset(body: Buffer | string, type: string): Asset {
  const buf = Buffer.isBuffer(body) ? body : Buffer.from(body)
  return { body: buf, gzip: gzipSync(buf, { level: 6 }), type, etag: `"${createHash('sha256').update(buf).digest('base64url').slice(0, 22)}"` }
}

async function bundle(): Promise<{ js: Asset; css: Asset }> {
  const { build } = await import('esbuild')
  const out = await build({
    entryPoints: { app: join(UI_DIR, 'main.ts'), style: join(UI_DIR, 'app.css') },
    bundle: true,
    write: false,
    outdir: '/ui',
    format: 'iife',
    platform: 'browser',
    target: ['es2020'],
    minify: true,
    legalComments: 'none',
    logLevel: 'silent',
  })
  const file = (ext: string) => out.outputFiles.find((f) => f.path.endsWith(ext))!.contents
  return { js: asset(Buffer.from(file('.js')), 'text/javascript; charset=utf-8'), css: asset(Buffer.from(file('.css')), 'text/css; charset=utf-8') }
}

function shell(js: Asset, css: Asset): string {
  const v = (a: Asset) => a.etag.slice(1, 9)
  return `<!doctype html>
<html lang="id">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Pantau</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/ui/app.css?v=${v(css)}">
<script defer src="/ui/vendor/vega.min.js"></script>
<script defer src="/ui/vendor/vega-lite.min.js"></script>
<script defer src="/ui/vendor/vega-embed.min.js"></script>
<script defer src="/ui/app.js?v=${v(js)}"></script>
</head>
<body>
<div id="app"><p class="boot">Pantau…</p></div>
<noscript>Pantau memerlukan JavaScript. / Pantau needs JavaScript.</noscript>
</body>
</html>`
}

function send(c: Context, a: Asset, cache: string): Response {
  if (c.req.header('if-none-match') === a.etag) return c.body(null, 304, { etag: a.etag, 'cache-control': cache })
  const gzip = /\bgzip\b/.test(c.req.header('accept-encoding') ?? '')
  const headers: Record<string, string> = {
    'content-type': a.type,
    etag: a.etag,
    'cache-control': cache,
    vary: 'accept-encoding',
    'x-content-type-options': 'nosniff',
  }
  if (gzip) headers['content-encoding'] = 'gzip'
  return c.body(new Uint8Array(gzip ? a.gzip : a.body), 200, headers)
}

export function registerUi(app: ApiApp, deps: ApiDeps): void {
  const dev = deps.uiDev === true
  let built: Promise<{ js: Asset; css: Asset; html: Asset }> | undefined
  const assets = () => {
    if (!built || dev) {
      built = bundle().then(({ js, css }) => ({ js, css, html: asset(shell(js, css), 'text/html; charset=utf-8') }))
      built.catch(() => (built = undefined))
    }
    return built
  }
  const vendor = new Map<string, Promise<Asset>>()

  app.get('/', async (c) => send(c, (await assets()).html, 'no-cache'))
  app.get('/ui/app.js', async (c) => send(c, (await assets()).js, dev ? 'no-cache' : 'public, max-age=31536000, immutable'))
  app.get('/ui/app.css', async (c) => send(c, (await assets()).css, dev ? 'no-cache' : 'public, max-age=31536000, immutable'))
  app.get('/ui/vendor/:file', async (c) => {
    const file = c.req.param('file')
    const path = VENDOR[file]
    if (!path) return c.notFound()
    if (!vendor.has(file))
      vendor.set(
        file,
        readFile(path).then((b) => asset(b, 'text/javascript; charset=utf-8')),
      )
    return send(c, await vendor.get(file)!, 'public, max-age=86400')
  })
}
