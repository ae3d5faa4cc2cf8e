// SPDX-License-Identifier: GPL-2.0
/*
 * Growing the array across the cluster: a new device size (mdadm --grow
 * --size, or the end of a RAID10 reshape) and a new bitmap size (RAID10
 * reshape).
 *
 * A size change is made visible only once every node can follow it:
 *  1. md has resized here; the superblock is written and peers re-read it
 *     under our token, which makes each of them resize and rewrite its own
 *     bitmap superblock (md's check_sb_changes);
 *  2. every other slot's bitmap superblock must then show our sync size;
 *     slots nobody owns are brought up to date by us;
 *  3. all equal: CHANGE_CAPACITY, and every node publishes the new
 *     capacity.  Otherwise md resizes back here, the old size is written
 *     and announced, and peers resize back on re-reading it.
 *
 * Owns no state: uses the channel, and "bitmapNNNN" locks of other slots
 * only for the time of one check, without waiting (NOQUEUE).
 */

#include <linux/blkdev.h>

#include "internal.h"

/*
 * Try to own @slot's bitmap lock without waiting.  Return: the lock (the
 * slot is unused; destroy it when done), NULL when a node owns the slot,
 * or an ERR_PTR.
 */
static struct mdc_lock *mdc_slot_grab(struct mdc_cluster *mc, int slot)
{
	struct mdc_lock *lk;
	int err;

	err = mdc_bitmap_lock_create(mc, slot, &lk);
	if (err)
		return ERR_PTR(err);
	err = mdc_lock_try(lk, DLM_LOCK_PW);
	if (!err)
		return lk;
	mdc_lock_destroy(&lk);
	return err == -EAGAIN ? NULL : ERR_PTR(err);
}

/*
 * Visit every other slot's bitmap, read from disk.  @visit is told whether
 * the slot is unowned: then we hold its lock at PW for the duration of the
 * call and may write the bitmap's superblock.  Stops at the first error.
 */
static int mdc_each_peer_bitmap(struct mdc_cluster *mc,
				int (*visit)(struct mdc_cluster *mc, int slot,
					     void *bitmap, bool unowned,
					     const struct md_bitmap_stats *mine),
				const struct md_bitmap_stats *mine)
{
	struct mddev *mddev = mc->mddev;
	struct mdc_lock *lk;
	void *bitmap;
	int slot, err;

	for (slot = 0; slot < mc->nodes; slot++) {
		if (slot == mc->slot)
			continue;
		bitmap = mdc_bitmap_get_from_slot(mddev, slot);
		if (IS_ERR(bitmap)) {
			mdc_err(mc, "cannot read the bitmap of slot %d: %ld\n",
				slot, PTR_ERR(bitmap));
			return PTR_ERR(bitmap);
		}
		lk = mdc_slot_grab(mc, slot);
		if (IS_ERR(lk)) {
			err = PTR_ERR(lk);
		} else {
			err = visit(mc, slot, bitmap, lk, mine);
			mdc_lock_destroy(&lk);
		}
		mdc_bitmap_free(mddev, bitmap);
		if (err)
			return err;
	}
	return 0;
}

static int mdc_sync_size_matches(struct mdc_cluster *mc, int slot,
				 void *bitmap, bool unowned,
				 const struct md_bitmap_stats *mine)
{
	struct mddev *mddev = mc->mddev;
	struct md_bitmap_stats theirs;
	int err;

	/* nobody owns it: its next owner starts at our size */
	if (unowned)
		mdc_bitmap_update_sb(mddev, bitmap);
	err = mdc_bitmap_get_stats(mddev, bitmap, &theirs);
	if (!err && theirs.sync_size != mine->sync_size) {
		mdc_warn(mc, "slot %d has sync size %lu, we have %lu\n",
			 slot, theirs.sync_size, mine->sync_size);
		err = -EAGAIN;
	}
	return err;
}

/*
 * Does every other slot's bitmap superblock show the sync size ours shows?
 * Unowned slots are rewritten to it first.  Return: 0 when all agree,
 * -EAGAIN when one does not, or another negative errno.
 */
static int mdc_sync_sizes_agree(struct mdc_cluster *mc)
{
	struct mddev *mddev = mc->mddev;
	struct md_bitmap_stats mine;
	int err;

	err = mdc_bitmap_get_stats(mddev, mddev->bitmap, &mine);
	if (err)
		return err;
	return mdc_each_peer_bitmap(mc, mdc_sync_size_matches, &mine);
}

/**
 * mdc_update_size() - md_cluster_operations.update_size
 * @mddev: the array, reconfig_mutex held, already resized here by md
 * @old_dev_sectors: device size before the change, to go back to
 */
void mdc_update_size(struct mddev *mddev, sector_t old_dev_sectors)
{
	struct mdc_cluster *mc = mdc_of(mddev);
	struct mdc_msg msg = {
		.type = MDC_MSG_CHANGE_CAPACITY,
		.slot = mc->slot,
	};
	int err;

	mdc_assert_reconfig(mc);
	md_update_sb(mddev, 1);
	err = mdc_chan_acquire(mc, true);
	if (err)
		goto out_revert;
	/* every peer has re-read the new size when this returns */
	err = mdc_sb_announce(mc);
	if (!err)
		err = mdc_sync_sizes_agree(mc);
	if (!err)
		err = mdc_chan_transmit(mc, &msg);
	mdc_chan_release(mc);
	if (!err) {
		set_capacity_and_notify(mddev->gendisk, mddev->array_sectors);
		mdc_info(mc, "array size now %llu sectors on every node\n",
			 (unsigned long long)mddev->array_sectors);
		return;
	}

out_revert:
	mdc_warn(mc, "not every node can use device size %llu (%d); back to %llu sectors\n",
		 (unsigned long long)mddev->dev_sectors, err,
		 (unsigned long long)old_dev_sectors);
	err = mddev->pers->resize(mddev, old_dev_sectors);
	if (err) {
		mdc_err(mc, "cannot resize back: %d\n",
			err);
		return;
	}
	/* the old size, written and announced: peers resize back */
	md_update_sb(mddev, 1);
	if (!mdc_chan_acquire(mc, true)) {
		mdc_sync_sizes_agree(mc);
		mdc_chan_release(mc);
	}
}

static int mdc_send_bitmap_size(struct mdc_cluster *mc, sector_t size)
{
	struct mdc_msg msg = {
		.type = MDC_MSG_BITMAP_RESIZE,
		.high = size,
	};

	return mdc_send(mc, &msg, true);
}

/* Unowned slots are sized when next loaded; owned ones must follow now. */
static int mdc_page_count_matches(struct mdc_cluster *mc, int slot,
				  void *bitmap, bool unowned,
				  const struct md_bitmap_stats *mine)
{
	struct md_bitmap_stats theirs;
	int err;

	if (unowned)
		return 0;
	err = mdc_bitmap_get_stats(mc->mddev, bitmap, &theirs);
	if (!err && theirs.pages != mine->pages) {
		mdc_warn(mc, "slot %d has %lu bitmap pages, we have %lu\n",
			 slot, theirs.pages, mine->pages);
		err = -EAGAIN;
	}
	return err;
}

/**
 * mdc_resize_bitmaps() - md_cluster_operations.resize_bitmaps
 * @mddev: the array, reconfig_mutex held (RAID10 reshape start); our own
 *	bitmap is already resized to @newsize
 * @newsize: new bitmap size in sectors
 * @oldsize: previous size, to go back to
 *
 * Every peer resizes its bitmap to @newsize on BITMAP_RESIZE.  Slots that
 * nobody owns are sized when they are next loaded.  If a peer's bitmap
 * does not have our page count afterwards, every node goes back.
 *
 * Return: 0, or a negative errno with peers told to go back to @oldsize
 * (md then resizes ours back).
 */
int mdc_resize_bitmaps(struct mddev *mddev, sector_t newsize,
		       sector_t oldsize)
{
	struct mdc_cluster *mc = mdc_of(mddev);
	struct md_bitmap_stats mine;
	int err;

	mdc_assert_reconfig(mc);
	err = mdc_bitmap_get_stats(mddev, mddev->bitmap, &mine);
	if (err)
		return err;
	err = mdc_send_bitmap_size(mc, newsize);
	if (err)
		return err;
	err = mdc_each_peer_bitmap(mc, mdc_page_count_matches, &mine);
	if (!err)
		return 0;

	mdc_warn(mc, "bitmap resize to %llu sectors failed (%d); back to %llu\n",
		 (unsigned long long)newsize, err,
		 (unsigned long long)oldsize);
	mdc_send_bitmap_size(mc, oldsize);
	return err;
}

/**
 * mdc_rx_bitmap_resize() - a peer resized its bitmap: resize ours
 * @mc: the array, reconfig_mutex held or lent
 * @msg: accepted BITMAP_RESIZE message; @msg->high is the new size
 *
 * md's bitmap resize takes bitmap_info.mutex itself, so what keeps our
 * bitmap attached here is reconfig_mutex: md destroys a bitmap only under
 * it.
 *
 * Return: MDC_ACCEPT, or MDC_REJ_SIZE when md finds the size impossible for
 * our bitmap.  Other failures are logged here; the resizing node sees them
 * in our page count and has every node go back.
 */
enum mdc_reject mdc_rx_bitmap_resize(struct mdc_cluster *mc,
				     const struct mdc_msg *msg)
{
	struct mddev *mddev = mc->mddev;
	int err;

	if (!mddev->pers || !mddev->pers->size || !mddev->bitmap ||
	    msg->high == mddev->pers->size(mddev, 0, 0))
		return MDC_ACCEPT;
	err = mdc_bitmap_resize(mddev, msg->high);
	if (err == -EINVAL)
		return MDC_REJ_SIZE;
	if (err)
		mdc_warn(mc, "bitmap resize to %llu sectors failed: %d\n",
			 msg->high, err);
	return MDC_ACCEPT;
}

/**
 * mdc_rx_change_capacity() - a peer changed the array's size
 * @mc: the array
 * @msg: accepted CHANGE_CAPACITY message
 *
 * array_sectors was set when we re-read the superblock that came first.
 *
 * Return: MDC_ACCEPT.
 */
enum mdc_reject mdc_rx_change_capacity(struct mdc_cluster *mc,
				       const struct mdc_msg *msg)
{
	set_capacity_and_notify(mc->mddev->gendisk, mc->mddev->array_sectors);
	return MDC_ACCEPT;
}
