# md-cluster: top-level targets.  `make demo` and `make check` are the two
# commands of the README; everything else is a step they call.

SHELL := /bin/bash
TOP := $(CURDIR)
BUILD := $(TOP)/build

.PHONY: all deps module module-check image demo check conformance kunit clean distclean

all: module

deps:
	@scripts/deps.sh

# Out-of-tree build against the Debian 6.12 headers, with the md core's
# private headers from the matching linux-source package.
module: deps
	@scripts/build-module.sh

# W=1 and sparse (C=1) over the module's sources, plus checkpatch --strict.
module-check: deps
	@scripts/build-module.sh --check

image: module
	@scripts/mkimage.sh

demo: image
	@scripts/demo.sh

check: image
	@scripts/check.sh

# mdadm's clustermd_tests: mdadm 4.4 and 4.2 x our module and the stock one.
conformance: image
	@scripts/conformance.sh

kunit: deps
	@scripts/kunit.sh

clean:
	@scripts/build-module.sh --clean

distclean: clean
	rm -rf $(BUILD)
