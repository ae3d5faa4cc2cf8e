# md-cluster: top-level targets.  `make demo` and `make check` are the two
# commands of the README; everything else is a step they call.
#
# KVER=<uname -r of a Debian 12 6.12 kernel> picks the kernel to build for;
# the default is the running kernel when it is one, else the newest.
# Building installs only build dependencies; the testbed's targets (image,
# demo, check, conformance) also install the test ones (scripts/deps.sh).

SHELL := /bin/bash
TOP := $(CURDIR)
BUILD := $(TOP)/build

.PHONY: all deps deps-build deps-test module module-check image demo check \
	conformance kunit deb install uninstall clean distclean

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

# mdadm's clustermd_tests: mdadm 4.4 and 4.2 x our module and the stock one.
conformance: image
	@scripts/conformance.sh

kunit: deps-build
	@scripts/kunit.sh

clean:
	@scripts/build-module.sh --clean

distclean: clean
	rm -rf $(BUILD)
