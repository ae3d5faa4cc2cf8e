// SPDX-License-Identifier: GPL-2.0
/*
 * Resync coordination: one resyncing node at a time, and everybody else
 * keeps out of its current window.
 *
 * Owns the "resync" lock (EX while md's sync thread runs here), our own
 * "bitmapNNNN" lock (PW for life; its LVB publishes our window to nodes
 * that join later), the window a peer announced (under window_lock),
 * the hot-path flags in mc->hot, MDC_F_WAITING_FOR_SYNC, and the sending
 * of RESYNCING_START, which peers.c allows or withholds.
 *
 * area_resyncing() runs for every I/O on every node.  With no window and no
 * DLM recovery it reads two flags on a cache line nobody writes per I/O and
 * returns; otherwise it samples the window under a seqlock, which readers
 * never write.  A window is installed or lifted with the personality
 * quiesced, so writes already past the check drain first and writers
 * waiting on the barrier queue are woken to look again.
 */

#include <linux/blk_types.h>
#include <linux/math64.h>
#include <linux/moduleparam.h>
#include <linux/raid/md_p.h>

#include "internal.h"
#include "trace.h"

/**
 * mdc_resync_open() - take our bitmap lock and create the resync lock
 * @mc: the array, slot known
 *
 * Return: 0, or a negative errno with nothing held.
 */
int mdc_resync_open(struct mdc_cluster *mc)
{
	u64 lo, hi;
	int err;

	err = mdc_bitmap_lock_create(mc, mc->slot, &mc->bitmap);
	if (err)
		return err;
	/* a peer may still be recovering our slot's last life: wait for it */
	err = mdc_lock_convert(mc->bitmap, DLM_LOCK_PW, MDC_WAIT_PEER);
	if (err) {
		mdc_err(mc, "cannot own bitmap lock %s: %d\n", mc->bitmap->name, err);
		goto out_bitmap;
	}
	/*
	 * Whatever window the value block still shows is from an earlier
	 * life of this slot: we resync nothing yet, and a node joining later
	 * would otherwise keep out of that window for as long as we live.
	 */
	mdc_resync_decode(mc->bitmap->lvb, &lo, &hi);
	if (hi) {
		mdc_resync_encode(mc->bitmap->lvb, 0, 0);
		err = mdc_lock_convert(mc->bitmap, DLM_LOCK_PW, MDC_WAIT_DLM);
		if (err)
			mdc_warn(mc, "cannot clear stale resync window %llu..%llu: %d\n",
				 lo, hi, err);
	}
	err = mdc_lock_create(mc, MDC_LOCK_RESYNC, false, NULL, &mc->resync);
	if (err)
		goto out_bitmap;
	return 0;

out_bitmap:
	mdc_lock_destroy(&mc->bitmap);
	return err;
}

/**
 * mdc_resync_close() - release the resync lock and our bitmap lock
 * @mc: the array
 */
void mdc_resync_close(struct mdc_cluster *mc)
{
	mdc_lock_destroy(&mc->resync);
	mdc_lock_destroy(&mc->bitmap);
}

/*
 * Quiescing waits for every resync barrier, and our own sync thread holds
 * one while it waits to send.  It gives up that wait only when the receive
 * thread has said it may quiesce (MDC_F_RECV_IN_MD, set from the rule of
 * the message type in receive.c): a receive handler that quiesced without
 * it could wait for that barrier until the sender's token times out.
 */
static void mdc_quiesce(struct mdc_cluster *mc, int state)
{
	struct mddev *mddev = mc->mddev;

	WARN_ON_ONCE(state && current == READ_ONCE(mc->recv_task) &&
		     !test_bit(MDC_F_RECV_IN_MD, &mc->flags));
	if (mddev->pers && mddev->pers->quiesce)
		mddev->pers->quiesce(mddev, state);
}

static void __mdc_peer_window_set(struct mdc_cluster *mc, int from, u64 lo,
				  u64 hi, bool quiesce)
{
	lockdep_assert_held(&mc->window_mutex);
	if (quiesce)
		mdc_quiesce(mc, 1);
	trace_mdc_peer_window(mc, from, lo, hi, 0);
	write_seqlock(&mc->window_lock);
	mdc_window_set(&mc->window, from, lo, hi);
	WRITE_ONCE(mc->hot.window_active, mdc_window_active(&mc->window));
	write_sequnlock(&mc->window_lock);
	if (quiesce)
		mdc_quiesce(mc, 0);
}

/**
 * mdc_peer_window_set() - install (or with @hi 0, lift) a peer's window
 * @mc: the array
 * @from: announcing slot
 * @lo: first sector
 * @hi: end sector, exclusive; 0 lifts the window
 * @quiesce: drain I/O around the change (false only before I/O starts)
 */
void mdc_peer_window_set(struct mdc_cluster *mc, int from, u64 lo, u64 hi,
			 bool quiesce)
{
	/* the receive and recovery threads must not interleave quiesces */
	mutex_lock(&mc->window_mutex);
	__mdc_peer_window_set(mc, from, lo, hi, quiesce);
	mutex_unlock(&mc->window_mutex);
}

/**
 * mdc_peer_window_forget() - lift the window of @slot, if it has one
 * @mc: the array
 * @slot: bitmap slot that finished or died
 *
 * Checked and lifted under window_mutex: a new resyncer's window installed
 * in between must stay.
 */
void mdc_peer_window_forget(struct mdc_cluster *mc, int slot)
{
	mutex_lock(&mc->window_mutex);
	if (mdc_window_owned_by(&mc->window, slot))
		__mdc_peer_window_set(mc, slot, 0, 0, true);
	mutex_unlock(&mc->window_mutex);
}

/*
 * The slot, other than @slot, whose window we hold, or -1.  Called by the
 * receive thread, the only one that installs windows.
 */
static int mdc_peer_window_other_owner(struct mdc_cluster *mc, int slot)
{
	struct mdc_window now;

	mdc_peer_window_copy(mc, &now);
	if (!mdc_window_active(&now) || mdc_window_owned_by(&now, slot))
		return -1;
	return now.from;
}

/**
 * mdc_peer_window_copy() - the window a peer announced, for display
 * @mc: the array
 * @out: copy of the window (from -1 and hi 0 when none)
 */
void mdc_peer_window_copy(struct mdc_cluster *mc, struct mdc_window *out)
{
	unsigned int seq;

	do {
		seq = read_seqbegin(&mc->window_lock);
		*out = mc->window;
	} while (read_seqretry(&mc->window_lock, seq));
}

/**
 * mdc_resync_lock_held() - does this node hold the resync lock?
 * @mc: the array, joined
 *
 * Return: true while the "resync" lock is granted EX here.
 */
bool mdc_resync_lock_held(struct mdc_cluster *mc)
{
	return READ_ONCE(mc->resync->mode) == DLM_LOCK_EX;
}

/**
 * mdc_area_resyncing() - md_cluster_operations.area_resyncing
 * @mddev: the array
 * @direction: READ or WRITE
 * @lo: first sector of the I/O
 * @hi: end sector of the I/O, exclusive
 *
 * Return: 1 when a write must wait, or a read must use the first disk.
 */
int mdc_area_resyncing(struct mddev *mddev, int direction, sector_t lo,
		       sector_t hi)
{
	struct mdc_cluster *mc;
	unsigned int seq;
	bool hit = false;

	/*
	 * leave() detaches and frees us while raid1d may still retry a read
	 * (md_bitmap_destroy() runs before mddev_detach() stops raid1d, in
	 * md.c's __md_stop()): the state is freed after a grace period.
	 */
	rcu_read_lock();
	mc = mdc_of(mddev);
	if (unlikely(!mc))
		goto out;
	if (direction == READ && READ_ONCE(mc->hot.read_first)) {
		hit = true;
		goto out;
	}
	if (likely(!READ_ONCE(mc->hot.window_active)))
		goto out;
	do {
		seq = read_seqbegin(&mc->window_lock);
		hit = mdc_window_overlaps(&mc->window, lo, hi);
	} while (read_seqretry(&mc->window_lock, seq));
out:
	rcu_read_unlock();
	return hit;
}

/**
 * mdc_resync_info_get() - md_cluster_operations.resync_info_get
 * @mddev: the array
 * @lo: set to the start of a peer's window, 0 when none
 * @hi: set to the end of a peer's window, 0 when none
 */
void mdc_resync_info_get(struct mddev *mddev, sector_t *lo, sector_t *hi)
{
	struct mdc_cluster *mc = mdc_of(mddev);
	unsigned int seq;

	do {
		seq = read_seqbegin(&mc->window_lock);
		*lo = mc->window.lo;
		*hi = mc->window.hi;
	} while (read_seqretry(&mc->window_lock, seq));
}

/*
 * md's sync thread could not announce the window it is about to work in:
 * our receive thread needed the barrier it holds, or the token or a peer's
 * acknowledgment did not come in time.  raid1 and raid10 ignore the error
 * and sync at least one request there, unannounced, so a peer may write
 * there meanwhile and a leg may get stale data: stop the sync now, mark the
 * window's chunks dirty again (the bits that drove the sync there are
 * consumed), and have the next sync start again at this window.
 */
static void mdc_resync_redo_window(struct mdc_cluster *mc, u64 lo, u64 hi,
				   int err)
{
	struct mddev *mddev = mc->mddev;
	unsigned long chunk = mddev->bitmap_info.chunksize >> SECTOR_SHIFT;
	u64 end = min_t(u64, hi, mddev->resync_max_sectors);

	if (test_bit(MD_RECOVERY_RESHAPE, &mddev->recovery)) {
		mdc_warn(mc, "reshape window at %llu not announced (%d); reshape interrupted\n",
			 lo, err);
	} else {
		WRITE_ONCE(mc->sync_redo_from,
			   min_t(sector_t, mc->sync_redo_from, lo));
		/* the sync thread runs: md cannot free the bitmap meanwhile */
		if (mddev->bitmap && chunk && end > lo)
			mdc_bitmap_dirty_bits(mddev, div64_u64(lo, chunk),
					      div64_u64(end - 1, chunk));
		mdc_info(mc, "sync window %llu..%llu not announced (%d); sync restarts there\n",
			 lo, hi, err);
	}
	set_bit(MD_RECOVERY_INTR, &mddev->recovery);
}

/*
 * The end of our resync must reach every peer, or their writers into our
 * last window sleep until we die.  A failed announcement is retried from a
 * work item, without waiting for the channel, until it is acknowledged, a
 * new resync starts here, or we leave.
 */
static void mdc_lift_pending(struct mdc_cluster *mc, bool pending)
{
	if (!pending) {
		clear_bit(MDC_F_LIFT_PENDING, &mc->flags);
		return;
	}
	set_bit(MDC_F_LIFT_PENDING, &mc->flags);
	if (!test_bit(MDC_F_STOPPING, &mc->flags))
		mod_delayed_work(system_long_wq, &mc->lift_retry,
				 MDC_LIFT_RETRY);
}

/*
 * By the time the retry runs the cluster may have moved on: our resync
 * lock is gone, another node (or our own next sync) resyncs and has
 * announced its window, which every receiver (stock ones too) would lift
 * on our (0, 0).  An end is true only while nobody resyncs, so it is sent
 * holding "resync" EX, taken without queueing: a holder means a resync
 * runs, and we try again later rather than wait behind it.
 */
static int mdc_lift_send(struct mdc_cluster *mc)
{
	struct mdc_msg msg = {
		.type = MDC_MSG_RESYNCING,
		.slot = mc->slot,
	};
	int err, drop;

	err = mdc_lock_try(mc->resync, DLM_LOCK_EX);
	if (err)
		return err;
	/* cleared only by an announcement of ours, which needs the lock */
	if (test_bit(MDC_F_LIFT_PENDING, &mc->flags)) {
		err = mdc_chan_try_acquire(mc);
		if (!err) {
			err = mdc_chan_transmit(mc, &msg);
			mdc_chan_release(mc);
		}
	}
	drop = mdc_lock_drop(mc->resync);
	if (drop)
		mdc_warn(mc, "cannot release the resync lock: %d\n", drop);
	return err;
}

/**
 * mdc_lift_retry() - announce the end of our resync once more
 * @work: mc->lift_retry
 */
void mdc_lift_retry(struct work_struct *work)
{
	struct mdc_cluster *mc = container_of(to_delayed_work(work),
					      struct mdc_cluster, lift_retry);
	int err;

	if (!test_bit(MDC_F_LIFT_PENDING, &mc->flags) ||
	    test_bit(MDC_F_STOPPING, &mc->flags))
		return;
	/* md's sync thread is taking or holding the resync lock */
	if (!mutex_trylock(&mc->resync_mutex)) {
		mdc_lift_pending(mc, true);
		return;
	}
	/* a resync running here announces its own windows and end */
	if (mdc_resync_lock_held(mc)) {
		mutex_unlock(&mc->resync_mutex);
		mdc_lift_pending(mc, false);
		return;
	}
	err = mdc_lift_send(mc);
	mutex_unlock(&mc->resync_mutex);
	if (err) {
		mdc_lift_pending(mc, true);
		return;
	}
	mdc_lift_pending(mc, false);
	mdc_info(mc, "peers told that our resync ended (retried)\n");
}

/* Publish our window in our bitmap LVB and tell every peer. */
static int mdc_resync_announce(struct mdc_cluster *mc, u64 lo, u64 hi,
			       bool from_sync)
{
	struct mdc_msg msg = {
		.type = MDC_MSG_RESYNCING,
		.low = lo,
		.high = hi,
	};
	u64 old_lo, old_hi;
	int err;

	/* "done" twice in a row tells nobody anything */
	mdc_resync_decode(mc->bitmap->lvb, &old_lo, &old_hi);
	if (!hi && !old_hi)
		return 0;
	trace_mdc_resync_window(mc, mc->slot, lo, hi, 0);

	mdc_resync_encode(mc->bitmap->lvb, lo, hi);
	/* PW to PW writes the value block back to the resource */
	err = mdc_lock_convert(mc->bitmap, DLM_LOCK_PW, MDC_WAIT_DLM);
	if (err)
		mdc_warn(mc, "cannot publish resync window: %d\n", err);
	if (from_sync)
		err = mdc_send_from_sync(mc, &msg);
	else
		err = mdc_send(mc, &msg, true);
	if (err && hi && from_sync)
		mdc_resync_redo_window(mc, lo, hi, err);
	/* a window of ours supersedes an end peers have not heard of */
	mdc_lift_pending(mc, err && !hi);
	return err;
}

/**
 * mdc_resync_info_update() - md_cluster_operations.resync_info_update
 * @mddev: the array; called by md's sync thread, no md locks held, a
 *	resync barrier raised
 * @lo: first sector of our next window
 * @hi: end of the window, 0 when done
 *
 * Return: 0 or a negative errno from sending.
 */
int mdc_resync_info_update(struct mddev *mddev, sector_t lo, sector_t hi)
{
	return mdc_resync_announce(mdc_of(mddev), lo, hi, true);
}

/**
 * mdc_resync_start_notify() - md_cluster_operations.resync_start_notify
 * @mddev: the array; called by md's sync thread
 *
 * Linux 6.1's md-cluster knows message types 0 to 7 only, and answers
 * RESYNCING_START (8) by keeping its "ack" lock: DLM then never tells it
 * of another message, and every later sender waits for it in vain.  So
 * the start is announced only when peers.c, asked under the token, finds
 * no node that might run 6.1 (or the administrator said peers=current).
 *
 * Return: 0 or a negative errno from sending.
 */
int mdc_resync_start_notify(struct mddev *mddev)
{
	struct mdc_cluster *mc = mdc_of(mddev);
	struct mdc_msg msg = { .type = MDC_MSG_RESYNCING_START };
	enum mdc_peers_mode mode = mdc_peers_mode_now();
	int err;

	if (mode == MDC_PEERS_CURRENT)
		return mdc_send(mc, &msg, false);
	if (mode == MDC_PEERS_LEGACY) {
		atomic64_inc(&mc->stats.tx_withheld);
		return 0;
	}
	msg.slot = mc->slot;
	err = mdc_chan_acquire(mc, false);
	if (err)
		return err;
	if (mdc_peers_announce_start(mc))
		err = mdc_chan_transmit(mc, &msg);
	else
		atomic64_inc(&mc->stats.tx_withheld);
	mdc_chan_release(mc);
	return err;
}

/**
 * mdc_resync_status_get() - md_cluster_operations.resync_status_get
 * @mddev: the array
 *
 * Return: 1 while a disk a peer added waits for that peer's resync.
 */
int mdc_resync_status_get(struct mddev *mddev)
{
	return test_bit(MDC_F_WAITING_FOR_SYNC, &mdc_of(mddev)->flags);
}

/**
 * mdc_resync_start() - md_cluster_operations.resync_start
 * @mddev: the array; called by md's sync thread
 *
 * Waits for as long as another node resyncs, unless md stops the sync or
 * the array.
 *
 * Return: 0 with the resync lock held, or a negative errno.
 */
int mdc_resync_start(struct mddev *mddev)
{
	struct mdc_cluster *mc = mdc_of(mddev);
	int err;

	mutex_lock(&mc->resync_mutex);
	err = mdc_lock_convert(mc->resync, DLM_LOCK_EX, MDC_WAIT_SYNC_STOP);
	mutex_unlock(&mc->resync_mutex);
	trace_mdc_resync_start(mc, mc->slot, 0, 0, err);
	return err;
}

/*
 * md checkpoints an interrupted sync where the request whose window went
 * out unannounced began (md_do_sync() breaks out before it advances
 * curr_resync past that request; resync_offset, or recovery_offset of each
 * member being rebuilt, = curr_resync), and md_reap_sync_thread() writes
 * that to the superblock before it calls resync_finish(); a peer that
 * takes the sync over re-reads it and starts there.  That point can lie
 * past the window's start, but not past the unannounced request: what lies
 * between was synced under the window announced before.  All the same,
 * every node restarts where this one does: the restart point moves back to
 * the window's start before any superblock write, in
 * metadata_update_start().  When md skips the write because no role or
 * geometry changed (does_sb_need_changing()), the disk keeps a checkpoint
 * taken before the window was announced, which is no further: no write
 * needs forcing.  tests/25 reads all three after a redo.
 */
void mdc_resync_rewind_pending(struct mdc_cluster *mc)
{
	sector_t from = READ_ONCE(mc->sync_redo_from);
	struct mddev *mddev = mc->mddev;
	struct md_rdev *rdev;

	if (from == MaxSector)
		return;
	if (mdc_resync_offset(mddev) > from &&
	    mdc_resync_offset(mddev) != MaxSector)
		mdc_resync_offset(mddev) = from;
	rdev_for_each(rdev, mddev)
		if (rdev->raid_disk >= 0 && !test_bit(Faulty, &rdev->flags) &&
		    !test_bit(In_sync, &rdev->flags) &&
		    rdev->recovery_offset > from)
			rdev->recovery_offset = from;
	/*
	 * md_update_sb() raises recovery_offset to curr_resync_completed
	 * while the recovery is still reaped; the sync thread is gone once
	 * DONE is set, and the next sync sets the counter afresh.
	 */
	if (test_bit(MD_RECOVERY_DONE, &mddev->recovery) &&
	    mddev->curr_resync_completed > from)
		mddev->curr_resync_completed = from;
}

/**
 * mdc_resync_finish() - md_cluster_operations.resync_finish
 * @mddev: the array, reconfig_mutex held (md_reap_sync_thread)
 *
 * Return: 0 or a negative errno from announcing the end.
 */
int mdc_resync_finish(struct mddev *mddev)
{
	struct mdc_cluster *mc = mdc_of(mddev);
	int err = 0;

	mdc_assert_reconfig(mc);
	WARN_ON_ONCE(!mdc_resync_lock_held(mc));
	clear_bit(MD_RESYNCING_REMOTE, &mddev->recovery);
	mdc_resync_rewind_pending(mc);
	WRITE_ONCE(mc->sync_redo_from, MaxSector);
	/* an interrupted resync stays announced: a peer continues it */
	mutex_lock(&mc->resync_mutex);
	if (!test_bit(MD_CLOSING, &mddev->flags))
		err = mdc_resync_announce(mc, 0, 0, false);
	mdc_lock_drop(mc->resync);
	mutex_unlock(&mc->resync_mutex);
	trace_mdc_resync_finish(mc, mc->slot, 0, 0, err);
	return err;
}

/* Is a reshape active according to the first working device's superblock? */
static bool mdc_reshape_active(struct mddev *mddev)
{
	struct mdp_superblock_1 *sb;
	struct md_rdev *rdev;
	bool active = false;

	rcu_read_lock();
	rdev_for_each_rcu(rdev, mddev) {
		if (rdev->raid_disk < 0 || test_bit(Faulty, &rdev->flags))
			continue;
		sb = page_address(rdev->sb_page);
		active = le32_to_cpu(sb->feature_map) &
			 MD_FEATURE_RESHAPE_ACTIVE;
		break;
	}
	rcu_read_unlock();
	return active;
}

/*
 * Move our bitmap's resync state from the sender's previous window to
 * [@lo, @hi): the part behind the window is done, the window is being
 * done.  The two bounds are walked in two calls so that each can start
 * where md's alignment warning cannot fire (mdc_walk_from()); both calls
 * are bounded, because mdc_msg_check() bounded the window.
 */
static void mdc_bitmap_follow(struct mdc_cluster *mc, u64 lo, u64 hi)
{
	struct mddev *mddev = mc->mddev;
	/* one walk step: a chunk, or a whole page of counters not allocated */
	u64 step = (u64)(mddev->bitmap_info.chunksize >> SECTOR_SHIFT) *
		   (PAGE_SIZE * BITS_PER_BYTE / MDC_COUNTER_BITS);

	lockdep_assert_held(&mddev->bitmap_info.mutex);
	mdc_bitmap_sync_with_cluster(mddev,
				     mdc_walk_from(mc->sync_lo, lo, step),
				     0, lo, 0);
	/* starting a sync rounds each step up to a page */
	mdc_bitmap_sync_with_cluster(mddev, 0,
				     mdc_walk_from(mc->sync_hi, hi,
						   step + PAGE_SECTORS),
				     0, hi);
}

/**
 * mdc_rx_resyncing() - a peer announced its next window, or its end
 * @mc: the array
 * @msg: accepted RESYNCING message
 *
 * Return: MDC_ACCEPT.
 */
enum mdc_reject mdc_rx_resyncing(struct mdc_cluster *mc,
				 const struct mdc_msg *msg)
{
	struct mddev *mddev = mc->mddev;
	int from = msg->slot;
	int owner;

	if (!msg->high) {
		/*
		 * An end lifts the sender's own window only.  Only one node
		 * resyncs at a time, so a window of another slot means this
		 * end is stale: a retried end of an earlier resync (a peer
		 * of an older version sends it without holding "resync"),
		 * overtaken by the resync running now.  A window we read at
		 * join time from a node since gone goes with that node's
		 * recovery, or is replaced by the next resyncer's.
		 */
		owner = mdc_peer_window_other_owner(mc, from);
		if (owner >= 0) {
			mdc_info(mc, "slot %d ended a resync while slot %d resyncs; ignored\n",
				 from, owner);
			return MDC_ACCEPT;
		}
		clear_bit(MD_RESYNCING_REMOTE, &mddev->recovery);
		mdc_peer_window_forget(mc, from);
		mc->sync_lo = 0;
		mc->sync_hi = 0;
		mc->sync_from = -1;
		set_bit(MD_RECOVERY_NEEDED, &mddev->recovery);
		clear_bit(MDC_F_WAITING_FOR_SYNC, &mc->flags);
		md_wakeup_thread(mddev->thread);
		return MDC_ACCEPT;
	}

	set_bit(MD_RESYNCING_REMOTE, &mddev->recovery);
	/* a new resyncing node starts its own sequence of windows */
	if (mc->sync_from != from) {
		mc->sync_lo = 0;
		mc->sync_hi = 0;
		mc->sync_from = from;
	}
	/*
	 * Keep our bitmap's resync state in step with the peer's windows, so
	 * that we would not redo what it did; not during a reshape, whose
	 * small windows do not line up with bitmap chunks.
	 */
	if (!mdc_reshape_active(mddev)) {
		/* bitmap_info.mutex keeps the bitmap attached meanwhile */
		mutex_lock(&mddev->bitmap_info.mutex);
		if (mddev->bitmap)
			mdc_bitmap_follow(mc, msg->low, msg->high);
		mutex_unlock(&mddev->bitmap_info.mutex);
	}
	mc->sync_lo = msg->low;
	mc->sync_hi = msg->high;
	mdc_peer_window_set(mc, from, msg->low, msg->high, true);
	return MDC_ACCEPT;
}

/**
 * mdc_peer_resync_expected() - a peer added a disk and will recover it
 * @mc: the array
 *
 * Until that peer's resync starts or ends, md does not activate the new
 * disk here on its own (resync_status_get()).  Not while the start of a
 * sync is not announced here (peers.c): the adder may be a 6.1 node,
 * which never announces the start, or one of ours keeping it back, and
 * the adder's superblock update that activates the disk can come before
 * the end of its recovery; the disk would stay a spare here.  Such a
 * cluster activates it as 6.1's md does.
 */
void mdc_peer_resync_expected(struct mdc_cluster *mc)
{
	if (mdc_peers_expect_start(mc))
		set_bit(MDC_F_WAITING_FOR_SYNC, &mc->flags);
}

/**
 * mdc_rx_resyncing_start() - a peer's resync has started
 * @mc: the array
 * @msg: accepted RESYNCING_START message
 *
 * Return: MDC_ACCEPT.
 */
enum mdc_reject mdc_rx_resyncing_start(struct mdc_cluster *mc,
				       const struct mdc_msg *msg)
{
	clear_bit(MDC_F_WAITING_FOR_SYNC, &mc->flags);
	mdc_peers_heard_start(mc, msg->slot);
	return MDC_ACCEPT;
}
