#!/usr/bin/env bash
# Build the custom OpenTelemetry Collector the shipping-path tests use as a real peer
# (receivers otlp + filelog; processors batch, memory_limiter; extension file_storage;
# exporters otlp, otlphttp, kafka, debug),
# with the official OpenTelemetry Collector Builder (ocb,
# go.opentelemetry.io/collector/cmd/builder) from scripts/otelcol-builder.yaml.
# Everything comes from the Go module proxy; needs Go >= 1.26 on PATH.
#
# The binary is cached at
#   ${PANTAU_OTELCOL_HOME:-<repo>/.cache/otelcol}/<hash of manifest + this script>/otelcol-pantau
# and the script is a no-op when it exists (a new build removes the binaries of earlier
# manifests). The binary's path is the last line on
# stdout; all build output goes to stderr. A cold build takes several minutes on 2 cores.
#
# With PANTAU_OTELCOL_TELEMETRYGEN=1 it also builds telemetrygen
# (opentelemetry-collector-contrib/cmd/telemetrygen) into the same directory, best
# effort: the proxy serves it up to v0.161.0 (no v0.165.x), which speaks the same OTLP;
# a failure there is reported and does not fail the script. No test needs it, so the
# default leaves it out of the (cold) build the peer tests wait for.
#
# Usage: scripts/otelcol-build.sh            then: "$(scripts/otelcol-build.sh | tail -1)" --version
#
# Environment:
#   PANTAU_OTELCOL_HOME            cache root                        (default <repo>/.cache/otelcol)
#   PANTAU_OTELCOL_TELEMETRYGEN=1  also build telemetrygen           (default 0)
#   PANTAU_TELEMETRYGEN_VERSION    telemetrygen version              (default v0.161.0)
#   PANTAU_OTELCOL_KEEP_BUILD=1    keep the generated sources (<cache>/.build-<hash>/src)
#   GOTOOLCHAIN                    default "local": Go 1.26 is enough for the v0.165 line
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$SCRIPT_DIR/.." && pwd)"
SELF="$SCRIPT_DIR/$(basename "${BASH_SOURCE[0]}")"
MANIFEST="$SCRIPT_DIR/otelcol-builder.yaml"

BUILDER_VERSION=v0.165.0
TELEMETRYGEN_VERSION="${PANTAU_TELEMETRYGEN_VERSION:-v0.161.0}"
CACHE_ROOT="${PANTAU_OTELCOL_HOME:-$REPO/.cache/otelcol}"

log() { printf '[otelcol-build] %s\n' "$*" >&2; }
die() { printf '[otelcol-build] error: %s\n' "$*" >&2; exit 1; }

[[ -f "$MANIFEST" ]] || die "manifest not found: $MANIFEST"
HASH="$(cat "$MANIFEST" "$SELF" | sha256sum | cut -c1-16)"
DIR="$CACHE_ROOT/$HASH"
BIN="$DIR/otelcol-pantau"

if [[ -x "$BIN" ]]; then
  printf '%s\n' "$BIN"
  exit 0
fi

command -v go >/dev/null 2>&1 || die "go is not on PATH (Go >= 1.26 is needed: the v0.165 modules declare go 1.26.0)"
export GOTOOLCHAIN="${GOTOOLCHAIN:-local}"
export GOFLAGS="${GOFLAGS:--mod=mod}"
export CGO_ENABLED=0
go_minor="$(go env GOVERSION | sed -E 's/^go1\.([0-9]+).*/\1/')"
if [[ "$go_minor" =~ ^[0-9]+$ ]] && (( go_minor < 26 )) && [[ "$GOTOOLCHAIN" == local ]]; then
  die "$(go env GOVERSION) is too old: the v0.165 collector modules need go 1.26"
fi

# Serialise concurrent builds (parallel test workers); re-check after taking the lock.
mkdir -p "$CACHE_ROOT"
exec 9>"$CACHE_ROOT/.lock"
if command -v flock >/dev/null 2>&1; then
  flock -w 1800 9 || die "timed out waiting for $CACHE_ROOT/.lock"
fi
if [[ -x "$BIN" ]]; then
  printf '%s\n' "$BIN"
  exit 0
fi

start=$(date +%s)
TOOLS="$CACHE_ROOT/tools/builder-$BUILDER_VERSION"
BUILDER="$TOOLS/builder"
if [[ ! -x "$BUILDER" ]]; then
  log "installing go.opentelemetry.io/collector/cmd/builder@$BUILDER_VERSION"
  mkdir -p "$TOOLS"
  GOBIN="$TOOLS" go install "go.opentelemetry.io/collector/cmd/builder@$BUILDER_VERSION" >&2
fi

mkdir -p "$DIR"
WORK="$CACHE_ROOT/.build-$HASH"
rm -rf "$WORK"
mkdir -p "$WORK"

if [[ "${PANTAU_OTELCOL_TELEMETRYGEN:-0}" == 1 && ! -x "$DIR/telemetrygen" ]]; then
  log "installing telemetrygen@$TELEMETRYGEN_VERSION"
  if GOBIN="$DIR" go install \
      "github.com/open-telemetry/opentelemetry-collector-contrib/cmd/telemetrygen@$TELEMETRYGEN_VERSION" >&2; then
    log "telemetrygen: $DIR/telemetrygen"
  else
    log "telemetrygen@$TELEMETRYGEN_VERSION could not be built (optional; continuing)"
  fi
fi

# Same manifest, with the generated sources and binary put in the scratch dir.
sed -E "s#^([[:space:]]*output_path:).*#\\1 $WORK/src#" "$MANIFEST" > "$WORK/manifest.yaml"
grep -q "output_path: $WORK/src" "$WORK/manifest.yaml" || die "could not set output_path in the manifest copy"

log "building otelcol-pantau with ocb $BUILDER_VERSION (several minutes on a cold Go cache)"
(cd "$WORK" && "$BUILDER" --config "$WORK/manifest.yaml") >&2 \
  || die "ocb failed (generated sources kept in $WORK/src)"

[[ -x "$WORK/src/otelcol-pantau" ]] || die "ocb finished but $WORK/src/otelcol-pantau is missing"
"$WORK/src/otelcol-pantau" --version >&2 || die "the built collector does not run"
mv -f "$WORK/src/otelcol-pantau" "$BIN.tmp"
mv -f "$BIN.tmp" "$BIN"
[[ "${PANTAU_OTELCOL_KEEP_BUILD:-0}" == 1 ]] || rm -rf "$WORK"
# binaries of earlier manifests are never used again: keep only this one
for old in "$CACHE_ROOT"/*/otelcol-pantau; do
  d="$(dirname "$old")"
  if [[ "$d" != "$DIR" && "$(basename "$d")" =~ ^[0-9a-f]{16}$ ]]; then rm -rf "$d"; fi
done

log "built in $(( $(date +%s) - start ))s"
printf '%s\n' "$BIN"
