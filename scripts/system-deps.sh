#!/usr/bin/env bash
# Debian packages the tests use as real peers: Chromium (UI tests), poppler
# (PDFs → text/PNG), Prometheus Alertmanager (alert receiver), and Java 17 +
# Maven (the local Kafka broker). Installs what is missing, as root or with
# passwordless sudo; otherwise says exactly what to install.
# Run before `npm test` (pretest) and `npm run test:peers` (pretest:peers); the
# unit and integration lanes need none of these.
set -euo pipefail

declare -A need=(
  [/usr/bin/chromium]=chromium
  [/usr/bin/pdftoppm]=poppler-utils
  [/usr/bin/pdftotext]=poppler-utils
  [/usr/bin/prometheus-alertmanager]=prometheus-alertmanager
)
command -v java >/dev/null 2>&1 || need[java]=openjdk-17-jre-headless
command -v mvn >/dev/null 2>&1 || need[mvn]=maven

missing=()
for path in "${!need[@]}"; do
  if [[ "$path" == /* ]]; then [[ -x "$path" ]] || missing+=("${need[$path]}")
  else missing+=("${need[$path]}"); fi
done
[[ ${#missing[@]} -eq 0 ]] && exit 0
mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)

if [[ $(id -u) -eq 0 ]]; then sudo=""
elif sudo -n true 2>/dev/null; then sudo="sudo -n"
else
  echo "system-deps: missing Debian packages: ${missing[*]}" >&2
  echo "system-deps: install them with: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "system-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq || true
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
