// SPDX-License-Identifier: GPL-2.0
/*
 * The unaligned accessors are <linux/unaligned.h> (6.12), not <asm/...>.
 *
 * The feature is the header itself, so its #include is the probe's feature
 * code and the witness is the header: preprocessed, it is absent where the
 * file is not found, present where it is and declares the accessor
 * compat.h's users call.  A header found but the probe not compiling (or
 * the reverse) fails the build.
 *
 * mdc-probe-witness: linux/unaligned.h get_unaligned_le32
 *
 * Baseline: what is left without the header, the kernel's own types and a
 * plain load, which every kernel compiles with its flags.
 */
#ifndef MDC_PROBE_BASELINE
#include <linux/unaligned.h>
#else
#include <linux/types.h>
#endif

u32 mdc_probe(const void *p);
u32 mdc_probe(const void *p)
{
#ifndef MDC_PROBE_BASELINE
	return get_unaligned_le32(p);
#else
	return *(const u32 *)p;
#endif
}
