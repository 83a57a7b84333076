#!/usr/bin/env node
// The npm registry reachable here serves chdb's engine only for linux-x64, so
// `npm install` writes a lock without chdb's other platform packages, and
// `npm ci` then refuses the lock ("Missing ... from lock file"). This adds
// those entries back, with their os/cpu so npm skips them on other platforms.
// Run it after every `npm install`:  node scripts/fix-lock.mjs
import { readFileSync, writeFileSync } from 'node:fs'

const LOCK = new URL('../package-lock.json', import.meta.url)
const lock = JSON.parse(readFileSync(LOCK, 'utf8'))
const pkgs = lock.packages
let added = 0
for (const [path, entry] of Object.entries(pkgs)) {
  if (path !== 'node_modules/chdb') continue
  const manifest = JSON.parse(readFileSync(new URL(`../${path}/package.json`, import.meta.url), 'utf8'))
  entry.optionalDependencies = manifest.optionalDependencies
  for (const [name, version] of Object.entries(manifest.optionalDependencies ?? {})) {
    const key = `node_modules/${name}`
    if (pkgs[key]) continue
    const m = /lib-(darwin|linux|win32)-(x64|arm64)(-gnu|-musl)?$/.exec(name)
    if (!m) throw new Error(`cannot tell the platform of ${name}`)
    pkgs[key] = { version, cpu: [m[2]], ...(m[3] ? { libc: [m[3] === '-gnu' ? 'glibc' : 'musl'] } : {}), license: 'Apache-2.0', optional: true, os: [m[1]] }
    added++
  }
}
lock.packages = Object.fromEntries(Object.entries(pkgs).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : a > b ? 1 : 0)))
writeFileSync(LOCK, JSON.stringify(lock, null, 2) + '\n')
console.log(`fix-lock: ${added} platform entr${added === 1 ? 'y' : 'ies'} added`)
