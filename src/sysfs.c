// SPDX-License-Identifier: GPL-2.0
/*
 * The array's cluster state in sysfs: /sys/block/mdX/md/cluster/ and its
 * stats/ directory, read-only, one value per file (described in
 * Documentation/ABI/testing/sysfs-block-md-cluster).  Owns the "cluster"
 * kobject, a child of mddev->kobj added once join() has succeeded and
 * deleted first thing in leave().  leave() runs under reconfig_mutex and
 * kobject_del() waits for every show() in progress, so no show() here
 * takes an md lock or touches mddev: each reads our own state through its
 * owner's snapshot helpers (atomics, READ_ONCE, the owner's spinlock or
 * seqlock).  The kobject holds a reference on the state, which therefore
 * outlives the last show().
 */

#include <linux/kobject.h>
#include <linux/slab.h>
#include <linux/sysfs.h>
#include <linux/timekeeping.h>

#include "internal.h"

struct mdc_sysfs {
	struct kobject kobj;
	struct mdc_cluster *mc;		/* referenced */
	char lockspace[MDC_LS_NAME_LEN];
	char cluster_name[MDC_CLUSTER_NAME_LEN];
};

static struct mdc_cluster *mdc_kobj_mc(struct kobject *kobj)
{
	return container_of(kobj, struct mdc_sysfs, kobj)->mc;
}

static ssize_t slot_show(struct kobject *kobj, struct kobj_attribute *attr,
			 char *buf)
{
	return sysfs_emit(buf, "%d\n", mdc_kobj_mc(kobj)->slot);
}

static ssize_t slots_show(struct kobject *kobj, struct kobj_attribute *attr,
			  char *buf)
{
	return sysfs_emit(buf, "%d\n", mdc_kobj_mc(kobj)->nodes);
}

static ssize_t lockspace_show(struct kobject *kobj,
			      struct kobj_attribute *attr, char *buf)
{
	struct mdc_sysfs *s = container_of(kobj, struct mdc_sysfs, kobj);

	return sysfs_emit(buf, "%s\n", s->lockspace);
}

static ssize_t cluster_name_show(struct kobject *kobj,
				 struct kobj_attribute *attr, char *buf)
{
	struct mdc_sysfs *s = container_of(kobj, struct mdc_sysfs, kobj);

	return sysfs_emit(buf, "%s\n", s->cluster_name);
}

static ssize_t alive_slots_show(struct kobject *kobj,
				struct kobj_attribute *attr, char *buf)
{
	struct mdc_cluster *mc = mdc_kobj_mc(kobj);
	struct mdc_slot_map alive;

	mdc_alive_copy(mc, &alive);
	return mdc_slot_map_format(&alive, mc->nodes, -1, buf, PAGE_SIZE);
}

static ssize_t suspended_show(struct kobject *kobj,
			      struct kobj_attribute *attr, char *buf)
{
	struct mdc_window r;

	mdc_peer_window_copy(mdc_kobj_mc(kobj), &r);
	return mdc_window_format(&r, buf, PAGE_SIZE);
}

static ssize_t recovery_pending_show(struct kobject *kobj,
				     struct kobj_attribute *attr, char *buf)
{
	struct mdc_cluster *mc = mdc_kobj_mc(kobj);
	struct mdc_slot_map pending;
	int active;

	mdc_recovery_copy(mc, &pending, &active);
	return mdc_slot_map_format(&pending, mc->nodes, active, buf,
				   PAGE_SIZE);
}

static ssize_t recovery_active_show(struct kobject *kobj,
				    struct kobj_attribute *attr, char *buf)
{
	struct mdc_slot_map pending;
	int active;

	mdc_recovery_copy(mdc_kobj_mc(kobj), &pending, &active);
	if (active < 0)
		return sysfs_emit(buf, "none\n");
	return sysfs_emit(buf, "%d\n", active);
}

static ssize_t resync_lock_held_show(struct kobject *kobj,
				     struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%d\n",
			  mdc_resync_lock_held(mdc_kobj_mc(kobj)));
}

static ssize_t peers_show(struct kobject *kobj, struct kobj_attribute *attr,
			  char *buf)
{
	return mdc_peers_show(mdc_kobj_mc(kobj), buf, PAGE_SIZE);
}

static ssize_t peers_mode_show(struct kobject *kobj,
			       struct kobj_attribute *attr, char *buf)
{
	return mdc_peers_mode_show(mdc_kobj_mc(kobj), buf, PAGE_SIZE);
}

static struct kobj_attribute mdc_attr_slot = __ATTR_RO(slot);
static struct kobj_attribute mdc_attr_slots = __ATTR_RO(slots);
static struct kobj_attribute mdc_attr_lockspace = __ATTR_RO(lockspace);
static struct kobj_attribute mdc_attr_cluster_name = __ATTR_RO(cluster_name);
static struct kobj_attribute mdc_attr_alive_slots = __ATTR_RO(alive_slots);
static struct kobj_attribute mdc_attr_suspended = __ATTR_RO(suspended);
static struct kobj_attribute mdc_attr_recovery_pending =
	__ATTR_RO(recovery_pending);
static struct kobj_attribute mdc_attr_recovery_active =
	__ATTR_RO(recovery_active);
static struct kobj_attribute mdc_attr_resync_lock_held =
	__ATTR_RO(resync_lock_held);
static struct kobj_attribute mdc_attr_peers = __ATTR_RO(peers);
static struct kobj_attribute mdc_attr_peers_mode = __ATTR_RO(peers_mode);

static struct attribute *mdc_cluster_attrs[] = {
	&mdc_attr_slot.attr,
	&mdc_attr_slots.attr,
	&mdc_attr_lockspace.attr,
	&mdc_attr_cluster_name.attr,
	&mdc_attr_alive_slots.attr,
	&mdc_attr_suspended.attr,
	&mdc_attr_recovery_pending.attr,
	&mdc_attr_recovery_active.attr,
	&mdc_attr_resync_lock_held.attr,
	&mdc_attr_peers.attr,
	&mdc_attr_peers_mode.attr,
	NULL,
};

static const struct attribute_group mdc_cluster_group = {
	.attrs = mdc_cluster_attrs,
};

/*
 * stats/: one counter per file.  Each attribute knows which counter it
 * shows by its offset in struct mdc_stats.
 */
struct mdc_stat_attr {
	struct kobj_attribute attr;
	size_t offset;
};

static ssize_t mdc_stat_show(struct kobject *kobj, struct kobj_attribute *attr,
			     char *buf)
{
	struct mdc_stat_attr *sa = container_of(attr, struct mdc_stat_attr,
						attr);
	struct mdc_cluster *mc = mdc_kobj_mc(kobj);
	atomic64_t *v = (atomic64_t *)((char *)&mc->stats + sa->offset);

	return sysfs_emit(buf, "%lld\n", (long long)atomic64_read(v));
}

/* Milliseconds since a CLOCK_BOOTTIME stamp, "never" for none. */
static ssize_t mdc_age_show(atomic64_t *stamp, char *buf)
{
	u64 t = atomic64_read(stamp), now = ktime_get_boottime_ns();

	if (!t)
		return sysfs_emit(buf, "never\n");
	return sysfs_emit(buf, "%llu\n",
			  div_u64(now > t ? now - t : 0, NSEC_PER_MSEC));
}

static ssize_t last_tx_ms_show(struct kobject *kobj,
			       struct kobj_attribute *attr, char *buf)
{
	return mdc_age_show(&mdc_kobj_mc(kobj)->stats.last_tx_ns, buf);
}

static ssize_t last_rx_ms_show(struct kobject *kobj,
			       struct kobj_attribute *attr, char *buf)
{
	return mdc_age_show(&mdc_kobj_mc(kobj)->stats.last_rx_ns, buf);
}

#define MDC_STAT(_name, _field)						\
	static struct mdc_stat_attr mdc_stat_##_name = {		\
		.attr = __ATTR(_name, 0444, mdc_stat_show, NULL),	\
		.offset = offsetof(struct mdc_stats, _field),		\
	}

MDC_STAT(tx_metadata_updated, tx[MDC_MSG_METADATA_UPDATED]);
MDC_STAT(rx_metadata_updated, rx[MDC_MSG_METADATA_UPDATED]);
MDC_STAT(tx_resyncing, tx[MDC_MSG_RESYNCING]);
MDC_STAT(rx_resyncing, rx[MDC_MSG_RESYNCING]);
MDC_STAT(tx_newdisk, tx[MDC_MSG_NEWDISK]);
MDC_STAT(rx_newdisk, rx[MDC_MSG_NEWDISK]);
MDC_STAT(tx_remove, tx[MDC_MSG_REMOVE]);
MDC_STAT(rx_remove, rx[MDC_MSG_REMOVE]);
MDC_STAT(tx_re_add, tx[MDC_MSG_RE_ADD]);
MDC_STAT(rx_re_add, rx[MDC_MSG_RE_ADD]);
MDC_STAT(tx_bitmap_needs_sync, tx[MDC_MSG_BITMAP_NEEDS_SYNC]);
MDC_STAT(rx_bitmap_needs_sync, rx[MDC_MSG_BITMAP_NEEDS_SYNC]);
MDC_STAT(tx_change_capacity, tx[MDC_MSG_CHANGE_CAPACITY]);
MDC_STAT(rx_change_capacity, rx[MDC_MSG_CHANGE_CAPACITY]);
MDC_STAT(tx_bitmap_resize, tx[MDC_MSG_BITMAP_RESIZE]);
MDC_STAT(rx_bitmap_resize, rx[MDC_MSG_BITMAP_RESIZE]);
MDC_STAT(tx_resyncing_start, tx[MDC_MSG_RESYNCING_START]);
MDC_STAT(rx_resyncing_start, rx[MDC_MSG_RESYNCING_START]);
MDC_STAT(tx_unknown, tx[MDC_MSG_NR]);
MDC_STAT(rx_unknown, rx[MDC_MSG_NR]);
MDC_STAT(rx_rejected, rx_rejected);
MDC_STAT(tx_failed, tx_failed);
MDC_STAT(lock_timeouts, lock_timeouts);
MDC_STAT(recoveries, recoveries);
MDC_STAT(tx_resyncing_start_withheld, tx_withheld);

static struct kobj_attribute mdc_attr_last_tx_ms = __ATTR_RO(last_tx_ms);
static struct kobj_attribute mdc_attr_last_rx_ms = __ATTR_RO(last_rx_ms);

static struct attribute *mdc_stats_attrs[] = {
	&mdc_stat_tx_metadata_updated.attr.attr,
	&mdc_stat_rx_metadata_updated.attr.attr,
	&mdc_stat_tx_resyncing.attr.attr,
	&mdc_stat_rx_resyncing.attr.attr,
	&mdc_stat_tx_newdisk.attr.attr,
	&mdc_stat_rx_newdisk.attr.attr,
	&mdc_stat_tx_remove.attr.attr,
	&mdc_stat_rx_remove.attr.attr,
	&mdc_stat_tx_re_add.attr.attr,
	&mdc_stat_rx_re_add.attr.attr,
	&mdc_stat_tx_bitmap_needs_sync.attr.attr,
	&mdc_stat_rx_bitmap_needs_sync.attr.attr,
	&mdc_stat_tx_change_capacity.attr.attr,
	&mdc_stat_rx_change_capacity.attr.attr,
	&mdc_stat_tx_bitmap_resize.attr.attr,
	&mdc_stat_rx_bitmap_resize.attr.attr,
	&mdc_stat_tx_resyncing_start.attr.attr,
	&mdc_stat_rx_resyncing_start.attr.attr,
	&mdc_stat_tx_unknown.attr.attr,
	&mdc_stat_rx_unknown.attr.attr,
	&mdc_stat_rx_rejected.attr.attr,
	&mdc_stat_tx_failed.attr.attr,
	&mdc_stat_lock_timeouts.attr.attr,
	&mdc_stat_recoveries.attr.attr,
	&mdc_stat_tx_resyncing_start_withheld.attr.attr,
	&mdc_attr_last_tx_ms.attr,
	&mdc_attr_last_rx_ms.attr,
	NULL,
};

static const struct attribute_group mdc_stats_group = {
	.name = "stats",
	.attrs = mdc_stats_attrs,
};

static const struct attribute_group *mdc_sysfs_groups[] = {
	&mdc_cluster_group,
	&mdc_stats_group,
	NULL,
};

static void mdc_sysfs_release(struct kobject *kobj)
{
	struct mdc_sysfs *s = container_of(kobj, struct mdc_sysfs, kobj);

	mdc_cluster_put(s->mc);
	kfree(s);
}

static const struct kobj_type mdc_sysfs_ktype = {
	.release	= mdc_sysfs_release,
	.sysfs_ops	= &kobj_sysfs_ops,
	.default_groups	= mdc_sysfs_groups,
};

/**
 * mdc_sysfs_add() - create /sys/block/mdX/md/cluster/
 * @mc: the array, joined and attached; reconfig_mutex held
 *
 * The directory is a convenience: failing to create it is logged and the
 * array works without it.
 */
void mdc_sysfs_add(struct mdc_cluster *mc)
{
	struct mddev *mddev = mc->mddev;
	struct mdc_sysfs *s;
	int err;

	if (!mddev->kobj.sd)
		return;
	s = kzalloc(sizeof(*s), GFP_KERNEL);
	if (!s) {
		err = -ENOMEM;
		goto out_warn;
	}
	kref_get(&mc->ref);
	s->mc = mc;
	snprintf(s->lockspace, sizeof(s->lockspace), "%pU", mddev->uuid);
	strscpy(s->cluster_name, mddev->bitmap_info.cluster_name,
		sizeof(s->cluster_name));
	/* from here the release function frees s and drops the reference */
	err = kobject_init_and_add(&s->kobj, &mdc_sysfs_ktype, &mddev->kobj,
				   "cluster");
	if (err) {
		kobject_put(&s->kobj);
		goto out_warn;
	}
	mc->sysfs = s;
	return;

out_warn:
	mdc_warn(mc, "no sysfs cluster directory: %d\n", err);
}

/**
 * mdc_sysfs_del() - remove /sys/block/mdX/md/cluster/
 * @mc: the array, leaving
 *
 * Returns once no show() runs any more; the state itself is freed with the
 * last reference.
 */
void mdc_sysfs_del(struct mdc_cluster *mc)
{
	struct mdc_sysfs *s = mc->sysfs;

	if (!s)
		return;
	mc->sysfs = NULL;
	kobject_del(&s->kobj);
	kobject_put(&s->kobj);
}
