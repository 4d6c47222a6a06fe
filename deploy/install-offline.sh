#!/bin/sh
# Install EcoBureau from a wheelhouse, with no network (docs/deployment.md).
# Usage: deploy/install-offline.sh <wheelhouse-dir> <venv-dir>
set -eu
cd "$(dirname "$0")/.."
wheelhouse="$1"
venv="$2"
python3 -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11 or newer is required"'
python3 -m venv "$venv"
"$venv/bin/python" -m pip install --no-index --find-links "$wheelhouse" --upgrade pip
"$venv/bin/python" -m pip install --no-index --find-links "$wheelhouse" --only-binary=:all: -r requirements.lock
echo "installed into $venv"
