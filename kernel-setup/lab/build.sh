#!/usr/bin/env bash
# The JupyterLab 4 front end of the browser test (git-ignored node_modules/ and build/), made only when its
# inputs changed: `npm ci` when node_modules/ was installed from another package-lock.json, and a production
# webpack build when build/ was made from other inputs. Each keeps the hash of what it was made from in a
# stamp. ./aihc test and ./aihc test-browser run it.
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")"
started=$SECONDS
lock_hash=$(sha256sum <package-lock.json | cut -d' ' -f1)
build_hash=$(cat package-lock.json package.json webpack.config.js index.js | sha256sum | cut -d' ' -f1)
[[ -f build/bundle.js && $(cat build/.aihc-stamp 2>/dev/null) == "$build_hash" ]] && exit 0
fail() { # MESSAGE
  tail -30 build.log >&2
  echo "aihc: $1 in $PWD (build.log)" >&2
  exit 1
}
if [[ $(cat node_modules/.aihc-stamp 2>/dev/null) != "$lock_hash" ]]; then
  echo "aihc: installing the JupyterLab front end's npm packages (npm ci in kernel-setup/lab)…" >&2
  step=$SECONDS
  npm ci --no-audit --no-fund >build.log 2>&1 || fail "npm ci failed"
  echo "$lock_hash" >node_modules/.aihc-stamp
  echo "aihc: npm ci took $((SECONDS - step)) s" >&2
fi
echo "aihc: building the JupyterLab front end (webpack, production)…" >&2
step=$SECONDS
rm -rf build
LAB_BUILD_MODE=production npx --no-install webpack >build.log 2>&1 || fail "the JupyterLab build failed"
echo "$build_hash" >build/.aihc-stamp
rm -f build.log
echo "aihc: webpack took $((SECONDS - step)) s; the JupyterLab front end is ready after $((SECONDS - started)) s" >&2
