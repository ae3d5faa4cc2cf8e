// SPDX-License-Identifier: GPL-2.0
/*
 * Joining and leaving the cluster: the per-array state's lifetime, the DLM
 * lockspace, and the order in which the other parts are started and
 * stopped.
 *
 * dlm_new_lockspace() waits without a bound for dlm_controld to admit us
 * (it returns -EUNATCH at once only when the daemon never configured this
 * node).  It therefore runs in a helper thread that holds its own
 * reference on the state; join() waits for it with MDC_JOIN_TIMEOUT and,
 * on timeout, abandons it: the helper then releases whatever lockspace it
 * eventually gets.  The lockspace callbacks (recovery.c) only touch the
 * state, never mddev, until the join has completed.
 */

#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/slab.h>

#include "internal.h"

static void mdc_cluster_free(struct kref *ref)
{
	kfree(container_of(ref, struct mdc_cluster, ref));
}

/**
 * mdc_cluster_put() - drop a reference on the per-array state
 * @mc: state
 */
void mdc_cluster_put(struct mdc_cluster *mc)
{
	kref_put(&mc->ref, mdc_cluster_free);
}

static struct mdc_cluster *mdc_cluster_alloc(struct mddev *mddev, int nodes)
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
	spin_lock_init(&mc->ls_lock);
	init_completion(&mc->ls_created);
	mutex_init(&mc->recv_mutex);
	init_waitqueue_head(&mc->chan_wq);
	init_waitqueue_head(&mc->recv_wq);
	spin_lock_init(&mc->lend_lock);
	init_waitqueue_head(&mc->lend_wq);
	mutex_init(&mc->susp_mutex);
	seqlock_init(&mc->susp_lock);
	mdc_range_clear(&mc->susp);
	mc->sync_from = -1;
	mc->sync_redo_from = MaxSector;
	mdc_slot_map_init(&mc->recover);
	init_waitqueue_head(&mc->recovery_wq);
	mc->recovering = -1;
	spin_lock_init(&mc->alive_lock);
	mdc_slot_map_init(&mc->alive);
	mdc_membership_init(mc);
	return mc;
}

struct mdc_ls_args {
	struct mdc_cluster *mc;
	char uuid[40];
	char cluster[64];
};

static int mdc_ls_thread(void *arg)
{
	struct mdc_ls_args *a = arg;
	struct mdc_cluster *mc = a->mc;
	dlm_lockspace_t *ls = NULL;
	int ops_rv = 0;
	bool abandoned;
	int err;

	err = dlm_new_lockspace(a->uuid, a->cluster, DLM_LSFL_SOFTIRQ,
				MDC_LVB_LEN, &mdc_ls_ops, mc, &ops_rv, &ls);
	if (!err && ops_rv) {
		/* DLM would not call our recovery ops: useless to md */
		dlm_release_lockspace(ls, 2);
		err = -EOPNOTSUPP;
	}

	spin_lock(&mc->ls_lock);
	abandoned = mc->ls_abandoned;
	if (!abandoned) {
		mc->ls = err ? NULL : ls;
		mc->ls_error = err;
		complete(&mc->ls_created);
	}
	spin_unlock(&mc->ls_lock);

	if (abandoned && !err) {
		pr_warn("md-cluster %s: lockspace %s joined after join() gave up; leaving it\n",
			mc->name, a->uuid);
		dlm_release_lockspace(ls, 2);
	}
	kfree(a);
	mdc_cluster_put(mc);
	module_put_and_kthread_exit(0);
}

/* dlm_new_lockspace() with a bound; see the file's header comment. */
static int mdc_ls_create(struct mdc_cluster *mc)
{
	struct mddev *mddev = mc->mddev;
	struct mdc_ls_args *a;
	struct task_struct *t;
	bool abandoned = false;
	int err;

	a = kzalloc(sizeof(*a), GFP_KERNEL);
	if (!a)
		return -ENOMEM;
	a->mc = mc;
	snprintf(a->uuid, sizeof(a->uuid), "%pU", mddev->uuid);
	strscpy(a->cluster, mddev->bitmap_info.cluster_name,
		sizeof(a->cluster));

	kref_get(&mc->ref);
	__module_get(THIS_MODULE);
	t = kthread_run(mdc_ls_thread, a, "%s_cluster_join", mc->name);
	if (IS_ERR(t)) {
		module_put(THIS_MODULE);
		mdc_cluster_put(mc);
		kfree(a);
		return PTR_ERR(t);
	}

	if (!wait_for_completion_timeout(&mc->ls_created, MDC_JOIN_TIMEOUT)) {
		spin_lock(&mc->ls_lock);
		abandoned = !completion_done(&mc->ls_created);
		mc->ls_abandoned = abandoned;
		spin_unlock(&mc->ls_lock);
	}
	if (abandoned) {
		pr_err("md-cluster %s: dlm_controld did not admit us to the lockspace within %d s; is the cluster stack (corosync, dlm_controld) running and quorate?\n",
		       mc->name, MDC_JOIN_TIMEOUT / HZ);
		return -ETIMEDOUT;
	}
	err = mc->ls_error;
	/*
	 * EUNATCH: dlm_controld never configured the DLM.  ENOTCONN: it did,
	 * then exited and took the node's addresses with it.
	 */
	if (err == -EUNATCH || err == -ENOTCONN)
		pr_err("md-cluster %s: dlm_controld is not running; cannot join the cluster (%d)\n",
		       mc->name, err);
	else if (err)
		pr_err("md-cluster %s: cannot join lockspace %pU: %d\n",
		       mc->name, mddev->uuid, err);
	return err;
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
		pr_err("md-cluster %s: DLM never told us our slot\n", mc->name);
		err = -ETIMEDOUT;
		goto out_release_ls;
	}
	if (mc->slot < 0) {
		pr_err("md-cluster %s: slot given by DLM exceeds the array's %d slots\n",
		       mc->name, nodes);
		err = -ERANGE;
		goto out_release_ls;
	}

	err = mdc_chan_open(mc);
	if (err)
		goto out_release_ls;
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
	pr_info("md-cluster %s: joined lockspace %pU as slot %d of %d (version %s)\n",
		mc->name, mddev->uuid, mc->slot, nodes, MDC_VERSION);
	return 0;

out_resync_close:
	mdc_resync_close(mc);
out_recv_stop:
	set_bit(MDC_F_STOPPING, &mc->flags);
	mdc_recv_stop(mc);
out_chan_close:
	mdc_chan_close(mc);
out_release_ls:
	dlm_release_lockspace(mc->ls, 2);
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
	if (mddev->resync_offset != MaxSector ||
	    (test_bit(MD_CLOSING, &mddev->flags) &&
	     mddev->reshape_position != MaxSector))
		mdc_send(mc, &msg, true);

	set_bit(MDC_F_STOPPING, &mc->flags);
	mdc_sysfs_del(mc);
	mdc_inject_del(mc);
	mdc_recovery_stop(mc);
	mdc_recv_stop(mc);
	mdc_attach(mddev, NULL);
	mdc_membership_close(mc);
	mdc_resync_close(mc);
	mdc_chan_close(mc);
	dlm_release_lockspace(mc->ls, 2);
	pr_info("md-cluster %s: left the cluster\n", mc->name);
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
