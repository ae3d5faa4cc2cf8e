// SPDX-License-Identifier: GPL-2.0
/*
 * The message channel: one message in flight cluster-wide.
 *
 * Owns the "token", "message", "ack" and "no-new-dev" locks, the receive
 * thread, the local channel owner bit (MDC_F_CHAN_BUSY) and the per-type
 * send counters.
 *
 * Sending: MDC_F_CHAN_BUSY, then token EX, then recv_mutex (so our own
 * receive sequence never converts "ack" while we do); message EX, write the
 * LVB, message CW; ack CR->EX waits until every peer has processed the
 * message; ack back to CR, message NL, token NL.
 *
 * Receiving: the blocking AST on "ack" (a sender wants EX) kicks the
 * receive thread, which reads the LVB under message CR, hands the message
 * to receive.c to be judged and applied, then always releases "ack" (even
 * for a message it refused or failed to read: a sender must never hang on
 * us), waits under message PR for the sender to finish and takes ack CR
 * back.
 *
 * Lending reconfig_mutex: a handler that needs reconfig_mutex (a peer's
 * superblock update) would deadlock against a local mutex holder waiting
 * for the channel, because the peer keeps the token until we acknowledge.
 * A holder therefore parks itself (holder_parked) while it waits; the
 * receive thread may then run the handler on its behalf (recv_borrows),
 * and the holder does not leave the channel code until that handler is
 * done.  The holder cannot get the token meanwhile: the peer releases it
 * only after our acknowledgment.
 *
 * Handing over: a disk add announces the disk, then md writes the
 * superblock; the token is kept in between (MDC_F_CHAN_HANDED) so that the
 * write follows the announcement with no peer's change between them.
 *
 * md's sync thread sends its windows while holding a resync barrier.  A
 * peer's superblock change or bitmap resize makes our handler quiesce the
 * array, which waits for that barrier, while the peer keeps the token until
 * we acknowledge: the sync thread can never get the token.  So the receive
 * thread flags such handlers (MDC_F_RECV_IN_MD, set by receive.c for the
 * message types whose rule says MDC_RX_QUIESCE) and a sync-thread sender
 * gives up when it sees the flag (MDC_WAIT_SYNC_SEND); resync.c then stops
 * the sync and has it redo the unannounced window.
 */

#include <linux/kthread.h>
#include <linux/sched.h>
#include <linux/timekeeping.h>

#include "internal.h"
#include "trace.h"

static void mdc_ack_bast(void *arg, int mode)
{
	struct mdc_lock *lk = arg;
	struct mdc_cluster *mc;

	/* only a sender's EX request means "message waiting" */
	if (mode != DLM_LOCK_EX || READ_ONCE(lk->released))
		return;
	mc = lk->mc;
	set_bit(MDC_F_RECV_KICK, &mc->flags);
	wake_up(&mc->recv_wq);
}

/**
 * mdc_recv_kick() - let the receive thread look for work
 * @mc: the array
 */
void mdc_recv_kick(struct mdc_cluster *mc)
{
	wake_up(&mc->recv_wq);
}

/**
 * mdc_chan_open() - create the channel's locks and enter the ack ring
 * @mc: the array, lockspace joined and slot known
 *
 * Return: 0, or a negative errno with everything undone.
 */
int mdc_chan_open(struct mdc_cluster *mc)
{
	int err;

	err = mdc_lock_create(mc, MDC_LOCK_MESSAGE, true, NULL, &mc->message);
	if (err)
		return err;
	err = mdc_lock_create(mc, MDC_LOCK_TOKEN, false, NULL, &mc->token);
	if (err)
		goto out_message;
	err = mdc_lock_create(mc, MDC_LOCK_NO_NEW_DEV, false, NULL,
			      &mc->no_new_dev);
	if (err)
		goto out_token;
	/* CR on no-new-dev: a disk added meanwhile must wait for us */
	err = mdc_lock_convert(mc->no_new_dev, DLM_LOCK_CR, MDC_WAIT_PEER);
	if (err) {
		mdc_err(mc, "cannot take CR on no-new-dev: %d\n", err);
		goto out_no_new_dev;
	}

	/* nobody may send while we are half way into the ack ring */
	err = mdc_lock_convert(mc->token, DLM_LOCK_EX, MDC_WAIT_TOKEN);
	if (err) {
		mdc_err(mc, "cannot take the token to join: %d\n", err);
		goto out_no_new_dev;
	}
	err = mdc_lock_create(mc, MDC_LOCK_ACK, false, mdc_ack_bast, &mc->ack);
	if (err)
		goto out_token_ex;
	err = mdc_lock_convert(mc->ack, DLM_LOCK_CR, MDC_WAIT_PEER);
	if (err) {
		mdc_err(mc, "cannot take CR on ack: %d\n", err);
		goto out_ack;
	}
	mdc_lock_drop(mc->token);
	return 0;

out_ack:
	mdc_lock_destroy(&mc->ack);
out_token_ex:
	mdc_lock_drop(mc->token);
out_no_new_dev:
	mdc_lock_destroy(&mc->no_new_dev);
out_token:
	mdc_lock_destroy(&mc->token);
out_message:
	mdc_lock_destroy(&mc->message);
	return err;
}

/**
 * mdc_chan_close() - release the channel's locks
 * @mc: the array; the receive thread must be stopped
 *
 * Releasing "ack" lets a sender that waits for us go on.
 */
void mdc_chan_close(struct mdc_cluster *mc)
{
	cancel_delayed_work_sync(&mc->handover_expiry);
	if (mdc_chan_reclaim(mc))
		mdc_chan_release(mc);
	mdc_lock_destroy(&mc->ack);
	mdc_lock_destroy(&mc->no_new_dev);
	mdc_lock_destroy(&mc->token);
	mdc_lock_destroy(&mc->message);
}

/*
 * Take reconfig_mutex without ever blocking on it, so that a stop (or a
 * holder waiting for us) is never stuck behind this thread: a trylock, a
 * slice apart, giving up when the array stops.  With @may_borrow, a holder
 * parked in mdc_chan_acquire() lends it instead.
 */
static int __mdc_reconfig_enter(struct mdc_cluster *mc, bool may_borrow)
{
	struct mddev *mddev = mc->mddev;

	for (;;) {
		if (mddev_trylock(mddev))
			return 1;
		spin_lock(&mc->lend_lock);
		if (may_borrow && mc->holder_parked) {
			mc->recv_borrows = true;
			spin_unlock(&mc->lend_lock);
			return 0;
		}
		spin_unlock(&mc->lend_lock);
		if (mdc_stop_requested(mc, MDC_WAIT_STOP))
			return -EINTR;
		/* mddev_unlock() and a parking holder both wake sb_wait */
		wait_event_idle_timeout(mddev->sb_wait,
					(may_borrow &&
					 READ_ONCE(mc->holder_parked)) ||
					!mutex_is_locked(&mddev->reconfig_mutex) ||
					mdc_stop_requested(mc, MDC_WAIT_STOP),
					MDC_POLL_SLICE);
	}
}

/**
 * mdc_reconfig_enter() - get reconfig_mutex for a received message
 * @mc: the array
 *
 * Called by the receive thread only.  Takes reconfig_mutex, or borrows it
 * from a local holder parked in mdc_chan_acquire().  Waits for as long as
 * neither is possible, but gives up when the array is stopping.
 *
 * Return: 1 when the mutex was taken, 0 when borrowed, -EINTR on stop.
 */
int mdc_reconfig_enter(struct mdc_cluster *mc)
{
	return __mdc_reconfig_enter(mc, true);
}

/**
 * mdc_reconfig_take() - get reconfig_mutex, never borrowing it
 * @mc: the array
 *
 * For threads other than the receive thread (only one may borrow at a
 * time).  Release with mdc_reconfig_exit(mc, 1).
 *
 * Return: 1 when the mutex was taken, -EINTR on stop.
 */
int mdc_reconfig_take(struct mdc_cluster *mc)
{
	return __mdc_reconfig_enter(mc, false);
}

/**
 * mdc_reconfig_exit() - undo mdc_reconfig_enter()
 * @mc: the array
 * @how: what mdc_reconfig_enter() returned (not negative)
 */
void mdc_reconfig_exit(struct mdc_cluster *mc, int how)
{
	if (how) {
		mddev_unlock(mc->mddev);
		return;
	}
	spin_lock(&mc->lend_lock);
	mc->recv_borrows = false;
	spin_unlock(&mc->lend_lock);
	wake_up(&mc->lend_wq);
}

static void mdc_holder_park(struct mdc_cluster *mc)
{
	spin_lock(&mc->lend_lock);
	mc->holder_parked = true;
	spin_unlock(&mc->lend_lock);
	wake_up(&mc->mddev->sb_wait);
}

static void mdc_holder_unpark(struct mdc_cluster *mc)
{
	spin_lock(&mc->lend_lock);
	mc->holder_parked = false;
	spin_unlock(&mc->lend_lock);
	/* a handler running on our mutex must finish before we go on */
	while (!wait_event_idle_timeout(mc->lend_wq,
					!READ_ONCE(mc->recv_borrows),
					MDC_DLM_TIMEOUT))
		mdc_warn(mc, "still waiting for a received message's handler\n");
}

/*
 * Our own receive sequence must be over before we convert "ack".  Once we
 * hold the token it normally is; only after a peer gave up waiting for our
 * acknowledgment can a handler still run, so wait for it, boundedly.
 */
static int mdc_recv_mutex_lock(struct mdc_cluster *mc, enum mdc_wait how)
{
	unsigned long deadline = jiffies + MDC_PEER_TIMEOUT;

	while (!mutex_trylock(&mc->recv_mutex)) {
		if (mdc_stop_requested(mc, how))
			return -EINTR;
		if (time_after(jiffies, deadline))
			return -ETIMEDOUT;
		wait_event_timeout(mc->chan_wq,
				   !mutex_is_locked(&mc->recv_mutex) ||
				   mdc_stop_requested(mc, how),
				   MDC_POLL_SLICE);
	}
	return 0;
}

/* For wait_event(): we own MDC_F_CHAN_BUSY now (@got), or must give up. */
static bool mdc_chan_claimed(struct mdc_cluster *mc, enum mdc_wait how,
			     bool *got)
{
	*got = !test_and_set_bit_lock(MDC_F_CHAN_BUSY, &mc->flags);
	return *got || mdc_stop_requested(mc, how);
}

static int __mdc_chan_acquire(struct mdc_cluster *mc, bool holds_reconfig,
			      enum mdc_wait how)
{
	bool got = false;
	int err = 0;

	/* the superblock write a disk add kept the channel for */
	if (holds_reconfig && mdc_chan_reclaim(mc))
		return 0;
	if (holds_reconfig)
		mdc_holder_park(mc);

	/* TASK_IDLE: a wait this long must not look like a hung task */
	if (!wait_event_idle_timeout(mc->chan_wq,
				     mdc_chan_claimed(mc, how, &got),
				     MDC_CHAN_TIMEOUT)) {
		err = -ETIMEDOUT;
		goto out_unpark;
	}
	if (!got) {
		err = -EINTR;
		goto out_unpark;
	}
	err = mdc_lock_convert(mc->token, DLM_LOCK_EX,
			       how == MDC_WAIT_SYNC_SEND ? how : MDC_WAIT_TOKEN);
	if (err)
		goto out_busy;
	err = mdc_recv_mutex_lock(mc, how);
	if (err) {
		mdc_lock_drop(mc->token);
		goto out_busy;
	}
	goto out_unpark;

out_busy:
	clear_bit_unlock(MDC_F_CHAN_BUSY, &mc->flags);
	wake_up(&mc->chan_wq);
out_unpark:
	if (holds_reconfig)
		mdc_holder_unpark(mc);
	if (err && err != -EINTR)
		mdc_err(mc, "cannot take the message token: %d\n", err);
	return err;
}

/**
 * mdc_chan_acquire() - become this node's (and the cluster's) sender
 * @mc: the array
 * @holds_reconfig: the caller holds reconfig_mutex
 *
 * Return: 0 with the channel held (release with mdc_chan_release()), or a
 * negative errno with nothing held.
 */
int mdc_chan_acquire(struct mdc_cluster *mc, bool holds_reconfig)
{
	return __mdc_chan_acquire(mc, holds_reconfig, MDC_WAIT_TOKEN);
}

/**
 * mdc_chan_try_acquire() - become the sender only if nobody else is
 * @mc: the array
 *
 * For retries that must never wait: neither for a local sender nor for a
 * peer holding the token (which may be waiting for our receive thread).
 *
 * Return: 0 with the channel held (release with mdc_chan_release()),
 * -EBUSY when someone has it, or another negative errno.
 */
int mdc_chan_try_acquire(struct mdc_cluster *mc)
{
	int err;

	if (test_and_set_bit_lock(MDC_F_CHAN_BUSY, &mc->flags))
		return -EBUSY;
	err = mdc_lock_try(mc->token, DLM_LOCK_EX);
	if (!err) {
		if (mutex_trylock(&mc->recv_mutex))
			return 0;
		mdc_lock_drop(mc->token);
		err = -EBUSY;
	}
	clear_bit_unlock(MDC_F_CHAN_BUSY, &mc->flags);
	wake_up(&mc->chan_wq);
	return err == -EAGAIN ? -EBUSY : err;
}

/**
 * mdc_chan_release() - give the channel back
 * @mc: the array; the caller holds the channel
 */
void mdc_chan_release(struct mdc_cluster *mc)
{
	int err;

	lockdep_assert_held(&mc->recv_mutex);
	WARN_ON_ONCE(!test_bit(MDC_F_CHAN_BUSY, &mc->flags));
	mutex_unlock(&mc->recv_mutex);
	err = mdc_lock_drop(mc->token);
	if (err)
		mdc_err(mc, "cannot release the token: %d\n", err);
	clear_bit_unlock(MDC_F_CHAN_BUSY, &mc->flags);
	wake_up(&mc->chan_wq);
}

/**
 * mdc_chan_hand_over() - keep the channel for md's next superblock write
 * @mc: the array; the caller (holding reconfig_mutex) holds the channel
 *
 * The token stays ours, so no peer changes the superblock before the write
 * md is about to do; the next mdc_chan_acquire() by a reconfig_mutex holder
 * takes the channel as it is.  recv_mutex is dropped here and retaken by
 * whoever reclaims the channel, because that may be another task (md's
 * thread).  Unclaimed, the channel is released after MDC_HANDOVER_TIMEOUT.
 */
void mdc_chan_hand_over(struct mdc_cluster *mc)
{
	lockdep_assert_held(&mc->recv_mutex);
	WARN_ON_ONCE(!test_bit(MDC_F_CHAN_BUSY, &mc->flags));
	mutex_unlock(&mc->recv_mutex);
	set_bit(MDC_F_CHAN_HANDED, &mc->flags);
	/* the expiry of an earlier add may still be pending: restart it */
	mod_delayed_work(system_wq, &mc->handover_expiry,
			 MDC_HANDOVER_TIMEOUT);
}

/**
 * mdc_chan_reclaim() - take a channel left by mdc_chan_hand_over()
 * @mc: the array
 *
 * Return: true with the channel held (release with mdc_chan_release()),
 * false when no channel was handed over (or another task took it).
 */
bool mdc_chan_reclaim(struct mdc_cluster *mc)
{
	if (!test_and_clear_bit(MDC_F_CHAN_HANDED, &mc->flags))
		return false;
	/* no peer can send while we hold the token: only a receive tail */
	mutex_lock(&mc->recv_mutex);
	return true;
}

/**
 * mdc_handover_expire() - release a handed-over channel nobody reclaimed
 * @work: mc->handover_expiry
 */
void mdc_handover_expire(struct work_struct *work)
{
	struct mdc_cluster *mc = container_of(to_delayed_work(work),
					      struct mdc_cluster,
					      handover_expiry);

	if (!mdc_chan_reclaim(mc))
		return;
	mdc_warn(mc, "no superblock write followed the disk add; releasing the token\n");
	mdc_chan_release(mc);
}

/*
 * "message" back to NL after a send or a receive.  Left at CW, EX or PR it
 * would block every peer's next send (EX) or receive (PR), so a failed
 * conversion is retried, then handed to the receive thread, which keeps
 * retrying (mdc_recv_message_unstick()).
 */
static void mdc_message_drop(struct mdc_cluster *mc)
{
	int i, err = 0;

	for (i = 0; i < MDC_MESSAGE_DROP_TRIES; i++) {
		err = mdc_inject_message_put_fault(mc);
		if (!err)
			err = mdc_lock_drop(mc->message);
		if (!err)
			return;
	}
	set_bit(MDC_F_MESSAGE_STUCK, &mc->flags);
	mdc_err(mc, "cannot drop the message lock (%d); retrying from the receive thread\n", err);
	mdc_recv_kick(mc);
}

/**
 * mdc_chan_transmit() - put one message on the wire and wait for all acks
 * @mc: the array; the caller holds the channel
 * @msg: message, sent as is (the sender slot included)
 *
 * Return: 0 once every peer has processed the message, else a negative
 * errno (peers may or may not have seen it).
 */
int mdc_chan_transmit(struct mdc_cluster *mc, struct mdc_msg *msg)
{
	int err;

	lockdep_assert_held(&mc->recv_mutex);
	WARN_ON_ONCE(!test_bit(MDC_F_CHAN_BUSY, &mc->flags));
	err = mdc_inject_tx_fault(mc, msg);
	if (err)
		goto out_count;
	err = mdc_lock_convert(mc->message, DLM_LOCK_EX, MDC_WAIT_PEER);
	if (err)
		goto out_count;
	mdc_msg_encode(msg, mc->message->lvb);
	/* the down-conversion publishes the LVB */
	err = mdc_lock_convert(mc->message, DLM_LOCK_CW, MDC_WAIT_DLM);
	if (err)
		goto out_message;
	err = mdc_lock_convert(mc->ack, DLM_LOCK_EX, MDC_WAIT_PEER);
	if (err)
		goto out_message;
	err = mdc_lock_convert(mc->ack, DLM_LOCK_CR, MDC_WAIT_DLM);
	if (err) {
		/* EX on ack would block every peer's next acknowledgment */
		mdc_err(mc, "ack stuck in EX (%d), retrying\n", err);
		err = mdc_lock_convert(mc->ack, DLM_LOCK_CR, MDC_WAIT_DLM);
	}
out_message:
	mdc_message_drop(mc);
out_count:
	trace_mdc_msg_sent(mc, msg, err);
	if (err) {
		atomic64_inc(&mc->stats.tx_failed);
		mdc_err(mc, "sending %s failed: %d\n", mdc_msg_name(msg->type), err);
	} else {
		mdc_count_type(mc->stats.tx, msg->type);
		atomic64_set(&mc->stats.last_tx_ns, ktime_get_boottime_ns());
	}
	return err;
}

/**
 * mdc_send() - send one message from this node
 * @mc: the array
 * @msg: message; its sender slot is filled in here
 * @holds_reconfig: the caller holds reconfig_mutex
 *
 * Return: 0 once every peer has processed the message, else a negative
 * errno.
 */
int mdc_send(struct mdc_cluster *mc, struct mdc_msg *msg, bool holds_reconfig)
{
	int err;

	msg->slot = mc->slot;
	err = mdc_chan_acquire(mc, holds_reconfig);
	if (err)
		return err;
	err = mdc_chan_transmit(mc, msg);
	mdc_chan_release(mc);
	return err;
}

/**
 * mdc_send_from_sync() - send one message from md's sync thread
 * @mc: the array
 * @msg: message; its sender slot is filled in here
 *
 * For windows announced under a resync barrier (see the top of this file).
 *
 * Return: as mdc_send(); -EINTR when the sync was interrupted or our
 * receive thread needs the barrier to go, with nothing sent.
 */
int mdc_send_from_sync(struct mdc_cluster *mc, struct mdc_msg *msg)
{
	int err;

	msg->slot = mc->slot;
	err = __mdc_chan_acquire(mc, false, MDC_WAIT_SYNC_SEND);
	if (err)
		return err;
	err = mdc_chan_transmit(mc, msg);
	mdc_chan_release(mc);
	return err;
}

/**
 * mdc_send_raw() - send a message exactly as given, sender slot included
 * @mc: the array
 * @msg: message; nothing is checked
 *
 * For the test injector: lets a node emit malformed messages through the
 * normal send path.
 *
 * Return: as mdc_send().
 */
int mdc_send_raw(struct mdc_cluster *mc, const struct mdc_msg *msg)
{
	struct mdc_msg copy = *msg;
	int err;

	err = mdc_chan_acquire(mc, false);
	if (err)
		return err;
	err = mdc_chan_transmit(mc, &copy);
	mdc_chan_release(mc);
	return err;
}

/*
 * Take "message" CR to read what a peer sent.  Our acknowledgment tells the
 * sender that we acted on the message (suspended its window, re-read the
 * superblock, merged a slot), so a message we cannot read is not
 * acknowledged at once: the sender keeps waiting while the read is tried
 * again a slice apart, each try without queueing (the sender holds CW,
 * which CR does not conflict with; what fails is DLM itself, e.g. a
 * recovery that waits for a fence).  A sender of ours gives up after
 * MDC_PEER_TIMEOUT and treats the send as failed, which it can undo; a
 * stock sender waits without a bound, so after MDC_UNREAD_TIMEOUT the
 * message is acknowledged unread, and said so, rather than wedge every
 * sender of the cluster.  The retries act on "message" as it is when they
 * run: a sender that gave up meanwhile cannot send again before we
 * acknowledge (our CR on "ack" keeps its EX out), so what a late read
 * finds is still the message that woke us.
 */
static int mdc_recv_read(struct mdc_cluster *mc)
{
	unsigned long deadline = jiffies + MDC_UNREAD_TIMEOUT;
	bool told = false;
	int err;

	err = mdc_inject_message_read_fault(mc);
	if (!err)
		err = mdc_lock_convert(mc->message, DLM_LOCK_CR,
				       MDC_WAIT_PEER);
	while (err && !kthread_should_stop() &&
	       time_before(jiffies, deadline)) {
		if (!told)
			mdc_err(mc, "cannot read a message: %d; withholding the acknowledgment and retrying\n",
				err);
		told = true;
		schedule_timeout_idle(MDC_POLL_SLICE);
		err = mdc_inject_message_read_fault(mc);
		if (!err)
			err = mdc_lock_try(mc->message, DLM_LOCK_CR);
	}
	if (!err && told)
		mdc_info(mc, "message read after a retry; acting on it\n");
	return err;
}

/* One receive sequence.  Every path ends with "ack" released and retaken. */
static void mdc_recv_one(struct mdc_cluster *mc)
{
	struct mdc_msg msg;
	int err;

	mutex_lock(&mc->recv_mutex);
	err = mdc_recv_read(mc);
	if (err) {
		atomic64_inc(&mc->stats.rx_rejected);
		mdc_err(mc, "cannot read a message: %d; acknowledging it unread\n",
			err);
	} else {
		mdc_msg_decode(mc->message->lvb, &msg);
		mdc_receive(mc, &msg);
	}

	err = mdc_lock_drop(mc->ack);
	if (err)
		mdc_err(mc, "cannot release ack: %d\n", err);
	/* PR waits until the sender has let go of the message */
	err = mdc_lock_convert(mc->message, DLM_LOCK_PR, MDC_WAIT_PEER);
	if (err)
		mdc_err(mc, "cannot take PR on message: %d\n", err);
	err = mdc_lock_convert(mc->ack, DLM_LOCK_CR, MDC_WAIT_PEER);
	if (err)
		mdc_err(mc, "cannot retake CR on ack: %d; retrying later\n", err);
	mdc_message_drop(mc);
	mutex_unlock(&mc->recv_mutex);
	wake_up(&mc->chan_wq);
}

/*
 * Without CR on "ack" we would miss every later message: keep trying, a
 * slice apart.  (A local send also moves "ack" off CR for a moment; then
 * recv_mutex makes us wait for it and there is nothing to do.)
 */
static void mdc_recv_rejoin_ack(struct mdc_cluster *mc)
{
	int err = 0;

	mutex_lock(&mc->recv_mutex);
	if (mc->ack->mode != DLM_LOCK_CR) {
		err = mdc_lock_convert(mc->ack, DLM_LOCK_CR, MDC_WAIT_PEER);
		if (!err)
			mdc_info(mc, "back on the ack lock\n");
	}
	mutex_unlock(&mc->recv_mutex);
	if (err)
		schedule_timeout_idle(MDC_POLL_SLICE);
}

/* The fallback of mdc_message_drop(): one more try, a slice apart. */
static void mdc_recv_message_unstick(struct mdc_cluster *mc)
{
	int err = 0;

	mutex_lock(&mc->recv_mutex);
	/* a send or receive since may have dropped it already */
	if (mc->message->mode != DLM_LOCK_NL) {
		err = mdc_inject_message_put_fault(mc);
		if (!err)
			err = mdc_lock_drop(mc->message);
	}
	if (!err) {
		clear_bit(MDC_F_MESSAGE_STUCK, &mc->flags);
		mdc_info(mc, "message lock dropped\n");
	}
	mutex_unlock(&mc->recv_mutex);
	wake_up(&mc->chan_wq);
	if (err)
		schedule_timeout_idle(MDC_POLL_SLICE);
}

static bool mdc_recv_has_work(struct mdc_cluster *mc)
{
	return test_bit(MDC_F_READY, &mc->flags) &&
	       (test_bit(MDC_F_RECV_KICK, &mc->flags) ||
		test_bit(MDC_F_MESSAGE_STUCK, &mc->flags) ||
		mc->ack->mode != DLM_LOCK_CR);
}

static int mdc_recv_thread(void *arg)
{
	struct mdc_cluster *mc = arg;

	while (!kthread_should_stop()) {
		wait_event_idle_timeout(mc->recv_wq,
					kthread_should_stop() ||
					mdc_recv_has_work(mc),
					MDC_PEER_TIMEOUT);
		if (kthread_should_stop())
			break;
		if (!test_bit(MDC_F_READY, &mc->flags))
			continue;
		if (test_and_clear_bit(MDC_F_RECV_KICK, &mc->flags))
			mdc_recv_one(mc);
		else if (test_bit(MDC_F_MESSAGE_STUCK, &mc->flags))
			mdc_recv_message_unstick(mc);
		else if (mc->ack->mode != DLM_LOCK_CR)
			mdc_recv_rejoin_ack(mc);
	}
	return 0;
}

/**
 * mdc_recv_start() - start the receive thread
 * @mc: the array; "ack" must exist
 *
 * The thread only processes messages once MDC_F_READY is set.
 *
 * Return: 0 or a negative errno.
 */
int mdc_recv_start(struct mdc_cluster *mc)
{
	struct task_struct *t;

	t = kthread_run(mdc_recv_thread, mc, "%s_cluster_recv", mc->name);
	if (IS_ERR(t))
		return PTR_ERR(t);
	mc->recv_task = t;
	return 0;
}

/**
 * mdc_recv_stop() - stop the receive thread
 * @mc: the array
 *
 * A message being processed is finished (its waits give up on stop) and
 * acknowledged first.
 */
void mdc_recv_stop(struct mdc_cluster *mc)
{
	if (!mc->recv_task)
		return;
	kthread_stop(mc->recv_task);
	mc->recv_task = NULL;
}
