// SPDX-License-Identifier: GPL-2.0
/*
 * Disk membership and growing: adding, confirming, removing and re-adding
 * devices, resizing bitmaps and the array.
 *
 * The local operations are not implemented yet (a later issue): each
 * refuses with -EOPNOTSUPP, or only logs when md gives it no way to fail,
 * once per array and operation.  Messages peers send about membership are
 * always acknowledged by the channel; the ones we can apply without the
 * local operations are applied here.  A NEWDISK is declined by keeping CR
 * on "no-new-dev", which makes the sender's add fail cleanly.
 *
 * Owns mc->unsupported_logged.
 */

#include <linux/blkdev.h>

#include "internal.h"
#include "md-bitmap.h"

enum mdc_unsupported {
	MDC_OP_ADD_NEW_DISK,
	MDC_OP_ADD_NEW_DISK_CANCEL,
	MDC_OP_NEW_DISK_ACK,
	MDC_OP_REMOVE_DISK,
	MDC_OP_GATHER_BITMAPS,
	MDC_OP_RESIZE_BITMAPS,
	MDC_OP_LOCK_ALL_BITMAPS,
	MDC_OP_UNLOCK_ALL_BITMAPS,
	MDC_OP_UPDATE_SIZE,
	MDC_RX_NEWDISK,
};

static const char * const mdc_unsupported_what[] = {
	[MDC_OP_ADD_NEW_DISK]		= "adding a disk",
	[MDC_OP_ADD_NEW_DISK_CANCEL]	= "cancelling a disk add",
	[MDC_OP_NEW_DISK_ACK]		= "confirming a peer's new disk",
	[MDC_OP_REMOVE_DISK]		= "removing a disk",
	[MDC_OP_GATHER_BITMAPS]		= "re-adding a disk",
	[MDC_OP_RESIZE_BITMAPS]		= "resizing the bitmaps",
	[MDC_OP_LOCK_ALL_BITMAPS]	= "removing the clustered bitmap",
	[MDC_OP_UNLOCK_ALL_BITMAPS]	= "removing the clustered bitmap",
	[MDC_OP_UPDATE_SIZE]		= "propagating a size change",
	[MDC_RX_NEWDISK]		= "a peer adding a disk",
};

static void mdc_unsupported(struct mddev *mddev, enum mdc_unsupported op)
{
	struct mdc_cluster *mc = mdc_of(mddev);

	if (!test_and_set_bit(op, &mc->unsupported_logged))
		pr_warn("md-cluster %s: %s is not supported by this md-cluster yet\n",
			mc->name, mdc_unsupported_what[op]);
}

/**
 * mdc_add_new_disk() - md_cluster_operations.add_new_disk (not yet)
 * @mddev: the array
 * @rdev: device to add
 *
 * Return: -EOPNOTSUPP.
 */
int mdc_add_new_disk(struct mddev *mddev, struct md_rdev *rdev)
{
	mdc_unsupported(mddev, MDC_OP_ADD_NEW_DISK);
	return -EOPNOTSUPP;
}

/**
 * mdc_add_new_disk_cancel() - md_cluster_operations.add_new_disk_cancel
 * @mddev: the array
 *
 * Never needed while add_new_disk() always fails; only logs.
 */
void mdc_add_new_disk_cancel(struct mddev *mddev)
{
	mdc_unsupported(mddev, MDC_OP_ADD_NEW_DISK_CANCEL);
}

/**
 * mdc_new_disk_ack() - md_cluster_operations.new_disk_ack (not yet)
 * @mddev: the array
 * @ack: whether the device was found
 *
 * Return: -EOPNOTSUPP.
 */
int mdc_new_disk_ack(struct mddev *mddev, bool ack)
{
	mdc_unsupported(mddev, MDC_OP_NEW_DISK_ACK);
	return -EOPNOTSUPP;
}

/**
 * mdc_remove_disk() - md_cluster_operations.remove_disk (not yet)
 * @mddev: the array
 * @rdev: device to remove
 *
 * Return: -EOPNOTSUPP.
 */
int mdc_remove_disk(struct mddev *mddev, struct md_rdev *rdev)
{
	mdc_unsupported(mddev, MDC_OP_REMOVE_DISK);
	return -EOPNOTSUPP;
}

/**
 * mdc_gather_bitmaps() - md_cluster_operations.gather_bitmaps (not yet)
 * @rdev: device being re-added
 *
 * Return: -EOPNOTSUPP.
 */
int mdc_gather_bitmaps(struct md_rdev *rdev)
{
	mdc_unsupported(rdev->mddev, MDC_OP_GATHER_BITMAPS);
	return -EOPNOTSUPP;
}

/**
 * mdc_resize_bitmaps() - md_cluster_operations.resize_bitmaps (not yet)
 * @mddev: the array
 * @newsize: new size in sectors
 * @oldsize: current size in sectors
 *
 * Return: -EOPNOTSUPP.
 */
int mdc_resize_bitmaps(struct mddev *mddev, sector_t newsize,
		       sector_t oldsize)
{
	mdc_unsupported(mddev, MDC_OP_RESIZE_BITMAPS);
	return -EOPNOTSUPP;
}

/**
 * mdc_lock_all_bitmaps() - md_cluster_operations.lock_all_bitmaps (not yet)
 * @mddev: the array
 *
 * Return: -EOPNOTSUPP, which md treats as "other nodes use the array".
 */
int mdc_lock_all_bitmaps(struct mddev *mddev)
{
	mdc_unsupported(mddev, MDC_OP_LOCK_ALL_BITMAPS);
	return -EOPNOTSUPP;
}

/**
 * mdc_unlock_all_bitmaps() - md_cluster_operations.unlock_all_bitmaps
 * @mddev: the array
 *
 * Nothing is ever locked by mdc_lock_all_bitmaps() yet; only logs.
 */
void mdc_unlock_all_bitmaps(struct mddev *mddev)
{
	mdc_unsupported(mddev, MDC_OP_UNLOCK_ALL_BITMAPS);
}

/**
 * mdc_update_size() - md_cluster_operations.update_size (not yet)
 * @mddev: the array
 * @old_dev_sectors: previous device size
 *
 * Only logs: the new size stays local to this node.
 */
void mdc_update_size(struct mddev *mddev, sector_t old_dev_sectors)
{
	mdc_unsupported(mddev, MDC_OP_UPDATE_SIZE);
}

static int mdc_rx_remove(struct mdc_cluster *mc, const struct mdc_msg *msg)
{
	struct mddev *mddev = mc->mddev;
	struct md_rdev *rdev;
	int err = -EINVAL;

	rcu_read_lock();
	rdev = md_find_rdev_nr_rcu(mddev, msg->raid_slot);
	if (rdev) {
		/* md's recovery pass kicks it (md_check_recovery) */
		set_bit(ClusterRemove, &rdev->flags);
		set_bit(MD_RECOVERY_NEEDED, &mddev->recovery);
		md_wakeup_thread(mddev->thread);
		err = 0;
	}
	rcu_read_unlock();
	return err;
}

static int mdc_rx_re_add(struct mdc_cluster *mc, const struct mdc_msg *msg)
{
	struct md_rdev *rdev;
	int err = -EINVAL;

	rcu_read_lock();
	rdev = md_find_rdev_nr_rcu(mc->mddev, msg->raid_slot);
	if (rdev) {
		if (!test_and_clear_bit(Faulty, &rdev->flags))
			pr_info("md-cluster %s: re-added device %u was not faulty here\n",
				mc->name, msg->raid_slot);
		err = 0;
	}
	rcu_read_unlock();
	return err;
}

static int mdc_rx_bitmap_resize(struct mdc_cluster *mc,
				const struct mdc_msg *msg)
{
	struct mddev *mddev = mc->mddev;

	if (!mddev->pers || !mddev->pers->size || !mddev->bitmap)
		return 0;
	if (msg->high == mddev->pers->size(mddev, 0, 0))
		return 0;
	return mddev->bitmap_ops->resize(mddev, msg->high, 0, false);
}

/**
 * mdc_rx_membership() - apply a peer's membership or size message
 * @mc: the array
 * @msg: accepted NEWDISK, REMOVE, RE_ADD, CHANGE_CAPACITY or BITMAP_RESIZE
 *
 * Return: 0, -EINVAL when the message names a device we do not have, or
 * another negative errno when applying it failed.
 */
int mdc_rx_membership(struct mdc_cluster *mc, const struct mdc_msg *msg)
{
	struct mddev *mddev = mc->mddev;
	int err = 0;

	switch (msg->type) {
	case MDC_MSG_NEWDISK:
		/* keeping no-new-dev CR makes the sender's add fail */
		mdc_unsupported(mddev, MDC_RX_NEWDISK);
		break;
	case MDC_MSG_REMOVE:
		err = mdc_rx_remove(mc, msg);
		break;
	case MDC_MSG_RE_ADD:
		err = mdc_rx_re_add(mc, msg);
		break;
	case MDC_MSG_CHANGE_CAPACITY:
		set_capacity_and_notify(mddev->gendisk, mddev->array_sectors);
		break;
	case MDC_MSG_BITMAP_RESIZE:
		err = mdc_rx_bitmap_resize(mc, msg);
		if (err)
			pr_warn("md-cluster %s: bitmap resize to %llu sectors failed: %d\n",
				mc->name, msg->high, err);
		break;
	default:
		err = -EINVAL;
		break;
	}
	return err;
}
