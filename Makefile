# md-cluster: top-level targets.  `make demo` and `make check` are the two
# commands of the README; everything else is a step they call.
#
# KVER=<uname -r> or a name (6.1, 6.12, 6.12-deb13, 7.3) picks the kernel
# to build for; the default is Debian 12's 6.12: the running kernel when it
# is one, else the newest.  KERNEL=<name> runs `make conformance` on that
# kernel; `make matrix` covers them all.
# Building installs only build dependencies; the testbed's targets (image,
# demo, check, conformance) also install the test ones (scripts/deps.sh).

SHELL := /bin/bash
TOP := $(CURDIR)
BUILD := $(TOP)/build

.PHONY: all deps deps-build deps-test module module-check image demo check check-full \
	conformance kunit deb install uninstall matrix ha bench patch clean distclean

all: module

deps:
	@scripts/deps.sh build test

deps-build:
	@scripts/deps.sh build

deps-test: deps-build
	@scripts/deps.sh test

# Out-of-tree build against the Debian 6.12 headers, with the md core's
# private headers from the matching linux-source package.
module: deps-build
	@scripts/build-module.sh

# W=1 and sparse (C=1) over the module's sources, plus checkpatch --strict.
module-check: deps-build
	@scripts/build-module.sh --check

# Without DKMS: build for KVER and put the module in its updates/ (depmod).
install: deps-build
	@scripts/install-module.sh install

uninstall:
	@scripts/install-module.sh uninstall

# The DKMS package: build/md-cluster-dkms_<version>_all.deb, lintian-clean.
deb:
	@scripts/deb.sh

image: module deps-test
	@scripts/mkimage.sh

demo: image
	@scripts/demo.sh

check: image
	@scripts/check.sh

# make check plus the scenarios marked "# Suite: full" and mdadm's tests.
check-full: image
	@MDC_SUITE=full scripts/check.sh

# mdadm's clustermd_tests: mdadm 4.4 and 4.2 x our module and the stock one
# (KERNEL=7.3: on that kernel, against its own stock module).
conformance: image
	@scripts/conformance.sh $(if $(KERNEL),--kernel $(KERNEL))

# Every supported kernel: build, DKMS, KUnit, scenarios, mdadm's tests, and
# the rolling upgrade across them (over an hour; not part of check).
matrix: image
	@scripts/matrix.sh

# Under pacemaker with SBD fencing, on Debian 12 guests with systemd and
# udev (tests/ha/; builds build/debian/base.qcow2 once; not part of check).
ha: image
	@scripts/ha.sh

# Ours against the stock module, alternating rounds (ROUNDS=3, ~30 min):
# table and pictures in bench/results/ (not part of check).
bench: image
	@scripts/deps.sh bench
	@bench/run.sh

# build/md-cluster-SERIES.patch: the module as a patch on linux-source-SERIES.
SERIES ?= 7.3
patch:
	@mkdir -p $(BUILD)
	@scripts/in-tree.sh patch $(SERIES) >$(BUILD)/md-cluster-$(SERIES).patch
	@echo "patch: $(BUILD)/md-cluster-$(SERIES).patch (patch -p1 at the top of a $(SERIES) tree)"

# KERNEL=7.3: in a UML kernel of that series instead of 6.12.
kunit: deps-build
	@scripts/kunit.sh $(KERNEL)

clean:
	@scripts/build-module.sh --clean

distclean: clean
	rm -rf $(BUILD)
