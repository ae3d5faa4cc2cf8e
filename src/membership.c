// SPDX-License-Identifier: GPL-2.0
/*
 * Disk membership: adding a disk (and confirming a peer's new disk),
 * removing and re-adding one, and holding every bitmap lock while the
 * clustered bitmap is being removed.
 *
 * Adding a disk, on the node that adds it (reconfig_mutex held):
 *   take the channel, send NEWDISK (device uuid, device number); every peer
 *   asks userspace whether it sees that device and, if so, drops its CR on
 *   "no-new-dev" before acknowledging.  Then a NOQUEUE EX on "no-new-dev" is
 *   granted only if every peer dropped it: the disk is visible everywhere.
 *   On success the channel is handed over (channel.c) to md's superblock
 *   write that follows; on refusal (or add_new_disk_cancel()) a REMOVE of
 *   the device number makes the peers that did confirm drop their
 *   candidate.
 * On a peer (receive thread): emit the ADD_DEVICE change uevent and wait,
 *   bounded by MDC_CONFIRM_TIMEOUT, for mdadm --cluster-confirm, which ends
 *   in new_disk_ack().  Holding CR on "no-new-dev" is how a node says no,
 *   so it is retaken first if a previous add left it dropped; until it is,
 *   the message stays unacknowledged, and the adder's add fails.
 *
 * Owns the newdisk_* fields, adding_nr and held_bitmaps of struct
 * mdc_cluster, and the conversions of "no-new-dev" made for an add
 * (metadata.c retakes CR after one; channel.c creates and frees the lock).
 */

#include <linux/blkdev.h>
#include <linux/jiffies.h>
#include <linux/raid/md_p.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/uuid.h>

#include "internal.h"

enum mdc_newdisk_state {
	MDC_ND_IDLE,		/* no peer's disk waits for an answer */
	MDC_ND_WAITING,		/* uevent sent, no answer yet */
	MDC_ND_ANSWERING,	/* new_disk_ack() is dropping no-new-dev */
	MDC_ND_CONFIRMED,	/* this node sees the disk */
	MDC_ND_DECLINED,	/* it does not, or dropping the lock failed */
};

/**
 * mdc_membership_init() - initialise the state owned by this file
 * @mc: the array, being allocated
 */
void mdc_membership_init(struct mdc_cluster *mc)
{
	spin_lock_init(&mc->newdisk_lock);
	mc->newdisk_state = MDC_ND_IDLE;
	init_completion(&mc->newdisk_done);
	mc->held_bitmaps = NULL;
}

/**
 * mdc_membership_close() - release what this file still holds
 * @mc: the array, leaving; its lockspace still exists
 */
void mdc_membership_close(struct mdc_cluster *mc)
{
	int slot;

	if (!mc->held_bitmaps)
		return;
	for (slot = 0; slot < mc->nodes; slot++)
		mdc_lock_destroy(&mc->held_bitmaps[slot]);
	kfree(mc->held_bitmaps);
	mc->held_bitmaps = NULL;
}

/*
 * Peers that confirmed a disk the add then gave up on hold it as a
 * candidate, which the next superblock re-read would turn into a spare
 * (unused device roles read as spare): make them drop it.
 */
static void mdc_candidate_withdraw(struct mdc_cluster *mc, int nr)
{
	struct mdc_msg msg = {
		.type = MDC_MSG_REMOVE,
		.slot = mc->slot,
		.raid_slot = nr,
	};

	if (mdc_chan_transmit(mc, &msg))
		mdc_warn(mc, "peers may keep device %d as a candidate\n", nr);
}

/*
 * Merge (without clearing) every other slot's dirty bits into our bitmap,
 * so that recovering a returning device here covers the writes any node
 * made while it was out.
 */
static int mdc_gather_slots(struct mdc_cluster *mc)
{
	sector_t first, end;
	int slot;

	for (slot = 0; slot < mc->nodes; slot++) {
		if (slot == mc->slot)
			continue;
		if (mdc_merge_slot(mc, slot, false, &first, &end)) {
			mdc_warn(mc, "cannot merge the bitmap of slot %d for a re-add\n", slot);
			return -EIO;
		}
	}
	return 0;
}

/*
 * After NEWDISK: a NOQUEUE EX on "no-new-dev" is granted only if every peer
 * dropped its CR, i.e. confirmed it sees the device.  Then CR again, so
 * that peers can decline the next one.  Peers that did confirm drop their
 * candidate on a refusal.
 */
static int mdc_every_node_sees(struct mdc_cluster *mc, int nr,
			       const u8 *uuid)
{
	int err;

	err = mdc_lock_try(mc->no_new_dev, DLM_LOCK_EX);
	if (err) {
		if (err == -EAGAIN) {
			mdc_warn(mc, "device %d (%pU) is not visible on every node; not added\n",
				 nr, uuid);
			err = -ENOENT;
		} else {
			mdc_err(mc, "cannot learn whether every node sees device %d: %d\n",
				nr, err);
		}
		mdc_candidate_withdraw(mc, nr);
		return err;
	}
	if (mdc_lock_convert(mc->no_new_dev, DLM_LOCK_CR, MDC_WAIT_DLM))
		mdc_err(mc, "no-new-dev stuck in EX: peers cannot decline the next disk\n");
	return 0;
}

/**
 * mdc_add_new_disk() - md_cluster_operations.add_new_disk
 * @mddev: the array, reconfig_mutex held
 * @rdev: device to add; its superblock is loaded, not yet bound
 *
 * Return: 0 when every node sees the device; the channel is then kept for
 * md's superblock write (or add_new_disk_cancel()).  -ENOENT when a node
 * does not see it, or another negative errno; nothing is held then.
 */
int mdc_add_new_disk(struct mddev *mddev, struct md_rdev *rdev)
{
	struct mdc_cluster *mc = mdc_of(mddev);
	struct mdp_superblock_1 *sb = page_address(rdev->sb_page);
	struct mdc_msg msg = {
		.type = MDC_MSG_NEWDISK,
		.slot = mc->slot,
	};
	int err;

	if (rdev->desc_nr < 0 || rdev->desc_nr >= MDC_MAX_RAID_SLOT) {
		mdc_err(mc, "cannot add a device numbered %d\n", rdev->desc_nr);
		return -EINVAL;
	}
	mdc_assert_reconfig(mc);
	msg.raid_slot = rdev->desc_nr;
	memcpy(msg.uuid, sb->device_uuid, sizeof(msg.uuid));

	err = mdc_chan_acquire(mc, true);
	if (err)
		return err;
	err = mdc_chan_transmit(mc, &msg);
	if (err)
		/* a peer that could not answer held its acknowledgment back;
		 * the others may have bound a candidate
		 */
		mdc_candidate_withdraw(mc, rdev->desc_nr);
	else
		err = mdc_every_node_sees(mc, rdev->desc_nr, msg.uuid);
	if (err) {
		mdc_chan_release(mc);
		return err;
	}
	/*
	 * A former member coming back (mdadm --re-add after --remove) is
	 * recovered from our bitmap only: add the regions peers wrote while
	 * it was away.
	 */
	if (rdev->saved_raid_disk >= 0 && mdc_gather_slots(mc))
		mdc_warn(mc, "device %d may miss writes peers made while it was out\n",
			 rdev->desc_nr);
	mc->adding_nr = rdev->desc_nr;
	mdc_chan_hand_over(mc);
	return 0;
}

/**
 * mdc_add_new_disk_cancel() - md_cluster_operations.add_new_disk_cancel
 * @mddev: the array, reconfig_mutex held
 *
 * md could not bind a device every node agreed to: peers drop their
 * candidate, and the channel kept by mdc_add_new_disk() is released.
 */
void mdc_add_new_disk_cancel(struct mddev *mddev)
{
	struct mdc_cluster *mc = mdc_of(mddev);

	mdc_assert_reconfig(mc);
	if (!mdc_chan_reclaim(mc))
		return;
	mdc_candidate_withdraw(mc, mc->adding_nr);
	mdc_chan_release(mc);
}

/**
 * mdc_new_disk_ack() - md_cluster_operations.new_disk_ack
 * @mddev: the array, reconfig_mutex held (mdadm --cluster-confirm)
 * @ack: true when this node found the device and bound it as a candidate
 *
 * Return: 0; -EINVAL when no peer's disk waits for an answer; or the error
 * of dropping "no-new-dev", in which case the add fails cluster-wide.
 */
int mdc_new_disk_ack(struct mddev *mddev, bool ack)
{
	struct mdc_cluster *mc = mdc_of(mddev);
	bool waiting;
	int err = 0;

	mdc_assert_reconfig(mc);
	spin_lock(&mc->newdisk_lock);
	waiting = mc->newdisk_state == MDC_ND_WAITING;
	if (waiting)
		mc->newdisk_state = MDC_ND_ANSWERING;
	spin_unlock(&mc->newdisk_lock);
	if (!waiting) {
		mdc_warn(mc, "confirmation for a new disk, but none is pending\n");
		return -EINVAL;
	}

	if (ack) {
		err = mdc_lock_drop(mc->no_new_dev);
		if (err)
			mdc_err(mc, "cannot drop no-new-dev to accept the new disk: %d\n", err);
	}
	spin_lock(&mc->newdisk_lock);
	mc->newdisk_state = ack && !err ? MDC_ND_CONFIRMED : MDC_ND_DECLINED;
	spin_unlock(&mc->newdisk_lock);
	complete(&mc->newdisk_done);
	return err;
}

/*
 * Wait for new_disk_ack(), at most @timeout, or less if the array stops.
 * An answer already being given is waited for: it is bounded by the DLM
 * waits of mdc_lock_drop().
 */
static int mdc_newdisk_wait(struct mdc_cluster *mc, unsigned long timeout)
{
	unsigned long deadline = jiffies + timeout;
	int state;

	while (!wait_for_completion_timeout(&mc->newdisk_done,
					    MDC_POLL_SLICE)) {
		if (time_before(jiffies, deadline) &&
		    !mdc_stop_requested(mc, MDC_WAIT_STOP))
			continue;
		spin_lock(&mc->newdisk_lock);
		state = mc->newdisk_state;
		if (state == MDC_ND_WAITING)
			mc->newdisk_state = MDC_ND_IDLE;
		spin_unlock(&mc->newdisk_lock);
		if (state == MDC_ND_WAITING)
			return MDC_ND_IDLE;
		if (!wait_for_completion_timeout(&mc->newdisk_done,
						 3 * MDC_DLM_TIMEOUT))
			mdc_err(mc, "confirmation of a new disk never finished\n");
		break;
	}
	spin_lock(&mc->newdisk_lock);
	state = mc->newdisk_state;
	mc->newdisk_state = MDC_ND_IDLE;
	spin_unlock(&mc->newdisk_lock);
	return state;
}

/**
 * mdc_newdisk_holds_channel() - would a superblock write wait for our own answer?
 * @mc: the array
 *
 * md's confirming ioctl (ADD_NEW_DISK of a candidate) on an array that is
 * read-only until its first write switches it to read-write and, with the
 * superblock change md records on such an array, waits for md to write
 * the superblock first.  That write would wait for the channel, which the
 * adder holds until this node answers, and this node answers after the
 * ioctl: neither would move until the confirmation wait runs out.  Seen
 * on Debian, whose initramfs assembles arrays with md_mod.start_ro=1, and
 * under pacemaker; the stock module fails such adds too.
 *
 * Return: true while this node waits for userspace's answer to a peer's
 * new disk on an array that was read-only until its first write.
 */
bool mdc_newdisk_holds_channel(struct mdc_cluster *mc)
{
	bool holds;

	spin_lock(&mc->newdisk_lock);
	holds = mc->newdisk_state == MDC_ND_WAITING && mc->newdisk_auto_read;
	spin_unlock(&mc->newdisk_lock);
	return holds;
}

/* Ask userspace whether it sees a peer's new device: udev's rule answers. */
static int mdc_newdisk_uevent(struct mdc_cluster *mc, const struct mdc_msg *msg)
{
	char event[] = "EVENT=ADD_DEVICE";
	char uuid[sizeof("DEVICE_UUID=") + UUID_STRING_LEN];
	char disk[sizeof("RAID_DISK=") + 10];
	char *envp[4];

	snprintf(uuid, sizeof(uuid), "DEVICE_UUID=%pU", msg->uuid);
	snprintf(disk, sizeof(disk), "RAID_DISK=%u", msg->raid_slot);
	envp[0] = event;
	envp[1] = uuid;
	envp[2] = disk;
	envp[3] = NULL;
	return kobject_uevent_env(&disk_to_dev(mc->mddev->gendisk)->kobj,
				  KOBJ_CHANGE, envp);
}

/*
 * Without CR on no-new-dev this node cannot decline, and its silence would
 * read as "yes": the adder would activate a disk we never bound, and our
 * writes would skip the new leg.  So the acknowledgment is withheld while
 * CR is retried a slice apart, each try without queueing (only an adder
 * holds EX, and only for a moment), so that the deadline below holds to
 * within one DLM reply: an adder of ours waits MDC_PEER_TIMEOUT for
 * every acknowledgment, gives up first, and its add fails on every node.
 * An adder running the stock module waits without a bound, so after that
 * time and a margin the message is acknowledged all the same, and said so:
 * the cluster must not hang on us.
 */
static int mdc_newdisk_retake_cr(struct mdc_cluster *mc, u32 nr)
{
	unsigned long deadline = jiffies + MDC_PEER_TIMEOUT + MDC_NEWDISK_SLACK;
	bool told = false;
	int err;

	for (;;) {
		err = mdc_inject_newdisk_cr_fault(mc);
		if (!err)
			err = mdc_lock_try(mc->no_new_dev, DLM_LOCK_CR);
		if (!err) {
			if (told)
				mdc_info(mc, "CR on no-new-dev taken back; answering for device %u\n",
					 nr);
			return 0;
		}
		if (!told) {
			mdc_err(mc, "cannot retake CR on no-new-dev: %d; withholding the acknowledgment of device %u\n",
				err, nr);
			told = true;
		}
		if (time_after(jiffies, deadline) ||
		    mdc_stop_requested(mc, MDC_WAIT_STOP))
			break;
		schedule_timeout_interruptible(MDC_POLL_SLICE);
	}
	mdc_err(mc, "still no CR on no-new-dev (%d): device %u acknowledged unanswered; a stock adder may add it without this node\n",
		err, nr);
	return err;
}

/**
 * mdc_rx_newdisk() - a peer adds a disk: confirm it here, or decline
 * @mc: the array
 * @msg: accepted NEWDISK message
 *
 * Declining is an answer, not a refusal: the adder sees it on "no-new-dev".
 *
 * Return: MDC_ACCEPT.
 */
enum mdc_reject mdc_rx_newdisk(struct mdc_cluster *mc,
			       const struct mdc_msg *msg)
{
	unsigned long timeout = MDC_CONFIRM_TIMEOUT;
	bool known;
	int err;

	/* CR on no-new-dev is our "no": hold it before anything can fail */
	if (mc->no_new_dev->mode != DLM_LOCK_CR &&
	    mdc_newdisk_retake_cr(mc, msg->raid_slot))
		return MDC_ACCEPT;
	rcu_read_lock();
	known = md_find_rdev_nr_rcu(mc->mddev, msg->raid_slot);
	rcu_read_unlock();
	if (known) {
		mdc_warn(mc, "slot %u adds device %u, a number in use here; declined\n",
			 msg->slot, msg->raid_slot);
		return MDC_ACCEPT;
	}

	spin_lock(&mc->newdisk_lock);
	mc->newdisk_state = MDC_ND_WAITING;
	mc->newdisk_auto_read = READ_ONCE(mc->mddev->ro) == MD_AUTO_READ;
	reinit_completion(&mc->newdisk_done);
	spin_unlock(&mc->newdisk_lock);

	mdc_info(mc, "slot %u adds device %u (%pU); waiting for its confirmation\n",
		 msg->slot, msg->raid_slot, msg->uuid);
	err = mdc_newdisk_uevent(mc, msg);
	if (err) {
		mdc_err(mc, "cannot ask userspace about device %u: %d\n",
			msg->raid_slot, err);
		timeout = 0;
	}

	switch (mdc_newdisk_wait(mc, timeout)) {
	case MDC_ND_CONFIRMED:
		mdc_info(mc, "device %u confirmed here\n", msg->raid_slot);
		mdc_peer_resync_expected(mc);
		break;
	case MDC_ND_IDLE:
		mdc_warn(mc, "no confirmation for device %u in time; declined\n",
			 msg->raid_slot);
		break;
	default:
		mdc_info(mc, "device %u is not visible here; declined\n",
			 msg->raid_slot);
		break;
	}
	return MDC_ACCEPT;
}

/**
 * mdc_remove_disk() - md_cluster_operations.remove_disk
 * @mddev: the array, reconfig_mutex held
 * @rdev: device leaving the array (already out of its raid slot)
 *
 * Return: 0 once every peer has been told, else a negative errno and md
 * keeps the device.
 */
int mdc_remove_disk(struct mddev *mddev, struct md_rdev *rdev)
{
	struct mdc_msg msg = {
		.type = MDC_MSG_REMOVE,
		.raid_slot = rdev->desc_nr,
	};

	mdc_assert_reconfig(mdc_of(mddev));
	return mdc_send(mdc_of(mddev), &msg, true);
}

/**
 * mdc_gather_bitmaps() - md_cluster_operations.gather_bitmaps
 * @rdev: faulty device being re-added, reconfig_mutex held
 *
 * Peers clear the device's faulty flag; then every other slot's dirty bits
 * are merged (not cleared) into our bitmap, so that the recovery of the
 * re-added device here covers the writes it missed on any node.
 *
 * Return: 0, or a negative errno and md does not re-add the device.
 */
int mdc_gather_bitmaps(struct md_rdev *rdev)
{
	struct mddev *mddev = rdev->mddev;
	struct mdc_cluster *mc = mdc_of(mddev);
	struct mdc_msg msg = {
		.type = MDC_MSG_RE_ADD,
		.raid_slot = rdev->desc_nr,
	};
	int err;

	mdc_assert_reconfig(mc);
	err = mdc_send(mc, &msg, true);
	if (err)
		return err;
	return mdc_gather_slots(mc);
}

/**
 * mdc_lock_all_bitmaps() - md_cluster_operations.lock_all_bitmaps
 * @mddev: the array, reconfig_mutex held (removing the clustered bitmap)
 *
 * Tries PW on every other slot's bitmap lock without waiting.  The locks
 * taken stay held until mdc_unlock_all_bitmaps() or leave().
 *
 * Return: 1 when every other slot is unused, 0 when some node still uses
 * the array, or a negative errno.
 */
int mdc_lock_all_bitmaps(struct mddev *mddev)
{
	struct mdc_cluster *mc = mdc_of(mddev);
	bool busy = false;
	int slot, err;

	mdc_assert_reconfig(mc);
	if (mc->held_bitmaps)
		return -EBUSY;
	mc->held_bitmaps = kcalloc(mc->nodes, sizeof(*mc->held_bitmaps),
				   GFP_KERNEL);
	if (!mc->held_bitmaps)
		return -ENOMEM;

	for (slot = 0; slot < mc->nodes; slot++) {
		if (slot == mc->slot)
			continue;
		err = mdc_bitmap_lock_create(mc, slot, &mc->held_bitmaps[slot]);
		if (err)
			return err;
		err = mdc_lock_try(mc->held_bitmaps[slot], DLM_LOCK_PW);
		if (err == -EAGAIN) {
			mdc_info(mc, "slot %d is in use\n", slot);
			busy = true;
		} else if (err) {
			return err;
		}
	}
	return busy ? 0 : 1;
}

/**
 * mdc_unlock_all_bitmaps() - md_cluster_operations.unlock_all_bitmaps
 * @mddev: the array, reconfig_mutex held
 */
void mdc_unlock_all_bitmaps(struct mddev *mddev)
{
	mdc_membership_close(mdc_of(mddev));
}

/**
 * mdc_rx_remove_prepare() - refuse a REMOVE of a device we lack
 * @mc: the array
 * @msg: accepted REMOVE message
 *
 * Before reconfig_mutex: a refusal needs no md state changed.
 *
 * Return: MDC_ACCEPT, or MDC_REJ_NO_DEVICE.
 */
enum mdc_reject mdc_rx_remove_prepare(struct mdc_cluster *mc,
				      const struct mdc_msg *msg)
{
	bool known;

	rcu_read_lock();
	known = md_find_rdev_nr_rcu(mc->mddev, msg->raid_slot);
	rcu_read_unlock();
	return known ? MDC_ACCEPT : MDC_REJ_NO_DEVICE;
}

/**
 * mdc_rx_remove() - a peer removed a device: md's next pass kicks it here
 * @mc: the array, reconfig_mutex held
 * @msg: accepted REMOVE message
 *
 * md kicks a device a peer removed only on a read-write array: read-auto,
 * it would keep the disk open here until this node's first write, and the
 * disk's re-add (its new superblock read here through a stale page cache,
 * or its open refused as busy) would be declined here meanwhile.
 *
 * Return: MDC_ACCEPT, or MDC_REJ_NO_DEVICE.
 */
enum mdc_reject mdc_rx_remove(struct mdc_cluster *mc,
			      const struct mdc_msg *msg)
{
	struct mddev *mddev = mc->mddev;
	struct md_rdev *rdev;
	enum mdc_reject why = MDC_REJ_NO_DEVICE;

	rcu_read_lock();
	rdev = md_find_rdev_nr_rcu(mddev, msg->raid_slot);
	if (rdev) {
		set_bit(ClusterRemove, &rdev->flags);
		set_bit(MD_RECOVERY_NEEDED, &mddev->recovery);
		md_wakeup_thread(mddev->thread);
		why = MDC_ACCEPT;
	}
	rcu_read_unlock();
	if (why == MDC_ACCEPT && mdc_leave_auto_read(mc))
		mdc_info(mc, "read-only until its first write: now read-write, to let go of device %u, which slot %u removed\n",
			 msg->raid_slot, msg->slot);
	return why;
}

/**
 * mdc_rx_re_add() - a peer re-adds a faulty device: it is not faulty here
 * @mc: the array
 * @msg: accepted RE_ADD message
 *
 * Return: MDC_ACCEPT, or MDC_REJ_NO_DEVICE.
 */
enum mdc_reject mdc_rx_re_add(struct mdc_cluster *mc,
			      const struct mdc_msg *msg)
{
	struct md_rdev *rdev;
	enum mdc_reject why = MDC_REJ_NO_DEVICE;

	rcu_read_lock();
	rdev = md_find_rdev_nr_rcu(mc->mddev, msg->raid_slot);
	if (rdev) {
		if (!test_and_clear_bit(Faulty, &rdev->flags))
			mdc_info(mc, "re-added device %u was not faulty here\n",
				 msg->raid_slot);
		why = MDC_ACCEPT;
	}
	rcu_read_unlock();
	return why;
}
