// SPDX-License-Identifier: GPL-2.0
/* The unaligned accessors are <linux/unaligned.h> (6.12), not <asm/...>. */
#include <linux/unaligned.h>

u32 mdc_probe(const void *p);
u32 mdc_probe(const void *p)
{
	return get_unaligned_le32(p);
}
