#!/usr/bin/env bash
# Adds every public symbol the build reports as undeclared (RS0016) to the project's PublicAPI.Unshipped.txt and
# removes the ones it reports as gone (RS0017). Review the diff: it is the change to the public API.
# Usage: eng/update-public-api.sh src/Immuta.Client
set -euo pipefail
project=${1:?usage: eng/update-public-api.sh <project folder>}
file="$project/PublicAPI.Unshipped.txt"
log=$(mktemp)
dotnet build "$project" -f net10.0 -p:TreatWarningsAsErrors=false > "$log" 2>&1 || true
added=$(grep -oE "RS0016: Symbol '[^']*'" "$log" | sed -E "s/RS0016: Symbol '(.*)'/\1/" | sort -u || true)
removed=$(grep -oE "RS0017: Symbol '[^']*'" "$log" | sed -E "s/RS0017: Symbol '(.*)'/\1/" | sort -u || true)
{
  echo '#nullable enable'
  { grep -v '^#nullable enable$' "$file" || true; printf '%s\n' "$added"; } \
    | grep -vxF -f <(printf '%s\n' "$removed" | sed '/^$/d'; echo '#never-matches#') \
    | sed '/^$/d' | LC_ALL=C sort -u
} > "$file.new"
mv "$file.new" "$file"
echo "$(printf '%s\n' "$added" | sed '/^$/d' | wc -l) added, $(printf '%s\n' "$removed" | sed '/^$/d' | wc -l) removed: $file"
