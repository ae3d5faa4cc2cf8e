// SPDX-License-Identifier: GPL-2.0
/*
 * DLM lock helpers (see lockres.h).  Owns struct mdc_lock and the wait
 * policy's implementation.  ASTs only complete a completion, so they are
 * safe in the softirq context DLM_LSFL_SOFTIRQ allows; blocking ASTs are
 * supplied by the lock's owner and must obey the same rule.
 */

#include <linux/kthread.h>
#include <linux/math64.h>
#include <linux/timekeeping.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "internal.h"
#include "trace.h"

/**
 * mdc_stop_requested() - should a wait of kind @how give up now?
 * @mc: the array
 * @how: the kind of wait
 *
 * Return: true when the wait is one that aborts on stop and the array (or
 * the calling md or md-cluster thread) is being stopped; for a sync-thread
 * send, also when our receive thread needs the resync barrier to go.
 */
bool mdc_stop_requested(struct mdc_cluster *mc, enum mdc_wait how)
{
	struct mddev *mddev = mc->mddev;

	if (how != MDC_WAIT_STOP && how != MDC_WAIT_SYNC_STOP &&
	    how != MDC_WAIT_SYNC_SEND)
		return false;
	if (test_bit(MDC_F_STOPPING, &mc->flags))
		return true;
	if ((current->flags & PF_KTHREAD) && kthread_should_stop())
		return true;
	/* an interrupted sync still announces the window it is in */
	if (how == MDC_WAIT_SYNC_SEND)
		return test_bit(MDC_F_RECV_IN_MD, &mc->flags);
	if (how == MDC_WAIT_STOP)
		return false;
	return test_bit(MD_CLOSING, &mddev->flags) ||
	       test_bit(MD_RECOVERY_INTR, &mddev->recovery);
}

static void mdc_lock_ast(void *arg)
{
	struct mdc_lock *lk = arg;

	complete(&lk->ast);
}

/*
 * Wait a slice at a time, checking for stop; @limit 0 means no bound.
 * Slices also keep a long wait from looking hung: the hung-task detector
 * reports a task that has not run for 120 s, and panics on nodes set so.
 * A bound that passes while DLM recovers the lockspace (fencing a dead
 * node first) is extended as deadline.h says, and said so: what the
 * administrator sees is a wait for the fence, not a failed request.
 */
static int mdc_wait_sliced(struct mdc_lock *lk, enum mdc_wait how,
			   unsigned long limit)
{
	unsigned long start = jiffies, deadline = start + limit;
	unsigned long cap = deadline + MDC_FENCE_TIMEOUT;
	bool extended = false;

	while (!wait_for_completion_timeout(&lk->ast, MDC_POLL_SLICE)) {
		if (mdc_stop_requested(lk->mc, how))
			return -EINTR;
		if (!limit)
			continue;
		switch (mdc_deadline_check(jiffies, &deadline, cap,
					   test_bit(MDC_F_MEMBERS_CHANGING,
						    &lk->mc->flags))) {
		case MDC_DEADLINE_WAIT:
			break;
		case MDC_DEADLINE_EXTENDED:
			if (!extended)
				mdc_info(lk->mc, "lock %s: DLM is recovering the lockspace (fencing a node?); waiting past %u s, for at most %u s more\n",
					 lk->name, jiffies_to_msecs(limit) / 1000,
					 jiffies_to_msecs(MDC_FENCE_TIMEOUT) / 1000);
			extended = true;
			break;
		case MDC_DEADLINE_EXPIRED:
			if (extended)
				mdc_err(lk->mc, "lock %s: not granted after %u s, waits for the lockspace's recovery included; giving up\n",
					lk->name, jiffies_to_msecs(jiffies - start) / 1000);
			return -ETIMEDOUT;
		}
	}
	if (extended)
		mdc_info(lk->mc, "lock %s granted after the lockspace's recovery, %u s after it was asked for\n",
			 lk->name, jiffies_to_msecs(jiffies - start) / 1000);
	return 0;
}

static int mdc_lock_wait(struct mdc_lock *lk, enum mdc_wait how)
{
	switch (how) {
	case MDC_WAIT_DLM:
		return mdc_wait_sliced(lk, how, MDC_DLM_TIMEOUT);
	case MDC_WAIT_PEER:
		return mdc_wait_sliced(lk, how, MDC_PEER_TIMEOUT);
	case MDC_WAIT_TOKEN:
	case MDC_WAIT_SYNC_SEND:
		return mdc_wait_sliced(lk, how, MDC_TOKEN_TIMEOUT);
	default:
		return mdc_wait_sliced(lk, how, 0);
	}
}

/*
 * A request we stopped waiting for is still queued in DLM.  Cancel it and
 * wait for its AST, so that the next request starts from a known state; if
 * the grant won the race, the lock is ours after all.
 */
static int mdc_lock_cancel(struct mdc_lock *lk, int why)
{
	int err;

	err = dlm_unlock(lk->mc->ls, lk->lksb.sb_lkid, DLM_LKF_CANCEL,
			 &lk->lksb, lk);
	if (err && err != -EBUSY)
		mdc_warn(lk->mc, "cancel of %s failed: %d\n", lk->name, err);
	if (!wait_for_completion_timeout(&lk->ast, MDC_DLM_TIMEOUT)) {
		mdc_err(lk->mc, "lock %s lost its AST; not using it again\n", lk->name);
		lk->broken = true;
		return why;
	}
	return lk->lksb.sb_status ? why : 0;
}

static int mdc_lock_request(struct mdc_lock *lk, int mode, u32 flags,
			    enum mdc_wait how)
{
	u64 start = ktime_get_ns();
	int err;

	if (WARN_ON_ONCE(lk->released) || lk->broken)
		return -EIO;
	reinit_completion(&lk->ast);
	err = dlm_lock(lk->mc->ls, mode, &lk->lksb, flags, lk->name,
		       strlen(lk->name), 0, mdc_lock_ast, lk, lk->bast);
	if (err) {
		trace_mdc_lock_request(lk, mode, err, 0);
		return err;
	}

	err = mdc_lock_wait(lk, how);
	if (err == -ETIMEDOUT)
		atomic64_inc(&lk->mc->stats.lock_timeouts);
	if (err)
		err = mdc_lock_cancel(lk, err);
	if (!err)
		err = lk->lksb.sb_status;
	trace_mdc_lock_request(lk, mode, err,
			       div_u64(ktime_get_ns() - start, NSEC_PER_USEC));
	if (!err)
		lk->mode = mode;
	return err;
}

/**
 * mdc_lock_create() - create a lock resource at NL
 * @mc: the array, whose lockspace must exist
 * @name: resource name (wire.h)
 * @with_lvb: attach a value block of MDC_LVB_LEN bytes
 * @bast: blocking AST, or NULL; called in DLM callback context
 * @out: the new lock on success
 *
 * Return: 0 or a negative errno; nothing is left behind on failure.
 */
int mdc_lock_create(struct mdc_cluster *mc, const char *name, bool with_lvb,
		    void (*bast)(void *arg, int mode), struct mdc_lock **out)
{
	struct mdc_lock *lk;
	int err;

	lk = kzalloc(sizeof(*lk), GFP_KERNEL);
	if (!lk)
		return -ENOMEM;
	lk->mc = mc;
	lk->mode = DLM_LOCK_IV;
	lk->bast = bast;
	init_completion(&lk->ast);
	strscpy(lk->name, name, sizeof(lk->name));
	if (with_lvb) {
		lk->lksb.sb_lvbptr = lk->lvb;
		lk->flags = DLM_LKF_VALBLK;
	}

	err = mdc_lock_request(lk, DLM_LOCK_NL, lk->flags | DLM_LKF_EXPEDITE,
			       MDC_WAIT_DLM);
	if (err) {
		mdc_err(mc, "cannot create lock %s: %d\n", name, err);
		goto out_free;
	}
	*out = lk;
	return 0;

out_free:
	/* a broken request may still hold a pointer to lk: keep it */
	if (!lk->broken)
		kfree(lk);
	return err;
}

/**
 * mdc_bitmap_lock_create() - create the lock of one bitmap slot at NL
 * @mc: the array, whose lockspace must exist
 * @slot: bitmap slot, 0 .. MDC_MAX_SLOTS - 1
 * @out: the new lock on success; its LVB carries the slot's resync window
 *
 * Return: 0 or a negative errno; nothing is left behind on failure.
 */
int mdc_bitmap_lock_create(struct mdc_cluster *mc, int slot,
			   struct mdc_lock **out)
{
	char name[MDC_LOCK_NAME_LEN];
	int err;

	err = mdc_bitmap_lock_name(name, sizeof(name), slot);
	if (err)
		return err;
	return mdc_lock_create(mc, name, true, NULL, out);
}

/**
 * mdc_lock_convert() - convert a lock to @mode, waiting per @how
 * @lk: lock
 * @mode: DLM_LOCK_* mode
 * @how: wait policy
 *
 * Return: 0 when granted; -ETIMEDOUT or -EINTR when the wait ended first
 * (the request is cancelled and the lock keeps its previous mode); or the
 * DLM status.
 */
int mdc_lock_convert(struct mdc_lock *lk, int mode, enum mdc_wait how)
{
	return mdc_lock_request(lk, mode, lk->flags | DLM_LKF_CONVERT, how);
}

/**
 * mdc_lock_try() - convert a lock to @mode only if that needs no waiting
 * @lk: lock
 * @mode: DLM_LOCK_* mode
 *
 * Return: 0 when granted, -EAGAIN when another node holds a conflicting
 * mode, or another negative errno.
 */
int mdc_lock_try(struct mdc_lock *lk, int mode)
{
	return mdc_lock_request(lk, mode,
				lk->flags | DLM_LKF_CONVERT | DLM_LKF_NOQUEUE,
				MDC_WAIT_DLM);
}

/**
 * mdc_lock_drop() - drop a lock to NL, keeping the resource and its LVB
 * @lk: lock
 *
 * Return: 0 or a negative errno.
 */
int mdc_lock_drop(struct mdc_lock *lk)
{
	return mdc_lock_convert(lk, DLM_LOCK_NL, MDC_WAIT_DLM);
}

/**
 * mdc_lock_destroy() - release a lock for good and free it
 * @lkp: lock pointer; may point to NULL; set to NULL
 *
 * Force-unlocks whatever state the lock is in (granted, converting or
 * waiting).  The memory is freed only once DLM has confirmed the release
 * and no earlier request can still call back: a broken lock's lost AST may
 * arrive at any time, and would otherwise be taken for the confirmation
 * and then write into freed memory.  Such a lock is leaked on purpose, and
 * marked released so that its callbacks touch nothing else.
 */
void mdc_lock_destroy(struct mdc_lock **lkp)
{
	struct mdc_lock *lk = *lkp;
	int err;

	if (!lk)
		return;
	*lkp = NULL;

	WRITE_ONCE(lk->released, true);
	reinit_completion(&lk->ast);
	err = dlm_unlock(lk->mc->ls, lk->lksb.sb_lkid, DLM_LKF_FORCEUNLOCK,
			 &lk->lksb, lk);
	if (err) {
		mdc_err(lk->mc, "cannot release lock %s: %d\n", lk->name, err);
		return;
	}
	if (lk->broken) {
		mdc_warn(lk->mc, "lock %s lost an AST earlier; released but not freed\n", lk->name);
		return;
	}
	if (!wait_for_completion_timeout(&lk->ast, MDC_DLM_TIMEOUT)) {
		mdc_err(lk->mc, "release of lock %s not confirmed\n", lk->name);
		return;
	}
	kfree(lk);
}
