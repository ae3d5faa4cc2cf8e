#!/bin/bash
# Keep Documentation/ buildable and true:
#  1. every .rst goes through docutils with warnings fatal (plain docutils:
#     no Sphinx-only directives or roles);
#  2. every pr_*() and mdc_err/warn/info() format string in src/ appears,
#     word for word (without its "\n"; mdc_*() with the "md-cluster %s: "
#     they add), in Documentation/troubleshooting.rst;
#  3. every sysfs attribute src/sysfs.c creates has a What: entry in
#     Documentation/ABI/testing/sysfs-block-md-cluster, and every entry
#     has Date, KernelVersion, Contact and Description; the kernel's own
#     scripts/get_abi.pl (from linux-source-6.12) validates the file.
# Prints what is wrong and exits 1, or prints one line and exits 0.
set -euo pipefail
. "$(dirname "$0")/versions.sh"

doc=$MDC_TOP/Documentation
abi=$doc/ABI/testing/sysfs-block-md-cluster
rc=0

n=0
while IFS= read -r f; do
	n=$((n + 1))
	if ! out=$(python3 -m docutils --halt=warning --report=warning \
			--no-datestamp "$f" 2>&1 >/dev/null); then
		echo "doc-check: ${f#"$MDC_TOP"/}: reST problems:"
		echo "$out"
		rc=1
	fi
done < <(find "$doc" -name '*.rst' | sort)
[ "$n" -gt 0 ] || { echo "doc-check: no .rst under $doc"; exit 1; }

# Format strings: the string literals following pr_<level>[_ratelimited|_once](,
# concatenated, without the trailing newline.
missing=$(python3 - "$MDC_TOP/src" "$doc/troubleshooting.rst" <<'EOF'
import glob, re, sys
src, rst = sys.argv[1], open(sys.argv[2]).read()
call = re.compile(r'\bpr_[a-z]+(?:_ratelimited|_once)?\s*\(\s*((?:"(?:[^"\\]|\\.)*"\s*)+)')
# mdc_err(mc, "...") and its kin print "md-cluster %s: " first (internal.h)
mdc_call = re.compile(r'\bmdc_(?:err|warn|info)(?:_ratelimited)?\s*\(\s*[^,"]+,\s*((?:"(?:[^"\\]|\\.)*"\s*)+)')
lit = re.compile(r'"((?:[^"\\]|\\.)*)"')
seen = 0
for path in sorted(glob.glob(src + '/*.c')):
    if path.endswith('.mod.c'):
        continue
    text = open(path).read()
    found = [(m, '') for m in call.finditer(text)]
    found += [(m, 'md-cluster %s: ') for m in mdc_call.finditer(text)]
    for m, prefix in found:
        fmt = prefix + ''.join(lit.findall(m.group(1)))
        fmt = fmt.replace('\\n', '').replace('\\"', '"')
        seen += 1
        if fmt not in rst:
            line = text.count('\n', 0, m.start()) + 1
            print(f'{path.rsplit("/", 1)[1]}:{line}: {fmt}')
if not seen:
    print('no pr_*() calls found in ' + src)
EOF
)
if [ -n "$missing" ]; then
	echo "doc-check: log messages missing from Documentation/troubleshooting.rst:"
	echo "$missing"
	rc=1
fi

# sysfs attributes against the ABI file
if [ ! -f "$abi" ]; then
	echo "doc-check: $abi missing"
	rc=1
else
	for a in $(sed -n 's/.*__ATTR_RO(\([a-z_]*\)).*/\1/p' "$MDC_TOP/src/sysfs.c"); do
		grep -Eq "^What:[[:space:]]+/sys/block/mdX/md/cluster/(stats/)?$a\$" "$abi" ||
			{ echo "doc-check: sysfs file '$a' has no What: entry in ${abi#"$MDC_TOP"/}"; rc=1; }
	done
	for a in $(sed -n 's/^MDC_STAT(\([a-z_]*\),.*/\1/p' "$MDC_TOP/src/sysfs.c"); do
		grep -Eq "^What:[[:space:]]+/sys/block/mdX/md/cluster/stats/$a\$" "$abi" ||
			{ echo "doc-check: sysfs file 'stats/$a' has no What: entry in ${abi#"$MDC_TOP"/}"; rc=1; }
	done
	# consecutive What: lines share one set of fields
	bad=$(awk '
		/^What:/ {
			if (!in_what) {
				if (grp != "" && fields != 4) print grp
				grp = $2; fields = 0
			}
			in_what = 1; next
		}
		/^(Date|KernelVersion|Contact|Description):/ { fields++ }
		{ in_what = 0 }
		END { if (grp != "" && fields != 4) print grp }
	' "$abi")
	[ -z "$bad" ] || { echo "doc-check: ABI entries without Date/KernelVersion/Contact/Description: $bad"; rc=1; }
	if [ -f /usr/src/linux-source-6.12.tar.xz ]; then
		mdinc=$("$MDC_TOP/scripts/md-headers.sh")
		root=${mdinc%/drivers/md}
		[ -f "$root/scripts/get_abi.pl" ] ||
			tar -C "$root" --strip-components=1 -xJf /usr/src/linux-source-6.12.tar.xz \
				linux-source-6.12/scripts/get_abi.pl
		out=$(perl "$root/scripts/get_abi.pl" validate --dir "$doc/ABI" 2>&1)
		if [ -n "$out" ]; then
			echo "doc-check: get_abi.pl validate:"
			echo "$out"
			rc=1
		fi
	fi
fi

[ $rc -eq 0 ] && echo "doc-check: $n reST files clean; every log message and sysfs file documented"
exit $rc
