// SPDX-License-Identifier: GPL-2.0
/*
 * Superblock updates across the cluster.
 *
 * md_update_sb() brackets every superblock write with
 * metadata_update_start() and metadata_update_finish() (or _cancel()),
 * always under reconfig_mutex.  Start takes the message channel for the
 * whole write, so that no peer changes the superblock meanwhile; finish
 * tells the peers to re-read it (METADATA_UPDATED) and gives the channel
 * back.  Receiving METADATA_UPDATED needs reconfig_mutex too; see
 * channel.c for how a parked mutex holder lends it.
 *
 * Owns nothing but the use of "no-new-dev" while re-reading.
 */

#include "internal.h"

/**
 * mdc_metadata_update_start() - md_cluster_operations.metadata_update_start
 * @mddev: the array, reconfig_mutex held
 *
 * Return: 0 with the channel held until finish or cancel, or a negative
 * errno with nothing held (md then writes without telling peers).
 */
int mdc_metadata_update_start(struct mddev *mddev)
{
	struct mdc_cluster *mc = mdc_of(mddev);

	mdc_assert_reconfig(mc);
	/* a redone sync window: md must not write its later checkpoint */
	mdc_resync_rewind_pending(mc);
	/*
	 * The write that md's confirming ioctl waits for (membership.c): the
	 * adder holds the channel until we answer.  md then finds, as a rule,
	 * nothing a peer must know (roles, size, layout unchanged) and writes
	 * nothing; if it did find something, it writes it unannounced, as
	 * after any failed start.
	 */
	if (mdc_newdisk_holds_channel(mc)) {
		mdc_info(mc, "superblock update while a peer's new disk awaits confirmation here: not waiting for the channel its adder holds\n");
		return -EBUSY;
	}
	return mdc_chan_acquire(mc, true);
}

/* Peers re-read the superblock from a device that is still in the array. */
static int mdc_good_device_nr(struct mddev *mddev)
{
	struct md_rdev *rdev;

	rdev_for_each(rdev, mddev)
		if (rdev->raid_disk >= 0 && !test_bit(Faulty, &rdev->flags))
			return rdev->desc_nr;
	return -1;
}

/**
 * mdc_sb_announce() - tell every peer to re-read the superblock
 * @mc: the array; the caller holds the channel
 *
 * Return: 0 once every peer has re-read it, -ENODEV when no working device
 * is left to point peers at, or another negative errno from sending.
 */
int mdc_sb_announce(struct mdc_cluster *mc)
{
	struct mdc_msg msg = {
		.type = MDC_MSG_METADATA_UPDATED,
		.slot = mc->slot,
	};
	int nr = mdc_good_device_nr(mc->mddev);

	lockdep_assert_held(&mc->recv_mutex);
	if (nr < 0) {
		mdc_warn(mc, "no working device to point peers at; superblock update not announced\n");
		return -ENODEV;
	}
	msg.raid_slot = nr;
	return mdc_chan_transmit(mc, &msg);
}

/**
 * mdc_metadata_update_finish() - md_cluster_operations.metadata_update_finish
 * @mddev: the array, reconfig_mutex held, channel held since start
 *
 * Return: 0 once every peer has re-read the superblock, else a negative
 * errno.  The channel is released either way.
 */
int mdc_metadata_update_finish(struct mddev *mddev)
{
	struct mdc_cluster *mc = mdc_of(mddev);
	int err;

	mdc_assert_reconfig(mc);
	err = mdc_sb_announce(mc);
	mdc_chan_release(mc);
	/* as before: nothing to point peers at is not md's failure */
	return err == -ENODEV ? 0 : err;
}

/**
 * mdc_metadata_update_cancel() - md_cluster_operations.metadata_update_cancel
 * @mddev: the array, reconfig_mutex held, channel held since start
 */
void mdc_metadata_update_cancel(struct mddev *mddev)
{
	mdc_assert_reconfig(mdc_of(mddev));
	mdc_chan_release(mdc_of(mddev));
}

/**
 * mdc_rx_metadata_prepare() - before a peer's superblock is re-read
 * @mc: the array
 * @msg: accepted METADATA_UPDATED message
 *
 * Runs without reconfig_mutex: retaking "no-new-dev" may wait for a peer.
 *
 * Return: MDC_ACCEPT, or MDC_REJ_NO_DEVICE when the message names a device
 * we do not have.
 */
enum mdc_reject mdc_rx_metadata_prepare(struct mdc_cluster *mc,
					const struct mdc_msg *msg)
{
	bool known;
	int err;

	rcu_read_lock();
	known = md_find_rdev_nr_rcu(mc->mddev, msg->raid_slot);
	rcu_read_unlock();
	if (!known)
		return MDC_REJ_NO_DEVICE;

	/* after confirming a peer's new disk we had dropped it: hold it again */
	if (mc->no_new_dev->mode != DLM_LOCK_CR) {
		err = mdc_lock_convert(mc->no_new_dev, DLM_LOCK_CR, MDC_WAIT_PEER);
		if (err)
			mdc_warn(mc, "cannot retake CR on no-new-dev: %d\n", err);
	}
	return MDC_ACCEPT;
}

/**
 * mdc_rx_metadata_updated() - a peer wrote the superblock: re-read it
 * @mc: the array, reconfig_mutex held or lent
 * @msg: accepted METADATA_UPDATED message
 *
 * Return: MDC_ACCEPT.
 */
enum mdc_reject mdc_rx_metadata_updated(struct mdc_cluster *mc,
					const struct mdc_msg *msg)
{
	struct mddev *mddev = mc->mddev;

	if (mdc_inject_skip_reload(mc)) {
		mdc_info(mc, "test: superblock of device %u not re-read (skip_reloads)\n",
			 msg->raid_slot);
		return MDC_ACCEPT;
	}
	mddev->good_device_nr = msg->raid_slot;
	md_reload_sb(mddev, msg->raid_slot);
	return MDC_ACCEPT;
}
