#!/bin/sh
# Build the offline wheelhouse on a machine with internet access (docs/deployment.md).
# Usage: deploy/build-wheelhouse.sh [wheelhouse-dir]   → copy the folder to the intranet.
set -eu
cd "$(dirname "$0")/.."
out="${1:-wheelhouse}"
python3 -m pip download --only-binary=:all: --dest "$out" -r requirements.lock
python3 -m pip download --only-binary=:all: --dest "$out" pip
echo "wheelhouse: $(ls "$out" | wc -l) files in $out"
