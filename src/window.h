/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Resync-window arithmetic.  A peer that resyncs announces a window
 * [lo, hi) of array sectors; while it lasts this node must not write there
 * and must read it from the first disk only.  hi == 0 means "no window".
 * Also what a merged bitmap slot leaves to resync (mdc_dirty_span()).
 * Pure helpers on plain values: the locking around them lives in resync.c
 * and recovery.c.
 */
#ifndef MDC_WINDOW_H
#define MDC_WINDOW_H

#include <linux/types.h>

/* A peer's resync window; from is the announcing slot, -1 for none. */
struct mdc_window {
	u64 lo;
	u64 hi;
	int from;
};

void mdc_window_clear(struct mdc_window *r);
void mdc_window_set(struct mdc_window *r, int from, u64 lo, u64 hi);
bool mdc_window_active(const struct mdc_window *r);
bool mdc_window_overlaps(const struct mdc_window *r, u64 lo, u64 hi);
bool mdc_window_owned_by(const struct mdc_window *r, int slot);
u64 mdc_walk_from(u64 old, u64 new, u64 step);
int mdc_window_format(const struct mdc_window *r, char *buf, size_t len);
bool mdc_dirty_span(u64 lo, u64 hi, bool chunk0_dirty, u64 chunk,
		    u64 *first, u64 *end);

#endif /* MDC_WINDOW_H */
