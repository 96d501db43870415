#!/usr/bin/env bash
# GraphiQL, React and ReactDOM from the npm registry, copied into graphhub/api/static/vendor/
# so that the explorer at /graphql works without any CDN. Idempotent: when the files are
# present and match the pinned versions, it does nothing.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENDOR="$ROOT/graphhub/api/static/vendor"
CACHE="${GRAPHHUB_NPM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/graphhub/explorer}"
PACKAGES=(graphiql@3.8.3 react@18.3.1 react-dom@18.3.1)
STAMP="$VENDOR/.versions"
FILES=(graphiql.min.js graphiql.min.css react.production.min.js react-dom.production.min.js)

wanted="${PACKAGES[*]}"
if [[ -f "$STAMP" && "$(cat "$STAMP")" == "$wanted" ]]; then
  missing=0
  for file in "${FILES[@]}"; do [[ -s "$VENDOR/$file" ]] || missing=1; done
  if [[ $missing == 0 ]]; then
    echo "explorer assets: present ($wanted)"
    exit 0
  fi
fi

if ! command -v npm >/dev/null 2>&1; then
  echo "explorer assets: npm is needed to fetch GraphiQL and React (Debian: apt-get install npm)" >&2
  exit 3
fi

mkdir -p "$CACHE" "$VENDOR"
# The UMD bundles are self-contained: the package tarballs are enough, no dependency tree.
for package in "${PACKAGES[@]}"; do
  name="${package%@*}"
  dir="$CACHE/$package"
  if [[ ! -d "$dir/package" ]]; then
    tarball="$(cd "$CACHE" && npm pack --silent "$package" | tail -n 1)"
    mkdir -p "$dir"
    tar -xzf "$CACHE/$tarball" -C "$dir"
    rm -f "$CACHE/$tarball"
  fi
  case "$name" in
    graphiql)
      cp "$dir/package/graphiql.min.js" "$dir/package/graphiql.min.css" "$VENDOR/" ;;
    react)
      cp "$dir/package/umd/react.production.min.js" "$VENDOR/" ;;
    react-dom)
      cp "$dir/package/umd/react-dom.production.min.js" "$VENDOR/" ;;
  esac
done
echo "$wanted" > "$STAMP"
echo "explorer assets: installed $wanted into $VENDOR"
