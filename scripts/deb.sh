#!/bin/bash
# make deb: build md-cluster-dkms_<version>_all.deb (and the source
# package) from debian/ in a clean copy of the tree under build/deb/, then
# run lintian over the results; any error or warning fails.
# debian/changelog's version must be the VERSION file's.
set -euo pipefail
. "$(dirname "$0")/versions.sh"

"$MDC_TOP/scripts/deps.sh" deb

chver=$(dpkg-parsechangelog -l "$MDC_TOP/debian/changelog" -S Version)
[ "$chver" = "$MDC_VERSION" ] ||
	{ echo "deb: debian/changelog is $chver but VERSION is $MDC_VERSION" >&2; exit 1; }

out=$MDC_BUILD/deb
tree=$out/md-cluster-$MDC_VERSION
rm -rf "$out"
mkdir -p "$tree"
# The files git knows or would add (not ignored build products), else all
# but build products.
if git -C "$MDC_TOP" rev-parse --git-dir >/dev/null 2>&1; then
	git -C "$MDC_TOP" ls-files -z --cached --others --exclude-standard | rsync -a --from0 --files-from=- "$MDC_TOP/" "$tree/"
else
	rsync -a --exclude /build/ --exclude '*.o' --exclude '*.ko' "$MDC_TOP/" "$tree/"
fi
(cd "$tree" && dpkg-buildpackage -us -uc --build=full) >"$out/build.log" 2>&1 ||
	{ tail -n 30 "$out/build.log"; echo "deb: dpkg-buildpackage failed ($out/build.log)" >&2; exit 1; }
deb=$out/md-cluster-dkms_${MDC_VERSION}_all.deb
[ -f "$deb" ] || { echo "deb: $deb not built" >&2; exit 1; }
changes=$(ls "$out"/md-cluster_"${MDC_VERSION}"_*.changes)
if ! lintian --fail-on error,warning --info "$changes" >"$out/lintian.log" 2>&1; then
	cat "$out/lintian.log"
	echo "deb: lintian found errors or warnings ($out/lintian.log)" >&2
	exit 1
fi
sed 's/^/lintian: /' "$out/lintian.log"
cp "$deb" "$MDC_BUILD/"
echo "deb: $MDC_BUILD/$(basename "$deb")"
