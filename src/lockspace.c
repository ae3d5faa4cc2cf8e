// SPDX-License-Identifier: GPL-2.0
/*
 * Joining and leaving the cluster: the per-array state's lifetime, the DLM
 * lockspace, and the order in which the other parts are started and
 * stopped.
 *
 * dlm_new_lockspace() waits without a bound for dlm_controld to admit us
 * (it returns -EUNATCH at once only when the daemon never configured this
 * node), holding DLM's global lockspace mutex all along, which
 * dlm_release_lockspace() needs too.  Both therefore run in a helper
 * thread that holds its own reference on the state; join() and leave()
 * wait for it with a bound and, on timeout, abandon it (struct
 * mdc_ls_call).  The lockspace callbacks (recovery.c) only touch the
 * state, never mddev, until the join has completed.
 */

#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/uuid.h>

#include "internal.h"

/*
 * After a grace period: raid1d may still be in area_resyncing() when
 * leave() detaches us, because md's __md_stop() destroys the bitmap (which
 * calls leave()) before mddev_detach() stops that thread.
 */
static void mdc_cluster_free(struct kref *ref)
{
	kfree_rcu(container_of(ref, struct mdc_cluster, ref), rcu);
}

/**
 * mdc_cluster_put() - drop a reference on the per-array state
 * @mc: state
 */
void mdc_cluster_put(struct mdc_cluster *mc)
{
	kref_put(&mc->ref, mdc_cluster_free);
}

/**
 * mdc_cluster_alloc() - allocate and initialise the per-array state
 * @mddev: the array
 * @nodes: bitmap slots of the array
 *
 * Every field starts here, so that the KUnit fixtures get what the
 * module gets.  Nothing is attached to @mddev.
 *
 * Return: the state with one reference, or NULL.
 */
struct mdc_cluster *mdc_cluster_alloc(struct mddev *mddev, int nodes)
{
	struct mdc_cluster *mc;

	mc = kzalloc(sizeof(*mc), GFP_KERNEL);
	if (!mc)
		return NULL;
	kref_init(&mc->ref);
	mc->mddev = mddev;
	strscpy(mc->name, mdname(mddev), sizeof(mc->name));
	mc->nodes = nodes;
	mc->slot = -1;
	init_completion(&mc->slot_known);
	mutex_init(&mc->recv_mutex);
	INIT_DELAYED_WORK(&mc->handover_expiry, mdc_handover_expire);
	init_waitqueue_head(&mc->chan_wq);
	init_waitqueue_head(&mc->recv_wq);
	spin_lock_init(&mc->lend_lock);
	init_waitqueue_head(&mc->lend_wq);
	mutex_init(&mc->window_mutex);
	mutex_init(&mc->resync_mutex);
	seqlock_init(&mc->window_lock);
	mdc_window_clear(&mc->window);
	mc->sync_from = -1;
	mc->sync_redo_from = MaxSector;
	INIT_DELAYED_WORK(&mc->lift_retry, mdc_lift_retry);
	mdc_slot_map_init(&mc->recover);
	mdc_slot_map_init(&mc->leaving);
	init_waitqueue_head(&mc->recovery_wq);
	mc->recovering = -1;
	spin_lock_init(&mc->alive_lock);
	mdc_slot_map_init(&mc->alive);
	mutex_init(&mc->peers_mutex);
	INIT_DELAYED_WORK(&mc->peers_work, mdc_peers_work);
	mdc_slot_map_init(&mc->speaks_start);
	mdc_membership_init(mc);
	return mc;
}

/*
 * One dlm_new_lockspace() or dlm_release_lockspace() call, run by a helper
 * thread that its caller waits for with a bound.  A caller that gives up
 * abandons the call: the helper then finishes on its own (releasing a
 * lockspace it got too late), and until it has, the call stays on
 * mdc_limbo, so that no new join of the same array can meet the old
 * lockspace: DLM would hand it over, callbacks and all.
 */
struct mdc_ls_call {
	struct list_head limbo;		/* on mdc_limbo while abandoned */
	struct completion done;
	struct mdc_cluster *mc;		/* a reference, held by the helper */
	dlm_lockspace_t *ls;		/* to release, or the one created */
	bool create;
	bool abandoned;			/* under mdc_limbo_lock */
	int err;
	unsigned long started;		/* jiffies */
	char uuid[MDC_LS_NAME_LEN];
	char cluster[MDC_CLUSTER_NAME_LEN];
};

static LIST_HEAD(mdc_limbo);
static DEFINE_SPINLOCK(mdc_limbo_lock);

static int mdc_ls_thread(void *arg)
{
	struct mdc_ls_call *call = arg;
	struct mdc_cluster *mc = call->mc;
	dlm_lockspace_t *ls = call->ls;
	int ops_rv = 0;
	bool abandoned;
	int err;

	if (call->create) {
		err = dlm_new_lockspace(call->uuid, call->cluster,
					DLM_LSFL_SOFTIRQ, MDC_LVB_LEN,
					&mdc_ls_ops, mc, &ops_rv, &ls);
		if (!err && ops_rv) {
			/* DLM would not call our recovery ops: useless to md */
			dlm_release_lockspace(ls, DLM_RELEASE_NORMAL);
			err = -EOPNOTSUPP;
		}
	} else {
		err = dlm_release_lockspace(ls, DLM_RELEASE_NORMAL);
	}

	spin_lock(&mdc_limbo_lock);
	abandoned = call->abandoned;
	if (!abandoned) {
		call->err = err;
		call->ls = err ? NULL : ls;
		complete(&call->done);
	}
	spin_unlock(&mdc_limbo_lock);

	if (abandoned) {
		if (call->create && !err) {
			mdc_warn(mc, "lockspace %s joined after join() gave up; leaving it\n",
				 call->uuid);
			dlm_release_lockspace(ls, DLM_RELEASE_NORMAL);
		} else if (!call->create) {
			mdc_info(mc, "lockspace %s released at last (%d)\n", call->uuid, err);
		}
		spin_lock(&mdc_limbo_lock);
		list_del(&call->limbo);
		spin_unlock(&mdc_limbo_lock);
		kfree(call);
	}
	mdc_cluster_put(mc);
	module_put_and_kthread_exit(0);
}

static bool mdc_ls_in_limbo(const char *uuid)
{
	struct mdc_ls_call *call;
	bool found = false;

	spin_lock(&mdc_limbo_lock);
	list_for_each_entry(call, &mdc_limbo, limbo)
		found |= !strcmp(call->uuid, uuid);
	spin_unlock(&mdc_limbo_lock);
	return found;
}

/*
 * Run @call in a helper and wait for it at most @timeout.  Return: the
 * call's result, or -ETIMEDOUT with the call abandoned (and freed by the
 * helper).  @call is freed here otherwise.
 */
static int mdc_ls_run(struct mdc_ls_call *call, unsigned long timeout)
{
	struct mdc_cluster *mc = call->mc;
	struct task_struct *t;
	bool abandoned = false;
	int err;

	init_completion(&call->done);
	kref_get(&mc->ref);
	__module_get(THIS_MODULE);
	t = kthread_run(mdc_ls_thread, call, "%s_cluster_%s", mc->name,
			call->create ? "join" : "leave");
	if (IS_ERR(t)) {
		module_put(THIS_MODULE);
		mdc_cluster_put(mc);
		kfree(call);
		return PTR_ERR(t);
	}
	/* one-second slices: no hung-task report while DLM takes its time */
	while (!wait_for_completion_timeout(&call->done, MDC_POLL_SLICE)) {
		if (!time_after(jiffies, call->started + timeout))
			continue;
		spin_lock(&mdc_limbo_lock);
		abandoned = !completion_done(&call->done);
		if (abandoned) {
			call->abandoned = true;
			list_add(&call->limbo, &mdc_limbo);
		}
		spin_unlock(&mdc_limbo_lock);
		break;
	}
	if (abandoned)
		return -ETIMEDOUT;
	err = call->err;
	if (call->create && !err)
		mc->ls = call->ls;
	kfree(call);
	return err;
}

static struct mdc_ls_call *mdc_ls_call_alloc(struct mdc_cluster *mc,
					     bool create)
{
	struct mdc_ls_call *call;

	call = kzalloc(sizeof(*call), GFP_KERNEL);
	if (!call)
		return NULL;
	call->mc = mc;
	call->create = create;
	call->started = jiffies;
	snprintf(call->uuid, sizeof(call->uuid), "%pU", mc->mddev->uuid);
	strscpy(call->cluster, mc->mddev->bitmap_info.cluster_name,
		sizeof(call->cluster));
	return call;
}

/* dlm_new_lockspace() with a bound; see struct mdc_ls_call. */
static int mdc_ls_create(struct mdc_cluster *mc)
{
	struct mddev *mddev = mc->mddev;
	struct mdc_ls_call *call;
	int err;

	call = mdc_ls_call_alloc(mc, true);
	if (!call)
		return -ENOMEM;
	if (mdc_ls_in_limbo(call->uuid)) {
		mdc_err(mc, "an earlier join or leave of lockspace %s still waits for DLM; try again later\n",
			call->uuid);
		kfree(call);
		return -EBUSY;
	}
	err = mdc_ls_run(call, MDC_JOIN_TIMEOUT);
	/*
	 * EUNATCH: dlm_controld never configured the DLM.  ENOTCONN: it did,
	 * then exited and took the node's addresses with it.
	 */
	if (err == -ETIMEDOUT)
		mdc_err(mc, "dlm_controld did not admit us to the lockspace within %d s; is the cluster stack (corosync, dlm_controld) running and quorate?\n",
			MDC_JOIN_TIMEOUT / HZ);
	else if (err == -EUNATCH || err == -ENOTCONN)
		mdc_err(mc, "dlm_controld is not running; cannot join the cluster (%d)\n", err);
	else if (err)
		mdc_err(mc, "cannot join lockspace %pU: %d\n", mddev->uuid, err);
	return err;
}

/*
 * dlm_release_lockspace() with a bound: it takes DLM's global lockspace
 * mutex, which a join still waiting for dlm_controld (on any array) holds.
 */
static void mdc_ls_release(struct mdc_cluster *mc)
{
	struct mdc_ls_call *call;
	int err;

	call = mdc_ls_call_alloc(mc, false);
	if (!call) {
		dlm_release_lockspace(mc->ls, DLM_RELEASE_NORMAL);
		goto out;
	}
	call->ls = mc->ls;
	err = mdc_ls_run(call, MDC_LEAVE_TIMEOUT);
	if (err == -ETIMEDOUT)
		mdc_warn(mc, "DLM did not release the lockspace within %d s (another join may hold its lockspace mutex); it goes when DLM lets it\n",
			 MDC_LEAVE_TIMEOUT / HZ);
	else if (err)
		mdc_warn(mc, "cannot release the lockspace: %d\n", err);
out:
	mc->ls = NULL;
}

/**
 * mdc_join() - md_cluster_operations.join
 * @mddev: the array, reconfig_mutex held, bitmap being read
 * @nodes: bitmap slots of the array
 *
 * Return: 0 with the array joined, or a negative errno with nothing left.
 */
int mdc_join(struct mddev *mddev, int nodes)
{
	struct mdc_cluster *mc;
	int err;

	if (nodes < 1 || nodes > MDC_MAX_SLOTS) {
		pr_err("md-cluster %s: %d bitmap slots is outside 1..%d\n",
		       mdname(mddev), nodes, MDC_MAX_SLOTS);
		return -EINVAL;
	}
	mc = mdc_cluster_alloc(mddev, nodes);
	if (!mc)
		return -ENOMEM;

	err = mdc_ls_create(mc);
	if (err)
		goto out_put;
	if (!wait_for_completion_timeout(&mc->slot_known, MDC_JOIN_TIMEOUT)) {
		mdc_err(mc, "DLM never told us our slot\n");
		err = -ETIMEDOUT;
		goto out_release_ls;
	}
	if (mc->slot < 0) {
		mdc_err(mc, "slot given by DLM exceeds the array's %d slots\n", nodes);
		err = -ERANGE;
		goto out_release_ls;
	}

	/* before "ack" CR: a sender that can reach us may know us already */
	err = mdc_peers_open(mc);
	if (err)
		goto out_release_ls;
	err = mdc_chan_open(mc);
	if (err)
		goto out_peers_close;
	err = mdc_recv_start(mc);
	if (err)
		goto out_chan_close;
	err = mdc_resync_open(mc);
	if (err)
		goto out_recv_stop;
	err = mdc_recovery_start(mc);
	if (err)
		goto out_resync_close;

	mdc_attach(mddev, mc);
	mdc_inject_add(mc);
	mdc_sysfs_add(mc);
	mdc_info(mc, "joined lockspace %pU as slot %d of %d (version %s)\n",
		 mddev->uuid, mc->slot, nodes, MDC_VERSION);
	return 0;

out_resync_close:
	mdc_resync_close(mc);
out_recv_stop:
	set_bit(MDC_F_STOPPING, &mc->flags);
	mdc_recv_stop(mc);
out_chan_close:
	mdc_chan_close(mc);
out_peers_close:
	mdc_peers_close(mc);
out_release_ls:
	mdc_ls_release(mc);
out_put:
	mdc_cluster_put(mc);
	return err;
}

/**
 * mdc_leave() - md_cluster_operations.leave
 * @mddev: the array, reconfig_mutex held; its bitmap is already detached
 *
 * Return: 0.
 */
int mdc_leave(struct mddev *mddev)
{
	struct mdc_cluster *mc = mdc_of(mddev);
	struct mdc_msg msg = { .type = MDC_MSG_BITMAP_NEEDS_SYNC };

	if (!mc)
		return 0;

	/*
	 * Dirty bits in our bitmap (or an interrupted reshape) would otherwise
	 * wait until we come back: ask a peer to take them over now.
	 */
	if (mdc_resync_offset(mddev) != MaxSector ||
	    (test_bit(MD_CLOSING, &mddev->flags) &&
	     mddev->reshape_position != MaxSector))
		mdc_send(mc, &msg, true);

	set_bit(MDC_F_STOPPING, &mc->flags);
	cancel_delayed_work_sync(&mc->lift_retry);
	mdc_sysfs_del(mc);
	mdc_inject_del(mc);
	mdc_recovery_stop(mc);
	mdc_recv_stop(mc);
	mdc_attach(mddev, NULL);
	mdc_membership_close(mc);
	mdc_resync_close(mc);
	mdc_chan_close(mc);
	mdc_peers_close(mc);
	mdc_ls_release(mc);
	mdc_info(mc, "left the cluster\n");
	mdc_cluster_put(mc);
	return 0;
}

/**
 * mdc_slot_number() - md_cluster_operations.slot_number
 * @mddev: the array
 *
 * Return: our bitmap slot, counted from 0.
 */
int mdc_slot_number(struct mddev *mddev)
{
	return mdc_of(mddev)->slot;
}
