#!/usr/bin/env bash
# `make install-check`: installs tracker with `make install` into a temporary PREFIX, then checks that
# the binary links no Swift runtime library and no libcmark.so, and that it builds the example tracker
# from another folder exactly as the debug build does.
set -euo pipefail
cd "$(dirname "$0")/.."
repository=$PWD
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

make install PREFIX="$work/prefix"
tracker=$work/prefix/bin/tracker

echo "== ldd $tracker"
ldd "$tracker" | tee "$work/ldd.txt"
if grep -Ei 'libswift|libFoundation|libdispatch|libBlocksRuntime|lib_FoundationICU|libcmark' "$work/ldd.txt"; then
    echo "install-check: FAILED: the binary needs the libraries above at run time" >&2
    exit 1
fi

echo "== $tracker --version"
"$tracker" --version

echo "== building the example tracker from another folder"
cd "$work"
"$tracker" init --example example
(cd example && "$tracker" build)
# The repository's content and static files, copied out of git: built inside the repository, the pages would show
# the records' history from git, which the example written by `init` (not a git repository) cannot.
mkdir "$work/from-repository"
cp -R "$repository/content" "$work/from-repository/"
if [ -d "$repository/static" ]; then cp -R "$repository/static" "$work/from-repository/"; fi
"$tracker" build --site "$work/from-repository" --output "$work/from-repository/public" --no-cache
diff -r example/public "$work/from-repository/public"
echo "install-check: OK: $tracker needs no Swift library and no libcmark.so, and built the example tracker"
