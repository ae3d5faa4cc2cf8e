// SPDX-License-Identifier: GPL-2.0
/*
 * Recovery of other nodes' bitmaps.
 *
 * Owns the lockspace callbacks (recover_prep/slot/done), the recovery map
 * and the recovery thread, and the scan of every other slot at load time.
 *
 * DLM calls the lockspace callbacks from its recovery daemon.  They only
 * set bits, store the slot and wake threads: until join() has completed
 * they must not touch mddev at all (see lockspace.c).
 *
 * The recovery thread takes a dead slot's "bitmapNNNN" lock PW (granted
 * once DLM has purged the dead node's locks), merges that slot's on-disk
 * bitmap into ours, lifts the window the dead node had announced, and if
 * any bit was dirty (chunk 0 included: mdc_dirty_span()) lowers the resync
 * point so that md resyncs here.  A bitmap that cannot be read counts as
 * dirty everywhere, and a slot DLM cannot tell us about is looked at again:
 * neither is ever taken for "nothing to resync".
 */

#include <linux/kthread.h>
#include <linux/sched/task.h>

#include "internal.h"
#include "trace.h"

static void mdc_recover_prep(void *arg)
{
	struct mdc_cluster *mc = arg;

	/* a node vanished mid-write: until recovery ends read one disk only */
	WRITE_ONCE(mc->hot.read_first, true);
	/* a joiner is not in mc->alive yet: peers.c withholds meanwhile */
	set_bit(MDC_F_MEMBERS_CHANGING, &mc->flags);
}

static void mdc_recover_slot_cb(void *arg, struct dlm_slot *slot)
{
	struct mdc_cluster *mc = arg;
	int md_slot = mdc_slot_from_dlm(slot->slot, mc->nodes);

	if (md_slot < 0) {
		mdc_warn(mc, "DLM reports unknown slot %d (node %d) down\n",
			 slot->slot, slot->nodeid);
		return;
	}
	mdc_info(mc, "node %d (slot %d) is down, recovering its bitmap\n", slot->nodeid, md_slot);
	spin_lock(&mc->alive_lock);
	mdc_slot_map_del(&mc->alive, md_slot);
	mdc_slot_map_del(&mc->speaks_start, md_slot);
	mdc_slot_map_del(&mc->leaving, md_slot);
	spin_unlock(&mc->alive_lock);
	mdc_recover_slot(mc, md_slot);
	mdc_peers_changed(mc);
}

/*
 * Remember which slots the lockspace members hold, for sysfs and peers.c.
 * A slot gone from the list is a new node when it comes back: what it said
 * before (speaks_start) and that it was leaving are forgotten.  The
 * membership and the end of the change are published together.
 */
static void mdc_alive_set(struct mdc_cluster *mc, const struct dlm_slot *slots,
			  int num_slots)
{
	struct mdc_slot_map map;
	int i, md_slot;

	mdc_slot_map_init(&map);
	for (i = 0; i < num_slots; i++) {
		md_slot = mdc_slot_from_dlm(slots[i].slot, mc->nodes);
		if (md_slot >= 0)
			mdc_slot_map_add(&map, md_slot, mc->nodes);
	}
	spin_lock(&mc->alive_lock);
	mc->alive = map;
	bitmap_and(mc->speaks_start.bits, mc->speaks_start.bits, map.bits,
		   MDC_MAX_SLOTS);
	bitmap_and(mc->leaving.bits, mc->leaving.bits, map.bits,
		   MDC_MAX_SLOTS);
	clear_bit(MDC_F_MEMBERS_CHANGING, &mc->flags);
	spin_unlock(&mc->alive_lock);
}

static void mdc_recover_done(void *arg, struct dlm_slot *slots, int num_slots,
			     int our_slot, u32 generation)
{
	struct mdc_cluster *mc = arg;

	mdc_alive_set(mc, slots, num_slots);
	if (!completion_done(&mc->slot_known)) {
		mc->slot = mdc_slot_from_dlm(our_slot, mc->nodes);
		complete(&mc->slot_known);
	}
	WRITE_ONCE(mc->hot.read_first, false);
	mdc_peers_changed(mc);
}

const struct dlm_lockspace_ops mdc_ls_ops = {
	.recover_prep = mdc_recover_prep,
	.recover_slot = mdc_recover_slot_cb,
	.recover_done = mdc_recover_done,
};

/**
 * mdc_recover_slot() - queue a slot's bitmap for recovery
 * @mc: the array
 * @slot: bitmap slot
 *
 * Callable from DLM callbacks and the receive thread: does not sleep.
 */
void mdc_recover_slot(struct mdc_cluster *mc, int slot)
{
	if (slot == mc->slot ||
	    mdc_slot_map_add(&mc->recover, slot, mc->nodes)) {
		trace_mdc_recovery_queued(mc, slot, 0, 0, -ERANGE);
		mdc_warn(mc, "not recovering slot %d\n", slot);
		return;
	}
	trace_mdc_recovery_queued(mc, slot, 0, 0, 0);
	wake_up(&mc->recovery_wq);
}

/**
 * mdc_alive_copy() - the slots DLM last reported as lockspace members
 * @mc: the array
 * @out: copy of the map
 */
void mdc_alive_copy(struct mdc_cluster *mc, struct mdc_slot_map *out)
{
	spin_lock(&mc->alive_lock);
	*out = mc->alive;
	spin_unlock(&mc->alive_lock);
}

/**
 * mdc_recovery_copy() - the recovery map and the slot being merged now
 * @mc: the array
 * @pending: copy of the slots queued for recovery
 * @active: the slot being recovered, or -1
 *
 * A snapshot without locking: a slot may move from @pending to @active
 * in between.
 */
void mdc_recovery_copy(struct mdc_cluster *mc, struct mdc_slot_map *pending,
		       int *active)
{
	*active = READ_ONCE(mc->recovering);
	bitmap_copy(pending->bits, mc->recover.bits, MDC_MAX_SLOTS);
}

/**
 * mdc_rx_needs_sync() - a peer leaves with dirty bits: recover its slot
 * @mc: the array
 * @msg: accepted BITMAP_NEEDS_SYNC message
 *
 * The sender is still a member, and holds its bitmap lock, until its
 * leave() is done: the slot is marked leaving so that the recovery thread
 * waits for the lock instead of leaving the bits to an owner that goes.
 *
 * Return: MDC_ACCEPT.
 */
enum mdc_reject mdc_rx_needs_sync(struct mdc_cluster *mc,
				  const struct mdc_msg *msg)
{
	int slot = msg->slot;

	spin_lock(&mc->alive_lock);
	if (slot >= 0 && slot < mc->nodes && test_bit(slot, mc->alive.bits)) {
		set_bit(slot, mc->leaving.bits);
		mc->leaving_until = jiffies + MDC_LEAVING_GRACE;
	}
	spin_unlock(&mc->alive_lock);
	mdc_recover_slot(mc, slot);
	return MDC_ACCEPT;
}

/**
 * mdc_lower_resync_point() - make md resync from @lo on, here
 * @mddev: the array
 * @lo: first sector that needs resync
 *
 * Does nothing to a resync point that is already lower.
 */
void mdc_lower_resync_point(struct mddev *mddev, sector_t lo)
{
	mdc_resync_offset(mddev) = min(mdc_resync_offset(mddev), lo);
	if (mdc_resync_offset(mddev) == MaxSector)
		return;
	clear_bit(MD_RESYNCING_REMOTE, &mddev->recovery);
	set_bit(MD_RECOVERY_NEEDED, &mddev->recovery);
	md_wakeup_thread(mddev->thread);
}

/**
 * mdc_merge_slot() - merge another slot's on-disk bitmap into ours
 * @mc: the array, reconfig_mutex held
 * @slot: bitmap slot to read
 * @clear: clear the bits in @slot once merged (we own its lock at PW)
 * @first: set to the first sector that needs a resync
 * @end: set to the end of the last dirty chunk; 0 when nothing was dirty
 *
 * Lowers the resync point to @first when anything was dirty.  Whether
 * anything was, and where it starts, is read from the bits: md's own
 * report cannot tell chunk 0 from nothing (mdc_dirty_span()).
 *
 * md's bitmap destroy detaches and frees our bitmap before it calls
 * leave(), while copy_from_slot() re-reads mddev->bitmap for every dirty
 * chunk: what keeps the bitmap attached is reconfig_mutex, under which
 * alone md destroys it.  (bitmap_info.mutex cannot serve: copy_from_slot()
 * builds a temporary bitmap whose resize takes it.)  A stopping array
 * keeps the slot's bits where they are, for whoever assembles it next: its
 * superblock may already be written, so a lowered resync point would not
 * survive.
 *
 * Return: 0; -ESHUTDOWN when the array is stopping or its bitmap is gone;
 * or md's error.
 */
int mdc_merge_slot(struct mdc_cluster *mc, int slot, bool clear,
		   sector_t *first, sector_t *end)
{
	struct mddev *mddev = mc->mddev;
	u64 chunk = mddev->bitmap_info.chunksize >> SECTOR_SHIFT;
	sector_t lo, hi;
	u64 from, to;
	int err;

	lockdep_assert_held(&mddev->reconfig_mutex);
	*first = 0;
	*end = 0;
	mdc_inject_merge_delay(mc, slot);
	if (!mddev->bitmap || test_bit(MD_CLOSING, &mddev->flags))
		return -ESHUTDOWN;
	err = mdc_inject_merge_fault(mc, slot);
	if (!err)
		err = mdc_bitmap_copy_from_slot(mddev, slot, &lo, &hi, clear);
	if (err)
		return err;
	if (!mdc_dirty_span(lo, hi, mdc_bitmap_needs_sync(mddev, 0), chunk,
			    &from, &to))
		return 0;
	*first = from;
	*end = to;
	mdc_lower_resync_point(mddev, from);
	return 0;
}

/*
 * A slot whose bitmap cannot be read (an I/O error on it, a superblock md
 * refuses) may have had any chunk dirty, and "cannot tell" taken for
 * "nothing dirty" would leave the legs as the node's last writes left
 * them.  Every chunk is marked for resync in our bitmap instead, written
 * out before the resync point moves (mdc_bitmap_dirty_bits()), so that a
 * crash of this node hands the same work to whoever merges our slot.  The
 * slot's own bits stay on disk, since they cannot be cleared unread: its
 * next owner resyncs them once more, which costs time and loses nothing.
 */
static int mdc_merge_or_assume_dirty(struct mdc_cluster *mc, int slot,
				     bool clear, sector_t *first,
				     sector_t *end)
{
	struct mddev *mddev = mc->mddev;
	u64 chunk = mddev->bitmap_info.chunksize >> SECTOR_SHIFT;
	sector_t size = mddev->resync_max_sectors;
	int err;

	err = mdc_merge_slot(mc, slot, clear, first, end);
	if (!err || err == -ESHUTDOWN || !size || !chunk)
		return err;
	mdc_err(mc, "cannot read the bitmap of slot %d: %d; resyncing the whole array\n",
		slot, err);
	mdc_bitmap_dirty_bits(mddev, 0, div64_u64(size - 1, chunk));
	mdc_lower_resync_point(mddev, 0);
	*first = 0;
	*end = size;
	return 0;
}

/**
 * mdc_leave_auto_read() - make an array that is read-only until its first
 * write (MD_AUTO_READ) read-write now
 * @mc: the array, reconfig_mutex held (md's ro changes hold it too)
 *
 * md starts no resync on such an array and lets go of no device a peer
 * removed, both until the first write, and under pacemaker a node may
 * never write.  A dead peer's dirty regions would stay unequal on the legs
 * while this node reads either one; a removed disk would stay open here,
 * its page cache stale, so that its re-add is declined here.  Both are
 * requests to change the array, as md takes a hot-remove ioctl or a
 * write to sync_action for one: leave read-auto as md_write_start() does.
 *
 * Return: true when the array was read-auto and is read-write now.
 */
bool mdc_leave_auto_read(struct mdc_cluster *mc)
{
	struct mddev *mddev = mc->mddev;

	if (mddev->ro != MD_AUTO_READ)
		return false;
	mddev->ro = MD_RDWR;
	set_bit(MD_RECOVERY_NEEDED, &mddev->recovery);
	md_wakeup_thread(mddev->thread);
	sysfs_notify_dirent_safe(mddev->sysfs_state);
	return true;
}

static int mdc_recover_one(struct mdc_cluster *mc, int slot)
{
	struct mddev *mddev = mc->mddev;
	struct mdc_lock *lk;
	sector_t first = 0, end = 0;
	int err;

	if (mdc_stop_requested(mc, MDC_WAIT_STOP))
		return -EINTR;
	err = mdc_bitmap_lock_create(mc, slot, &lk);
	if (err)
		return err;
	/*
	 * Never queue for the lock: a slot whose owner assembled again
	 * before we got here holds it for life, and every slot behind it
	 * would wait with it.  -EAGAIN goes back to the thread, which
	 * decides on the slot as it is by then.
	 */
	err = mdc_lock_try(lk, DLM_LOCK_PW);
	if (err)
		goto out_destroy;

	/* leave() runs under reconfig_mutex and stops us: never block on it */
	err = mdc_reconfig_take(mc);
	if (err < 0)
		goto out_destroy;
	err = mdc_merge_or_assume_dirty(mc, slot, true, &first, &end);
	if (!err && end && mdc_leave_auto_read(mc))
		mdc_info(mc, "read-only until its first write: now read-write, to resync slot %d's dirty regions\n",
			 slot);
	mdc_reconfig_exit(mc, 1);
	if (err == -ESHUTDOWN) {
		mdc_info(mc, "array stopping; slot %d's dirty bits stay for the next assembly\n",
			 slot);
		goto out_destroy;
	}
	if (err) {
		mdc_err(mc, "cannot merge the bitmap of slot %d: %d\n", slot, err);
		goto out_destroy;
	}
	mdc_peer_window_forget(mc, slot);

	/* a reshape the dead node was driving continues here */
	if (mddev->reshape_position != MaxSector &&
	    test_bit(MD_RECOVERY_RESHAPE, &mddev->recovery) &&
	    test_bit(MD_RESYNCING_REMOTE, &mddev->recovery))
		md_wakeup_thread(mddev->sync_thread);

	if (end)
		mdc_info(mc, "recovered slot %d: sectors %llu..%llu were dirty; resyncing them\n",
			 slot, (unsigned long long)first,
			 (unsigned long long)end);
	else
		mdc_info(mc, "recovered slot %d: nothing was dirty\n", slot);
	atomic64_inc(&mc->stats.recoveries);

out_destroy:
	trace_mdc_recovery_done(mc, slot, first, end, err);
	mdc_lock_destroy(&lk);
	return err;
}

static bool mdc_recovery_has_work(struct mdc_cluster *mc)
{
	return test_bit(MDC_F_READY, &mc->flags) &&
	       !mdc_slot_map_empty(&mc->recover);
}

/*
 * Someone holds @slot's bitmap lock: mdc_busy_slot_action() decides.
 * Waiting means trying again after a pause, behind the slots queued
 * after it.
 */
static void mdc_recovery_busy(struct mdc_cluster *mc, int slot)
{
	bool alive, leaving, overdue;

	spin_lock(&mc->alive_lock);
	alive = test_bit(slot, mc->alive.bits);
	leaving = test_bit(slot, mc->leaving.bits);
	overdue = time_after(jiffies, mc->leaving_until);
	if (leaving && overdue)
		clear_bit(slot, mc->leaving.bits);
	spin_unlock(&mc->alive_lock);

	switch (mdc_busy_slot_action(alive, leaving, overdue)) {
	case MDC_BUSY_OWNER_BACK:
		mdc_info(mc, "slot %d is in use again; its owner resyncs its own bits\n",
			 slot);
		return;
	case MDC_BUSY_LEFT_LATE:
		mdc_warn(mc, "slot %d asked for its bits to be taken over but has not left in %u s; its owner resyncs them\n",
			 slot, MDC_LEAVING_GRACE / HZ);
		return;
	case MDC_BUSY_RETRY:
		break;
	}
	mdc_slot_map_add(&mc->recover, slot, mc->nodes);
	wait_event_idle_timeout(mc->recovery_wq, kthread_should_stop(),
				MDC_RECOVERY_RETRY);
}

/*
 * Returns only once kthread_stop() has been called: leave() stops this
 * thread after setting MDC_F_STOPPING, and a thread that ended on its own
 * in between would leave kthread_stop() a task that may be gone.
 */
static int mdc_recovery_thread(void *arg)
{
	struct mdc_cluster *mc = arg;
	int slot, err, next = 0;

	while (!kthread_should_stop()) {
		wait_event_idle(mc->recovery_wq, kthread_should_stop() ||
				mdc_recovery_has_work(mc));
		if (kthread_should_stop())
			break;
		slot = mdc_slot_map_next_from(&mc->recover, next);
		if (slot < 0)
			continue;
		next = slot + 1;
		/* taken off first: a death while we work queues it again */
		mdc_slot_map_del(&mc->recover, slot);
		WRITE_ONCE(mc->recovering, slot);
		trace_mdc_recovery_start(mc, slot, 0, 0, 0);
		err = mdc_recover_one(mc, slot);
		WRITE_ONCE(mc->recovering, -1);
		if (err == -EINTR) {
			/* the array stops: the slot stays queued for sysfs */
			mdc_slot_map_add(&mc->recover, slot, mc->nodes);
			wait_event_idle(mc->recovery_wq, kthread_should_stop());
			break;
		}
		if (err == -EAGAIN) {
			mdc_recovery_busy(mc, slot);
		} else if (err) {
			/*
			 * DLM or memory failed us, not the slot: dropping it
			 * would take "could not look" for "nothing to do".
			 */
			mdc_warn_ratelimited(mc, "cannot recover slot %d yet: %d; trying again\n",
					     slot, err);
			mdc_recovery_busy(mc, slot);
		}
	}
	return 0;
}

/**
 * mdc_recovery_start() - start the recovery thread
 * @mc: the array
 *
 * Return: 0 or a negative errno.
 */
int mdc_recovery_start(struct mdc_cluster *mc)
{
	struct task_struct *t;

	if (WARN_ON_ONCE(mc->recovery_task))
		return -EBUSY;
	t = kthread_run(mdc_recovery_thread, mc, "%s_cluster_recover",
			mc->name);
	if (IS_ERR(t))
		return PTR_ERR(t);
	/* kthread_stop() needs the task even if it has exited */
	get_task_struct(t);
	mc->recovery_task = t;
	return 0;
}

/**
 * mdc_recovery_stop() - stop the recovery thread
 * @mc: the array, MDC_F_STOPPING set so that a lock wait gives up
 */
void mdc_recovery_stop(struct mdc_cluster *mc)
{
	if (!mc->recovery_task)
		return;
	kthread_stop(mc->recovery_task);
	put_task_struct(mc->recovery_task);
	mc->recovery_task = NULL;
}

/*
 * Look at one other slot.  A busy bitmap lock means a live owner, whose LVB
 * tells whether it is resyncing; a free one means a slot nobody uses now,
 * whose on-disk bitmap may still hold dirty bits from its last owner.
 */
static int mdc_scan_slot(struct mdc_cluster *mc, int slot)
{
	struct mdc_view view;
	struct mdc_lock *lk;
	sector_t first, end;
	u64 rlo, rhi;
	int err;

	err = mdc_bitmap_lock_create(mc, slot, &lk);
	if (err)
		return err;

	err = mdc_lock_try(lk, DLM_LOCK_PW);
	if (err == -EAGAIN) {
		err = mdc_lock_try(lk, DLM_LOCK_CR);
		if (err)
			goto out_destroy;
		mdc_resync_decode(lk->lvb, &rlo, &rhi);
		mdc_view_fill(mc, &view);
		if (rhi && mdc_window_check(&view, rlo, rhi)) {
			mdc_warn(mc, "slot %d shows an impossible resync window %llu..%llu; ignored\n",
				 slot, rlo, rhi);
		} else if (rhi) {
			mdc_info(mc, "slot %d is resyncing %llu..%llu\n", slot, rlo, rhi);
			mdc_peer_window_set(mc, slot, rlo, rhi, false);
		}
		goto out_destroy;
	}
	if (err) {
		/*
		 * Neither free nor busy as far as DLM can tell us now: the
		 * recovery thread looks again, and skips the slot if its
		 * owner turns out to be alive.
		 */
		mdc_recover_slot(mc, slot);
		goto out_destroy;
	}

	err = mdc_merge_or_assume_dirty(mc, slot, false, &first, &end);
	if (err)
		mdc_warn(mc, "cannot merge the bitmap of slot %d: %d\n", slot, err);
	else if (end)
		mdc_info(mc, "slot %d was left dirty (sectors %llu..%llu); resyncing it\n",
			 slot, (unsigned long long)first,
			 (unsigned long long)end);

out_destroy:
	mdc_lock_destroy(&lk);
	return err;
}

/**
 * mdc_load_bitmaps() - md_cluster_operations.load_bitmaps
 * @mddev: the array, its bitmap being loaded
 * @total_slots: bitmap slots of the array
 *
 * Learns about peers' resyncs and unowned dirty bitmaps, then lets the
 * receive and recovery threads work.
 */
void mdc_load_bitmaps(struct mddev *mddev, int total_slots)
{
	struct mdc_cluster *mc = mdc_of(mddev);
	int slot, err;

	for (slot = 0; slot < total_slots && slot < mc->nodes; slot++) {
		if (slot == mc->slot)
			continue;
		err = mdc_scan_slot(mc, slot);
		if (err && err != -EAGAIN)
			mdc_warn(mc, "scan of slot %d failed: %d\n", slot, err);
	}
	set_bit(MDC_F_READY, &mc->flags);
	mdc_recv_kick(mc);
	wake_up(&mc->recovery_wq);
}
