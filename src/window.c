// SPDX-License-Identifier: GPL-2.0
/*
 * Resync-window arithmetic on half-open sector intervals, and the span a
 * merged bitmap slot leaves dirty (see window.h).  No locking and no md
 * state here.
 */

#include <linux/kernel.h>

#include "window.h"

/**
 * mdc_window_clear() - forget any window
 * @r: window to reset
 */
void mdc_window_clear(struct mdc_window *r)
{
	r->lo = 0;
	r->hi = 0;
	r->from = -1;
}

/**
 * mdc_window_set() - install the window a peer announced
 * @r: window to update
 * @from: announcing slot
 * @lo: first sector
 * @hi: end sector (exclusive); 0 or an empty interval clears the window
 */
void mdc_window_set(struct mdc_window *r, int from, u64 lo, u64 hi)
{
	if (!hi || lo >= hi) {
		mdc_window_clear(r);
		return;
	}
	r->lo = lo;
	r->hi = hi;
	r->from = from;
}

/**
 * mdc_window_active() - is there a window at all?
 * @r: window
 *
 * Return: true when [lo, hi) is not empty.
 */
bool mdc_window_active(const struct mdc_window *r)
{
	return r->hi && r->lo < r->hi;
}

/**
 * mdc_window_overlaps() - does an I/O touch the window?
 * @r: window
 * @lo: first sector of the I/O
 * @hi: end sector of the I/O (exclusive)
 *
 * Return: true when [@lo, @hi) and the window share at least one sector.
 */
bool mdc_window_overlaps(const struct mdc_window *r, u64 lo, u64 hi)
{
	return mdc_window_active(r) && lo < r->hi && hi > r->lo;
}

/**
 * mdc_window_owned_by() - was the window announced by @slot?
 * @r: window
 * @slot: bitmap slot
 *
 * Return: true when an active window came from @slot.
 */
bool mdc_window_owned_by(const struct mdc_window *r, int slot)
{
	return mdc_window_active(r) && r->from == slot;
}

/**
 * mdc_walk_from() - where to start walking the bitmap toward a new bound
 * @old: that bound of the sender's previous window, 0 for none
 * @new: the same bound of its new window
 * @step: the most sectors one step of md's walk can cover
 *
 * Receivers move their bitmap's resync state from the previous window to
 * the new one with md's sync_with_cluster(), which warns when its last
 * step was longer than the new bound while the old bound was not 0.  Any
 * peer can announce such a window, and a warning kills a panic_on_warn
 * node, so below one step the walk starts at 0 instead: it never warns
 * then, and it is short, since @new is less than one step.
 *
 * Return: @old, or 0 when walking from @old could warn.
 */
u64 mdc_walk_from(u64 old, u64 new, u64 step)
{
	return new >= step ? old : 0;
}

/**
 * mdc_window_format() - print a window for sysfs
 * @r: window
 * @buf: output
 * @len: size of @buf
 *
 * Prints "lo hi slot\n" (sectors, hi exclusive, the announcing slot) for an
 * active window and "none\n" otherwise.
 *
 * Return: the number of characters written, without the NUL.
 */
int mdc_window_format(const struct mdc_window *r, char *buf, size_t len)
{
	if (!mdc_window_active(r))
		return scnprintf(buf, len, "none\n");
	return scnprintf(buf, len, "%llu %llu %d\n", r->lo, r->hi, r->from);
}

/**
 * mdc_dirty_span() - the sectors a merged bitmap slot left to resync
 * @lo: the first dirty chunk's start, as md's copy_from_slot() reports it
 * @hi: the last dirty chunk's start, as it reports it
 * @chunk0_dirty: our bitmap's chunk 0 needs a sync after the merge
 * @chunk: sectors per bitmap chunk
 * @first: set to the first sector to resync
 * @end: set to the end of the last dirty chunk (exclusive)
 *
 * copy_from_slot() starts @lo and @hi at 0 and takes 0 to mean "not set
 * yet": it reports 0..0 both for a slot with nothing dirty and for one
 * whose only dirty chunk is chunk 0, and the second dirty chunk as @lo
 * when chunk 0 is one of several.  Chunk 0 is therefore decided from the
 * bits (@chunk0_dirty), never from @lo and @hi.
 *
 * Return: true when anything is dirty; @first and @end are then set.
 */
bool mdc_dirty_span(u64 lo, u64 hi, bool chunk0_dirty, u64 chunk,
		    u64 *first, u64 *end)
{
	if (!hi && !chunk0_dirty)
		return false;
	*first = chunk0_dirty ? 0 : lo;
	*end = hi + chunk;
	return true;
}
