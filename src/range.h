/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Suspended-range arithmetic.  A peer that resyncs announces a window
 * [lo, hi) of array sectors; while it lasts this node must not write there
 * and must read it from the first disk only.  hi == 0 means "no window".
 * Pure helpers on plain values: the locking around them lives in resync.c.
 */
#ifndef MDC_RANGE_H
#define MDC_RANGE_H

#include <linux/types.h>

/* A peer's resync window; from is the announcing slot, -1 for none. */
struct mdc_range {
	u64 lo;
	u64 hi;
	int from;
};

void mdc_range_clear(struct mdc_range *r);
void mdc_range_set(struct mdc_range *r, int from, u64 lo, u64 hi);
bool mdc_range_active(const struct mdc_range *r);
bool mdc_range_overlaps(const struct mdc_range *r, u64 lo, u64 hi);
bool mdc_range_owned_by(const struct mdc_range *r, int slot);
u64 mdc_walk_from(u64 old, u64 new, u64 step);
int mdc_range_format(const struct mdc_range *r, char *buf, size_t len);

#endif /* MDC_RANGE_H */
