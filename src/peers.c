// SPDX-License-Identifier: GPL-2.0
/*
 * Who speaks what, found out from DLM (the decision is in kinds.c).
 *
 * Owns this node's advertisement, the "peers" module parameter, and the
 * kinds and verdict shown in sysfs.  A node of ours takes "mdc-peerNNNN"
 * (NNNN its bitmap slot) EX, writes its version and capability bits into
 * the value block and converts to PW, which publishes them; it holds PW
 * until it leaves, and DLM drops it when the node dies.  Another node
 * asks for PR without queueing: granted means nobody holds the
 * advertisement, refused means its owner is alive, and a CR (compatible
 * with PW) then reads what it advertised.  Probers never refuse each
 * other, since PR and CR are compatible with both.  The stock modules
 * never take these resources.  A slot without an advertisement is a stock
 * node, known to speak current messages only once it has sent
 * RESYNCING_START since it joined, and otherwise taken for Linux 6.1.
 */

#include <linux/moduleparam.h>
#include <linux/slab.h>

#include "internal.h"

/*
 * A node of ours joins the lockspace before it can take its advertisement,
 * so the members see it for a moment without one.  After a membership
 * change, a slot found without one is looked at again this often, so many
 * times, before it stays "unknown".
 */
#define MDC_PEERS_RECHECK_DELAY	HZ
#define MDC_PEERS_RECHECKS	10

static int peers_mode = MDC_PEERS_AUTO;

static int mdc_peers_param_set(const char *val, const struct kernel_param *kp)
{
	int mode = mdc_peers_mode_parse(val);

	if (mode < 0)
		return mode;
	WRITE_ONCE(peers_mode, mode);
	return 0;
}

static int mdc_peers_param_get(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%s\n", mdc_peers_mode_name(READ_ONCE(peers_mode)));
}

static const struct kernel_param_ops mdc_peers_param_ops = {
	.set = mdc_peers_param_set,
	.get = mdc_peers_param_get,
};
module_param_cb(peers, &mdc_peers_param_ops, NULL, 0644);
MODULE_PARM_DESC(peers,
		 "Which messages peers are sent: auto (find out, default), legacy (never RESYNCING_START, for Linux 6.1 peers), current (always)");

/*
 * Deprecated: the boolean of earlier releases, kept for one release.  Set,
 * it wins over peers=, as it did before "auto" existed.
 */
static bool legacy_peers;
module_param(legacy_peers, bool, 0644);
MODULE_PARM_DESC(legacy_peers,
		 "Deprecated, use peers=legacy: never send RESYNCING_START (message 8)");

/**
 * mdc_peers_mode_now() - the administrator's setting in force
 *
 * Return: MDC_PEERS_LEGACY while the deprecated legacy_peers is set, else
 * the "peers" parameter.
 */
enum mdc_peers_mode mdc_peers_mode_now(void)
{
	if (READ_ONCE(legacy_peers))
		return MDC_PEERS_LEGACY;
	return READ_ONCE(peers_mode);
}

/**
 * mdc_peers_open() - advertise this node and prepare to probe the others
 * @mc: the array; its slot is known, the lockspace exists
 *
 * A node that cannot advertise itself still works: its peers take it for
 * Linux 6.1 and withhold RESYNCING_START from the whole array.
 *
 * Return: 0, or -ENOMEM.
 */
int mdc_peers_open(struct mdc_cluster *mc)
{
	char name[MDC_LOCK_NAME_LEN];
	int err;

	mc->peers = kcalloc(mc->nodes, sizeof(*mc->peers), GFP_KERNEL);
	mc->peer_locks = kcalloc(mc->nodes, sizeof(*mc->peer_locks),
				 GFP_KERNEL);
	if (!mc->peers || !mc->peer_locks) {
		kfree(mc->peers);
		kfree(mc->peer_locks);
		mc->peers = NULL;
		mc->peer_locks = NULL;
		return -ENOMEM;
	}

	err = mdc_advert_lock_name(name, sizeof(name), mc->slot);
	if (!err)
		err = mdc_lock_create(mc, name, true, NULL, &mc->advert);
	if (!err)
		err = mdc_lock_convert(mc->advert, DLM_LOCK_EX, MDC_WAIT_DLM);
	if (!err) {
		mdc_advert_encode(MDC_ADVERT_VERSION, MDC_CAPS_OURS,
				  mc->advert->lvb);
		/* EX to PW writes the value block and lets CR readers in */
		err = mdc_lock_convert(mc->advert, DLM_LOCK_PW, MDC_WAIT_DLM);
	}
	if (err) {
		mdc_warn(mc, "cannot advertise this node (%d): peers of ours take it for Linux 6.1\n",
			 err);
		mdc_lock_destroy(&mc->advert);
	}

	spin_lock(&mc->alive_lock);
	mc->peers_open = true;
	mc->peers_rechecks = MDC_PEERS_RECHECKS;
	spin_unlock(&mc->alive_lock);
	mod_delayed_work(system_long_wq, &mc->peers_work, 0);
	return 0;
}

/**
 * mdc_peers_close() - stop probing and withdraw the advertisement
 * @mc: the array, leaving
 */
void mdc_peers_close(struct mdc_cluster *mc)
{
	int i;

	spin_lock(&mc->alive_lock);
	mc->peers_open = false;
	spin_unlock(&mc->alive_lock);
	cancel_delayed_work_sync(&mc->peers_work);
	if (mc->peer_locks)
		for (i = 0; i < mc->nodes; i++)
			mdc_lock_destroy(&mc->peer_locks[i]);
	mdc_lock_destroy(&mc->advert);
	kfree(mc->peer_locks);
	kfree(mc->peers);
	mc->peer_locks = NULL;
	mc->peers = NULL;
}

/**
 * mdc_peers_changed() - membership or a peer's kind changed: look again
 * @mc: the array
 *
 * Callable from DLM callbacks and the receive thread: does not sleep.
 */
void mdc_peers_changed(struct mdc_cluster *mc)
{
	spin_lock(&mc->alive_lock);
	if (mc->peers_open) {
		mc->peers_rechecks = MDC_PEERS_RECHECKS;
		mod_delayed_work(system_long_wq, &mc->peers_work, 0);
	}
	spin_unlock(&mc->alive_lock);
}

/**
 * mdc_peers_heard_start() - a peer sent RESYNCING_START
 * @mc: the array
 * @slot: its sender slot, as validated by the receive table
 *
 * Only a node that knows message 8 sends it, so that node's incarnation
 * may be sent one too.  Forgotten when DLM reports the slot gone.
 */
void mdc_peers_heard_start(struct mdc_cluster *mc, int slot)
{
	bool fresh = false;

	spin_lock(&mc->alive_lock);
	if (test_bit(slot, mc->alive.bits) &&
	    !test_bit(slot, mc->speaks_start.bits)) {
		set_bit(slot, mc->speaks_start.bits);
		fresh = true;
	}
	spin_unlock(&mc->alive_lock);
	if (fresh)
		mdc_peers_changed(mc);
}

/*
 * Look at one other alive slot.  Anything DLM cannot tell us leaves it
 * unknown, which withholds RESYNCING_START: never the other way round.
 */
static void mdc_peer_probe(struct mdc_cluster *mc, int slot, bool spoke_start,
			   struct mdc_peer *p)
{
	struct mdc_lock **lkp = &mc->peer_locks[slot];
	char name[MDC_LOCK_NAME_LEN];
	int err;

	p->kind = spoke_start ? MDC_KIND_STOCK : MDC_KIND_UNKNOWN;
	p->version = 0;
	p->caps = 0;
	if (!*lkp) {
		if (mdc_advert_lock_name(name, sizeof(name), slot) ||
		    mdc_lock_create(mc, name, true, NULL, lkp))
			return;
	}
	err = mdc_lock_try(*lkp, DLM_LOCK_PR);
	if (!err) {
		/* nobody holds PW: no node of ours owns the slot */
		if (mdc_lock_drop(*lkp))
			mdc_lock_destroy(lkp);
		return;
	}
	if (err != -EAGAIN)
		return;
	p->kind = MDC_KIND_OURS;
	/* refused CR too: the owner still writes its value block (EX) */
	if (mdc_lock_try(*lkp, DLM_LOCK_CR))
		return;
	if (mdc_advert_decode((*lkp)->lvb, &p->version, &p->caps)) {
		p->version = 0;
		p->caps = 0;
	}
	if (mdc_lock_drop(*lkp))
		mdc_lock_destroy(lkp);
}

static void mdc_verdict_log(struct mdc_cluster *mc,
			    const struct mdc_peer_verdict *old,
			    const struct mdc_peer_verdict *v,
			    enum mdc_peers_mode mode)
{
	if (old && old->announce_start == v->announce_start &&
	    old->held_by == v->held_by && old->caps == v->caps)
		return;
	if (mode != MDC_PEERS_AUTO)
		mdc_info(mc, "peers=%s: the start of a sync is %s\n",
			 mdc_peers_mode_name(mode),
			 v->announce_start ? "announced" : "not announced");
	else if (v->held_by == MDC_HELD_BY_JOIN)
		mdc_info(mc, "lockspace membership is changing: the start of a sync is not announced until it is known\n");
	else if (v->held_by >= 0)
		mdc_info(mc, "slot %d may run Linux 6.1: the start of a sync is not announced\n",
			 v->held_by);
	else
		mdc_info(mc, "every alive node knows RESYNCING_START: the start of a sync is announced (extensions 0x%llx)\n",
			 (unsigned long long)v->caps);
}

/*
 * Refresh every alive slot's kind and decide.  The membership snapshot and
 * the "changing" flag are read under alive_lock in one go, after which a
 * recovery that begins is seen by the next refresh.
 */
static void mdc_peers_refresh(struct mdc_cluster *mc,
			      struct mdc_peer_verdict *out)
{
	enum mdc_peers_mode mode = mdc_peers_mode_now();
	struct mdc_slot_map alive, spoke;
	struct mdc_peer_verdict v;
	bool changing;
	int i;

	mutex_lock(&mc->peers_mutex);
	spin_lock(&mc->alive_lock);
	alive = mc->alive;
	spoke = mc->speaks_start;
	changing = test_bit(MDC_F_MEMBERS_CHANGING, &mc->flags);
	spin_unlock(&mc->alive_lock);

	for (i = 0; i < mc->nodes; i++) {
		struct mdc_peer *p = &mc->peers[i];

		if (i == mc->slot) {
			p->kind = MDC_KIND_SELF;
			p->version = MDC_ADVERT_VERSION;
			p->caps = MDC_CAPS_OURS;
		} else if (!test_bit(i, alive.bits)) {
			p->kind = MDC_KIND_ABSENT;
			p->version = 0;
			p->caps = 0;
		} else {
			mdc_peer_probe(mc, i, test_bit(i, spoke.bits), p);
		}
	}
	mdc_peers_decide(mc->peers, mc->nodes, changing, mode, &v);
	mdc_verdict_log(mc, mc->verdict_known ? &mc->verdict : NULL, &v, mode);
	mc->verdict = v;
	mc->verdict_known = true;
	mutex_unlock(&mc->peers_mutex);
	if (out)
		*out = v;
}

/**
 * mdc_peers_work() - refresh the kinds after a change, for sysfs and log
 * @work: mc->peers_work
 *
 * While a slot keeps the verdict legacy, looks again a few times: a node
 * of ours that just joined advertises itself a moment later.
 */
void mdc_peers_work(struct work_struct *work)
{
	struct mdc_cluster *mc = container_of(to_delayed_work(work),
					      struct mdc_cluster, peers_work);
	struct mdc_peer_verdict v;

	if (test_bit(MDC_F_STOPPING, &mc->flags))
		return;
	mdc_peers_refresh(mc, &v);
	if (v.held_by == -1)
		return;
	spin_lock(&mc->alive_lock);
	if (mc->peers_open && mc->peers_rechecks) {
		mc->peers_rechecks--;
		queue_delayed_work(system_long_wq, &mc->peers_work,
				   MDC_PEERS_RECHECK_DELAY);
	}
	spin_unlock(&mc->alive_lock);
}

/**
 * mdc_peers_announce_start() - may RESYNCING_START be sent now?
 * @mc: the array; the caller holds the channel (token EX)
 *
 * Decided under the token, which closes the race with a joiner: every
 * node, stock or ours, takes the token EX around its first "ack" CR, so a
 * node that can receive our message joined before we took the token.  DLM
 * ran recover_prep here before that join could end, so it is either in
 * the membership recover_done reported or still "changing", and a
 * changing membership withholds the message.  Advertisements are probed
 * now, under the token, so none is stale.
 *
 * Return: true to send.
 */
bool mdc_peers_announce_start(struct mdc_cluster *mc)
{
	struct mdc_peer_verdict v;

	lockdep_assert_held(&mc->recv_mutex);
	mdc_peers_refresh(mc, &v);
	return v.announce_start;
}

/**
 * mdc_peers_expect_start() - will a peer's added disk be announced?
 * @mc: the array
 *
 * From the last decision: an adder that sees what we see announces the
 * start of its recovery.  If it does not after all, the disk stays a spare
 * here until the adder's recovery ends, as on a stock 6.12 node.
 *
 * Return: true to wait for the adder's RESYNCING_START.
 */
bool mdc_peers_expect_start(struct mdc_cluster *mc)
{
	bool expect;

	mutex_lock(&mc->peers_mutex);
	expect = mc->verdict_known && mc->verdict.announce_start;
	mutex_unlock(&mc->peers_mutex);
	return expect;
}

/**
 * mdc_peers_caps() - extensions every alive node of the array has
 * @mc: the array
 *
 * Return: the capability bits of the last decision, 0 when a stock or
 * unknown node is alive.
 */
u64 mdc_peers_caps(struct mdc_cluster *mc)
{
	u64 caps;

	mutex_lock(&mc->peers_mutex);
	caps = mc->verdict_known ? mc->verdict.caps : 0;
	mutex_unlock(&mc->peers_mutex);
	return caps;
}

/**
 * mdc_peers_show() - sysfs "cluster/peers"
 * @mc: the array
 * @buf: output
 * @len: size of @buf
 *
 * Return: characters written.
 */
int mdc_peers_show(struct mdc_cluster *mc, char *buf, size_t len)
{
	int n = 0;

	mutex_lock(&mc->peers_mutex);
	if (mc->verdict_known)
		n = mdc_peers_format(mc->peers, mc->nodes, buf, len);
	mutex_unlock(&mc->peers_mutex);
	return n;
}

/**
 * mdc_peers_mode_show() - sysfs "cluster/peers_mode"
 * @mc: the array
 * @buf: output
 * @len: size of @buf
 *
 * "auto current": the setting, then what is in force (current: the start
 * of a sync is announced; legacy: it is not).
 *
 * Return: characters written.
 */
int mdc_peers_mode_show(struct mdc_cluster *mc, char *buf, size_t len)
{
	enum mdc_peers_mode mode = mdc_peers_mode_now();
	bool announce = mode == MDC_PEERS_CURRENT;

	if (mode == MDC_PEERS_AUTO)
		announce = mdc_peers_expect_start(mc);
	return scnprintf(buf, len, "%s %s\n", mdc_peers_mode_name(mode),
			 announce ? "current" : "legacy");
}
