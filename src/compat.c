// SPDX-License-Identifier: GPL-2.0
/*
 * md-cluster: how the module plugs into the md core of each kernel it
 * builds for (compat.h says how a kernel is told apart).  The operations
 * table is registered as md's cluster submodule where md has submodules,
 * else with register_md_cluster_operations(); md cores without
 * RESYNCING_START have no slots for its two operations; and where md
 * exports no way to mark bitmap chunks dirty, a failed write is recorded
 * instead, which md treats the same way.  Each operation lives in the
 * file that owns its concern:
 *   lockspace.c   join, leave, slot_number
 *   recovery.c    load_bitmaps (and the lockspace callbacks)
 *   resync.c      resync_*, area_resyncing
 *   metadata.c    metadata_update_*
 *   membership.c  add/remove/re-add disks, lock_all/unlock_all_bitmaps
 *   grow.c        update_size, resize_bitmaps
 */

#include <linux/module.h>

#include "internal.h"

/* Not const: 6.1 and 7.x register it through non-const pointers. */
static struct md_cluster_operations mdc_ops = {
#ifdef MDC_HAVE_MD_SUBMODULE
	.head = {
		.type	= MD_CLUSTER,
		.id	= ID_CLUSTER,
		.name	= "cluster",
		.owner	= THIS_MODULE,
	},
#endif
	.join			= mdc_join,
	.leave			= mdc_leave,
	.slot_number		= mdc_slot_number,
	.resync_info_update	= mdc_resync_info_update,
#ifdef MDC_HAVE_RESYNC_START_NOTIFY
	.resync_start_notify	= mdc_resync_start_notify,
	.resync_status_get	= mdc_resync_status_get,
#endif
	.resync_info_get	= mdc_resync_info_get,
	.metadata_update_start	= mdc_metadata_update_start,
	.metadata_update_finish	= mdc_metadata_update_finish,
	.metadata_update_cancel	= mdc_metadata_update_cancel,
	.resync_start		= mdc_resync_start,
	.resync_finish		= mdc_resync_finish,
	.area_resyncing		= mdc_area_resyncing,
	.add_new_disk		= mdc_add_new_disk,
	.add_new_disk_cancel	= mdc_add_new_disk_cancel,
	.new_disk_ack		= mdc_new_disk_ack,
	.remove_disk		= mdc_remove_disk,
	.load_bitmaps		= mdc_load_bitmaps,
	.gather_bitmaps		= mdc_gather_bitmaps,
	.resize_bitmaps		= mdc_resize_bitmaps,
	.lock_all_bitmaps	= mdc_lock_all_bitmaps,
	.unlock_all_bitmaps	= mdc_unlock_all_bitmaps,
	.update_size		= mdc_update_size,
};

int mdc_md_register(void)
{
#ifdef MDC_HAVE_MD_SUBMODULE
	return register_md_submodule(&mdc_ops.head);
#else
	return register_md_cluster_operations(&mdc_ops, THIS_MODULE);
#endif
}

void mdc_md_unregister(void)
{
#ifdef MDC_HAVE_MD_SUBMODULE
	unregister_md_submodule(&mdc_ops.head);
#else
	unregister_md_cluster_operations();
#endif
}

#ifndef MDC_HAVE_BITMAP_OPS
/*
 * Chunks @first..@last of our bitmap must be synced again.  md exports no
 * dirty_bits() here; a write that starts and then fails over the same
 * sectors sets the same on-disk bits and marks the chunks NEEDED.  Like
 * md's dirty_bits() on 6.12 and later, the resync point moves back to the
 * first chunk, so the two kernels leave the array in the same state.
 */
void mdc_bitmap_dirty_bits(struct mddev *mddev, unsigned long first,
			   unsigned long last)
{
	sector_t chunk = mddev->bitmap_info.chunksize >> SECTOR_SHIFT;
	sector_t lo = (sector_t)first * chunk;
	unsigned long sectors = (last - first + 1) * chunk;

	if (md_bitmap_startwrite(mddev->bitmap, lo, sectors, 0))
		return;
	md_bitmap_endwrite(mddev->bitmap, lo, sectors, 0, 0);
	md_bitmap_unplug(mddev->bitmap);
	if (lo < mdc_resync_offset(mddev))
		mdc_resync_offset(mddev) = lo;
}
#endif
