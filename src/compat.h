/* SPDX-License-Identifier: GPL-2.0 */
/*
 * md-cluster's one view of the kernels it builds for: Debian's 6.1, 6.12
 * and 7.x.  Every difference between them that the module meets is
 * resolved here (and, where a body is needed, in compat.c), so the rest of
 * the source is written against a single kernel.  Which side of a
 * difference a kernel is on is decided by the feature probes in probes/,
 * compiled by Kbuild against that kernel's own headers into
 * mdc-features.h, never by its version number: Debian's stable updates
 * change md's private headers inside one series.  The md core's bitmap is
 * reached through the mdc_bitmap_*() helpers below, whatever the kernel
 * offers (mddev->bitmap_ops or md_bitmap_*() calls), and its resync
 * checkpoint through mdc_resync_offset().
 */
#ifndef MDC_COMPAT_H
#define MDC_COMPAT_H

#include <linux/dlm.h>
#include <linux/types.h>

#include "mdc-features.h"

#ifdef MDC_HAVE_LINUX_UNALIGNED_H
#include <linux/unaligned.h>
#else
#include <asm/unaligned.h>
#endif

#include "md.h"
#include "md-bitmap.h"
#include "md-cluster.h"

/* A DLM without the flag always calls back from a workqueue. */
#ifndef DLM_LSFL_SOFTIRQ
#define DLM_LSFL_SOFTIRQ	0
#endif

/* Release a lockspace even though locks are still held (older DLMs: 2). */
#ifndef DLM_RELEASE_NORMAL
#define DLM_RELEASE_NORMAL	2
#endif

/*
 * md's in-memory bitmap counters are 16 bits wide (bitmap_counter_t);
 * newer kernels keep the definition private to md-bitmap.c.
 */
#ifdef COUNTER_BITS
#define MDC_COUNTER_BITS	COUNTER_BITS
#else
#define MDC_COUNTER_BITS	16
#endif

/* md's resync checkpoint, an lvalue: mddev->resync_offset or recovery_cp. */
#ifdef MDC_HAVE_RESYNC_OFFSET
#define mdc_resync_offset(mddev)	((mddev)->resync_offset)
#else
#define mdc_resync_offset(mddev)	((mddev)->recovery_cp)
#endif

#ifdef MDC_HAVE_BITMAP_OPS

static inline void mdc_bitmap_sync_with_cluster(struct mddev *mddev,
						sector_t old_lo,
						sector_t old_hi,
						sector_t new_lo,
						sector_t new_hi)
{
	mddev->bitmap_ops->sync_with_cluster(mddev, old_lo, old_hi, new_lo,
					     new_hi);
}

/*
 * dirty_bits() leaves the pages dirty in memory: only an unplug writes
 * them, and without a write to the array none comes, so a crash would lose
 * bits a survivor must see.  Written out here, as on Linux 6.1.
 */
static inline void mdc_bitmap_dirty_bits(struct mddev *mddev,
					 unsigned long first,
					 unsigned long last)
{
	mddev->bitmap_ops->dirty_bits(mddev, first, last);
	mddev->bitmap_ops->unplug(mddev, true);
}

static inline int mdc_bitmap_copy_from_slot(struct mddev *mddev, int slot,
					    sector_t *lo, sector_t *hi,
					    bool clear_bits)
{
	return mddev->bitmap_ops->copy_from_slot(mddev, slot, lo, hi,
						 clear_bits);
}

static inline void *mdc_bitmap_get_from_slot(struct mddev *mddev, int slot)
{
	return mddev->bitmap_ops->get_from_slot(mddev, slot);
}

static inline void mdc_bitmap_free(struct mddev *mddev, void *bitmap)
{
	mddev->bitmap_ops->free(bitmap);
}

static inline void mdc_bitmap_update_sb(struct mddev *mddev, void *bitmap)
{
	mddev->bitmap_ops->update_sb(bitmap);
}

static inline int mdc_bitmap_get_stats(struct mddev *mddev, void *bitmap,
				       struct md_bitmap_stats *stats)
{
	return mddev->bitmap_ops->get_stats(bitmap, stats);
}

/*
 * Does our bitmap's chunk at @offset need a sync?  With "degraded" set,
 * start_sync() only reports (NEEDED or RESYNC) and changes no counter.
 */
static inline bool mdc_bitmap_needs_sync(struct mddev *mddev, sector_t offset)
{
	sector_t blocks;

	return mddev->bitmap_ops->start_sync(mddev, offset, &blocks, true);
}

/* Resize our bitmap to @blocks sectors, keeping its chunk size. */
static inline int mdc_bitmap_resize(struct mddev *mddev, sector_t blocks)
{
#ifdef MDC_HAVE_BITMAP_RESIZE_INIT
	return mddev->bitmap_ops->resize(mddev, blocks, 0, false);
#else
	return mddev->bitmap_ops->resize(mddev, blocks, 0);
#endif
}

#else /* md calls its bitmap directly */

static inline void mdc_bitmap_sync_with_cluster(struct mddev *mddev,
						sector_t old_lo,
						sector_t old_hi,
						sector_t new_lo,
						sector_t new_hi)
{
	md_bitmap_sync_with_cluster(mddev, old_lo, old_hi, new_lo, new_hi);
}

void mdc_bitmap_dirty_bits(struct mddev *mddev, unsigned long first,
			   unsigned long last);

static inline int mdc_bitmap_copy_from_slot(struct mddev *mddev, int slot,
					    sector_t *lo, sector_t *hi,
					    bool clear_bits)
{
	return md_bitmap_copy_from_slot(mddev, slot, lo, hi, clear_bits);
}

static inline void *mdc_bitmap_get_from_slot(struct mddev *mddev, int slot)
{
	return get_bitmap_from_slot(mddev, slot);
}

static inline void mdc_bitmap_free(struct mddev *mddev, void *bitmap)
{
	md_bitmap_free(bitmap);
}

static inline void mdc_bitmap_update_sb(struct mddev *mddev, void *bitmap)
{
	md_bitmap_update_sb(bitmap);
}

static inline int mdc_bitmap_get_stats(struct mddev *mddev, void *bitmap,
				       struct md_bitmap_stats *stats)
{
	return md_bitmap_get_stats(bitmap, stats);
}

static inline int mdc_bitmap_resize(struct mddev *mddev, sector_t blocks)
{
	return md_bitmap_resize(mddev->bitmap, blocks, 0, 0);
}

static inline bool mdc_bitmap_needs_sync(struct mddev *mddev, sector_t offset)
{
	sector_t blocks;

	return md_bitmap_start_sync(mddev->bitmap, offset, &blocks, 1);
}

#endif /* MDC_HAVE_BITMAP_OPS */

int mdc_md_register(void);
void mdc_md_unregister(void);

#endif /* MDC_COMPAT_H */
