# shellcheck shell=bash
# What the test runners check.sh, conformance.sh and ha.sh share: sourced,
# never run.  (matrix.sh wraps whole runs in its own flock of /tmp/mdc-qemu.lock.)
#
# The qemu lock: one cluster at a time per machine.  MDC_QEMU_LOCK names a
# lock file; every runner that boots guests holds it for as long as they
# run, so that several checkouts can share a machine.  Unset: no lock.
#
# The retry policy: guests under TCG on two cores are not deterministic
# (which node wins a race, how far a resync got when a test looked), so a
# failed test runs once more.  Its first logs are kept beside the second
# under a "try1" name and it is reported as flaky, so nothing is hidden.
# MDC_RETRY=0 turns retries off.

selected() {	# name: does TESTS (name prefixes) pick it?  All when unset.
	local p
	[ -z "${TESTS:-}" ] && return 0
	for p in $TESTS; do
		case $1 in "$p"*) return 0 ;; esac
	done
	return 1
}

qemu_lock() {
	[ -n "${MDC_QEMU_LOCK:-}" ] || return 0
	exec 9>"$MDC_QEMU_LOCK"
	flock 9
}

qemu_unlock() {
	[ -n "${MDC_QEMU_LOCK:-}" ] || return 0
	exec 9>&-
}

retry_enabled() {
	[ "${MDC_RETRY:-1}" != 0 ]
}

retry_wanted() {	# status: should a test that ended so run again?
	[ "$1" != 0 ] && [ "$1" != 77 ] && retry_enabled
}

keep_first_try() {	# path: move a failed try's log (file or dir) aside
	local p=$1 kept
	case $p in
	*.log) kept=${p%.log}.try1.log ;;
	*) kept=$p.try1 ;;
	esac
	rm -rf "$kept"
	mv "$p" "$kept"
	echo "$kept"
}
