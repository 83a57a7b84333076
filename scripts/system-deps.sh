#!/usr/bin/env bash
# Debian packages the tests use as real peers: Chromium (UI tests), poppler
# (PDFs → text/PNG), Prometheus Alertmanager (alert receiver), Java 17 +
# Maven (the local Kafka broker), nginx (a real reverse proxy writing the
# access log Pantau reads) and syslog-ng with its http() destination (a real
# log shipper). Installs what is missing, as root or with passwordless sudo;
# otherwise says exactly what to install.
# Run before `npm test` (pretest) and `npm run test:peers` (pretest:peers); the
# unit and integration lanes need none of these.
#
# The tests run nginx and syslog-ng as their own foreground children (own
# config, ports and state dirs), never the system services: while installing,
# a temporary /usr/sbin/policy-rc.d (when there is none) keeps the packages
# from starting their services (nginx on :80, syslog-ng on /dev/log).
#
# syslog-ng-core conflicts with every other system log daemon (rsyslog,
# busybox-syslogd, …: Debian's virtual package system-log-daemon), and apt
# would remove that daemon to install it. This script does not do that unless
# PANTAU_SYSTEM_DEPS_REPLACE_SYSLOG=1; it stops and says so instead.
#
# The OpenTelemetry Collector the peer tests run is not a Debian package: the
# tests build it with Go >= 1.26 (scripts/otelcol-build.sh, cached in .cache/otelcol).
set -euo pipefail

declare -A need=(
  [/usr/bin/chromium]=chromium
  [/usr/bin/pdftoppm]=poppler-utils
  [/usr/bin/pdftotext]=poppler-utils
  [/usr/bin/prometheus-alertmanager]=prometheus-alertmanager
  [/usr/sbin/nginx]=nginx
  [/usr/sbin/syslog-ng]=syslog-ng-core
)
command -v java >/dev/null 2>&1 || need[java]=openjdk-17-jre-headless
command -v mvn >/dev/null 2>&1 || need[mvn]=maven
# the http() destination module, in syslog-ng's versioned module directory
compgen -G '/usr/lib/syslog-ng/*/libhttp.so' >/dev/null || need[syslog-ng-http]=syslog-ng-mod-http

if ! command -v go >/dev/null 2>&1; then
  echo "system-deps: note: 'go' (>= 1.26) is not on PATH; the OpenTelemetry Collector peer tests build" >&2
  echo "system-deps:       their collector with it (scripts/otelcol-build.sh) unless .cache/otelcol holds one" >&2
fi

missing=()
for path in "${!need[@]}"; do
  if [[ "$path" == /* ]]; then [[ -x "$path" ]] || missing+=("${need[$path]}")
  else missing+=("${need[$path]}"); fi
done
[[ ${#missing[@]} -eq 0 ]] && exit 0
mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)

# another system log daemon installed? (syslog-ng-core: Conflicts: system-log-daemon)
if [[ " ${missing[*]} " == *" syslog-ng-core "* && "${PANTAU_SYSTEM_DEPS_REPLACE_SYSLOG:-0}" != 1 ]]; then
  other="$(dpkg-query -W -f='${Package} ${Status} ${Provides}\n' 2>/dev/null \
    | awk '/install ok installed/ && /system-log-daemon/ && $1 !~ /^syslog-ng/ {print $1}' | tr '\n' ' ')"
  if [[ -n "$other" ]]; then
    echo "system-deps: syslog-ng-core (needed by test/peers/syslog-ng.test.ts) conflicts with the installed ${other}" >&2
    echo "system-deps: apt would remove ${other}to install it; do that deliberately, or rerun with PANTAU_SYSTEM_DEPS_REPLACE_SYSLOG=1" >&2
    exit 1
  fi
fi

if [[ $(id -u) -eq 0 ]]; then sudo=""
elif sudo -n true 2>/dev/null; then sudo="sudo -n"
else
  echo "system-deps: missing Debian packages: ${missing[*]}" >&2
  echo "system-deps: install them with: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "system-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive

# keep the packages' services from starting while they are installed (removed again on exit)
policy=/usr/sbin/policy-rc.d
if [[ ! -e "$policy" ]]; then
  $sudo sh -c "printf '#!/bin/sh\n# written by pantau scripts/system-deps.sh while it installs; removed afterwards\nexit 101\n' > $policy && chmod 755 $policy"
  trap '$sudo rm -f "$policy"' EXIT
fi

$sudo apt-get update -qq || true
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
