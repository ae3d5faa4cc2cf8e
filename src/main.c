// SPDX-License-Identifier: GPL-2.0
/*
 * md-cluster: the md_cluster_operations table and module init.  Each
 * operation lives in the file that owns its concern:
 *   lockspace.c   join, leave, slot_number
 *   recovery.c    load_bitmaps (and the lockspace callbacks)
 *   resync.c      resync_*, area_resyncing
 *   metadata.c    metadata_update_*
 *   membership.c  add/remove/re-add disks, lock_all/unlock_all_bitmaps
 *   grow.c        update_size, resize_bitmaps
 */

#include <linux/module.h>

#include "internal.h"

#define CREATE_TRACE_POINTS
#include "trace.h"

static const struct md_cluster_operations mdc_ops = {
	.join			= mdc_join,
	.leave			= mdc_leave,
	.slot_number		= mdc_slot_number,
	.resync_info_update	= mdc_resync_info_update,
	.resync_start_notify	= mdc_resync_start_notify,
	.resync_status_get	= mdc_resync_status_get,
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

static int __init mdc_init(void)
{
	int err;

	mdc_inject_init();
	err = register_md_cluster_operations(&mdc_ops, THIS_MODULE);
	if (err) {
		pr_err("md-cluster: cannot register with md: %d\n", err);
		goto out_inject;
	}
	return 0;

out_inject:
	mdc_inject_exit();
	return err;
}

static void __exit mdc_exit(void)
{
	unregister_md_cluster_operations();
	mdc_inject_exit();
}

module_init(mdc_init);
module_exit(mdc_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Clustering support for MD (md-cluster project, out of tree)");
MODULE_VERSION(MDC_VERSION);
