// SPDX-License-Identifier: GPL-2.0
/*
 * What a received message means: the one table of receive rules, indexed
 * by message type, and the judging of each message against it.
 *
 * A message is first checked against what this node knows (wire.c's
 * mdc_msg_check()); then its type's row says what its handler needs and
 * the handler's verdict says whether it was applied.  MDC_RX_QUIESCE marks
 * handlers that may quiesce the array, which waits for a resync barrier
 * that our own sync thread may hold while it waits to send (see channel.c:
 * such a sender gives up); resync.c's mdc_quiesce() warns when the receive
 * thread quiesces without it, and KUnit (md_cluster_receive) runs the
 * handlers to hold the table to that.  MDC_RX_RECONFIG handlers run with
 * reconfig_mutex, taken here or lent by a holder parked in the channel
 * code; a ->prepare step, if any, runs before that, for DLM waits that must
 * not be made holding md's mutex.  Every refusal is counted and logged here,
 * once.  Adding a message type is one row; channel.c names no handler.
 */

#include <linux/ratelimit.h>
#include <linux/timekeeping.h>

#include "internal.h"
#include "trace.h"

/* What a message type's handler needs before it runs. */
#define MDC_RX_QUIESCE	BIT(0)	/* may quiesce the array */
#define MDC_RX_RECONFIG	BIT(1)	/* runs under reconfig_mutex */

struct mdc_rx_rule {
	mdc_rx_fn prepare;	/* optional, before reconfig_mutex */
	mdc_rx_fn apply;
	unsigned int needs;
};

static const struct mdc_rx_rule mdc_rx_rules[MDC_MSG_NR] = {
	[MDC_MSG_METADATA_UPDATED] = {
		.prepare = mdc_rx_metadata_prepare,
		.apply = mdc_rx_metadata_updated,
		.needs = MDC_RX_QUIESCE | MDC_RX_RECONFIG,
	},
	/* installing or lifting a window quiesces */
	[MDC_MSG_RESYNCING] = {
		.apply = mdc_rx_resyncing,
		.needs = MDC_RX_QUIESCE,
	},
	[MDC_MSG_NEWDISK]		= { .apply = mdc_rx_newdisk },
	/* may leave read-auto, so that md lets go of the device */
	[MDC_MSG_REMOVE] = {
		.prepare = mdc_rx_remove_prepare,
		.apply = mdc_rx_remove,
		.needs = MDC_RX_RECONFIG,
	},
	[MDC_MSG_RE_ADD]		= { .apply = mdc_rx_re_add },
	[MDC_MSG_BITMAP_NEEDS_SYNC]	= { .apply = mdc_rx_needs_sync },
	[MDC_MSG_CHANGE_CAPACITY]	= { .apply = mdc_rx_change_capacity },
	[MDC_MSG_BITMAP_RESIZE] = {
		.apply = mdc_rx_bitmap_resize,
		.needs = MDC_RX_QUIESCE | MDC_RX_RECONFIG,
	},
	[MDC_MSG_RESYNCING_START]	= { .apply = mdc_rx_resyncing_start },
};

/**
 * mdc_view_fill() - what a received message is judged against
 * @mc: the array
 * @view: filled in
 */
void mdc_view_fill(struct mdc_cluster *mc, struct mdc_view *view)
{
	struct mddev *mddev = mc->mddev;
	struct md_rdev *rdev;
	u64 total = 0;

	view->nodes = mc->nodes;
	view->my_slot = mc->slot;
	rcu_read_lock();
	rdev_for_each_rcu(rdev, mddev)
		total += rdev->sectors;
	rcu_read_unlock();
	view->max_sectors = total;
	/* raid10 widens its window to a stripe, plus one chunk */
	view->window_slack = max_t(u64, MDC_WINDOW_SECTORS,
				   (u64)(mddev->raid_disks + 1) *
				   mddev->chunk_sectors);
}

static void mdc_refuse(struct mdc_cluster *mc, const struct mdc_msg *msg,
		       enum mdc_reject why)
{
	atomic64_inc(&mc->stats.rx_rejected);
	mdc_warn_ratelimited(mc, "refused message type %u (%s) from slot %u: %s [low %llu high %llu raid_slot %u]\n",
			     msg->type, mdc_msg_name(msg->type), msg->slot,
			     mdc_reject_name(why), msg->low, msg->high,
			     msg->raid_slot);
}

/* Run a rule's handler; the array may be stopping under us. */
static enum mdc_reject mdc_rx_run(struct mdc_cluster *mc,
				  const struct mdc_rx_rule *rule,
				  const struct mdc_msg *msg)
{
	enum mdc_reject why;
	int how;

	if (rule->prepare) {
		why = rule->prepare(mc, msg);
		if (why)
			return why;
	}
	if (!(rule->needs & MDC_RX_RECONFIG))
		return rule->apply(mc, msg);

	how = mdc_reconfig_enter(mc);
	if (how < 0) {
		mdc_warn(mc, "stopping; %s from slot %u not applied\n",
			 mdc_msg_name(msg->type), msg->slot);
		return MDC_ACCEPT;
	}
	why = rule->apply(mc, msg);
	mdc_reconfig_exit(mc, how);
	return why;
}

/**
 * mdc_receive() - judge a received message and apply it
 * @mc: the array; called by the receive thread under message CR
 * @msg: the message as decoded from the LVB, untrusted
 *
 * Whatever the verdict, the caller acknowledges the message.
 */
void mdc_receive(struct mdc_cluster *mc, const struct mdc_msg *msg)
{
	const struct mdc_rx_rule *rule;
	struct mdc_view view;
	enum mdc_reject why;

	mdc_count_type(mc->stats.rx, msg->type);
	atomic64_set(&mc->stats.last_rx_ns, ktime_get_boottime_ns());
	mdc_view_fill(mc, &view);
	why = mdc_msg_check(msg, &view);
	trace_mdc_msg_received(mc, msg, why);
	if (why) {
		mdc_refuse(mc, msg, why);
		return;
	}

	rule = &mdc_rx_rules[msg->type];
	/* a type appended to wire.h before its row here is still unknown */
	if (!rule->apply) {
		mdc_refuse(mc, msg, MDC_REJ_TYPE);
		return;
	}
	if (rule->needs & MDC_RX_QUIESCE) {
		set_bit(MDC_F_RECV_IN_MD, &mc->flags);
		wake_up(&mc->chan_wq);
	}
	why = mdc_rx_run(mc, rule, msg);
	clear_bit(MDC_F_RECV_IN_MD, &mc->flags);
	if (why)
		mdc_refuse(mc, msg, why);
}
