/* SPDX-License-Identifier: GPL-2.0 */
/*
 * md-cluster shared per-array state and the one wait policy.
 *
 * struct mdc_cluster hangs off mddev->cluster_info.  Each group of fields
 * belongs to one file, named in the comment above it; other files reach
 * that state only through the owner's functions declared below.
 */
#ifndef MDC_INTERNAL_H
#define MDC_INTERNAL_H

#include <linux/atomic.h>
#include <linux/cache.h>
#include <linux/completion.h>
#include <linux/dlm.h>
#include <linux/kref.h>
#include <linux/lockdep.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/seqlock.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/uuid.h>
#include <linux/wait.h>
#include <linux/workqueue.h>

#include "compat.h"
#include "lockres.h"
#include "deadline.h"
#include "kinds.h"
#include "window.h"
#include "slots.h"
#include "wire.h"

/* An array's name as md prints it ("md127"): md's DISK_NAME_LEN. */
#define MDC_NAME_LEN	32
/* The lockspace is named after the array's UUID, as text (%pU). */
#define MDC_LS_NAME_LEN		(UUID_STRING_LEN + 1)
/* The corosync cluster name md keeps in the bitmap superblock. */
#define MDC_CLUSTER_NAME_LEN	sizeof_field(struct mddev, bitmap_info.cluster_name)

/*
 * The wait policy.  Every wait for DLM or for peers is one of these:
 *  MDC_WAIT_DLM        only the lock manager has to answer (new locks,
 *                      down-conversions, the token): bounded.
 *  MDC_WAIT_PEER       peers have to finish processing a message (ack EX,
 *                      message PR) or a peer holds what we want: bounded,
 *                      longer, because a dead peer is only purged after the
 *                      cluster's failure detection and DLM recovery.
 *  MDC_WAIT_TOKEN      the token, which a peer holds for one whole send,
 *                      itself made of peer waits: bounded, longer still.
 *  MDC_WAIT_STOP       may legitimately last for hours (a dead slot's bitmap
 *                      lock): unbounded, but aborts when the array stops.
 *  MDC_WAIT_SYNC_STOP  the resync lock, waited for by md's sync thread:
 *                      also aborts when md interrupts the sync.
 *  MDC_WAIT_SYNC_SEND  the channel, waited for by md's sync thread while
 *                      it holds a resync barrier: bounded like the token,
 *                      aborts like STOP, and also as soon as our receive
 *                      thread runs a handler that may quiesce the array
 *                      (that handler waits for the barrier, its sender
 *                      holds the token: see channel.c).
 * Waits that can abort re-check their stop condition every MDC_POLL_SLICE.
 */
enum mdc_wait {
	MDC_WAIT_DLM,
	MDC_WAIT_PEER,
	MDC_WAIT_TOKEN,
	MDC_WAIT_STOP,
	MDC_WAIT_SYNC_STOP,
	MDC_WAIT_SYNC_SEND,
};

#define MDC_DLM_TIMEOUT		(30 * HZ)
#define MDC_PEER_TIMEOUT	(60 * HZ)
#define MDC_TOKEN_TIMEOUT	(3 * MDC_PEER_TIMEOUT)
/* the local channel: held for at most a token wait plus one send */
#define MDC_CHAN_TIMEOUT	(2 * MDC_TOKEN_TIMEOUT)
/* dlm_controld admitting us into the lockspace, first recovery included */
#define MDC_JOIN_TIMEOUT	(30 * HZ)
/* DLM releasing the lockspace at leave */
#define MDC_LEAVE_TIMEOUT	(30 * HZ)
#define MDC_POLL_SLICE		(HZ)
/*
 * userspace (mdadm --cluster-confirm) answering a peer's new disk.  The
 * stock module waits 5000 jiffies, 20 s on Debian's HZ=250; this waits
 * longer for a udev busy with other events.  An adder of ours waits
 * MDC_PEER_TIMEOUT for the acknowledgment that follows.
 */
#define MDC_CONFIRM_TIMEOUT	(30 * HZ)
static_assert(MDC_CONFIRM_TIMEOUT < MDC_PEER_TIMEOUT);
/* past an adder's wait for our acknowledgment (membership.c) */
#define MDC_NEWDISK_SLACK	(5 * HZ)
/* an unreadable message: its acknowledgment is withheld this long (channel.c) */
#define MDC_UNREAD_TIMEOUT	(2 * MDC_PEER_TIMEOUT)
/* conversions of "message" back to NL tried before the receive thread's */
#define MDC_MESSAGE_DROP_TRIES	3
/* a failed announcement of our resync's end is retried this often */
#define MDC_LIFT_RETRY		(5 * HZ)
/* the recovery thread's pause before trying a busy slot's lock again */
#define MDC_RECOVERY_RETRY	(HZ / 2)
/*
 * a member that sent BITMAP_NEEDS_SYNC holds its bitmap lock until it has
 * left: its leave() waits for its own threads and DLM at most this long
 */
#define MDC_LEAVING_GRACE	(MDC_DLM_TIMEOUT + MDC_LEAVE_TIMEOUT)
/* a disk add keeps the channel for md's next superblock write at most this */
#define MDC_HANDOVER_TIMEOUT	MDC_DLM_TIMEOUT

/* mdc_cluster.flags */
enum {
	MDC_F_STOPPING,		/* leave() has begun: long waits abort */
	MDC_F_READY,		/* load_bitmaps() done: receive and recover */
	MDC_F_RECV_KICK,	/* blocking AST on "ack": a message waits */
	MDC_F_CHAN_BUSY,	/* a local sender owns the channel */
	MDC_F_WAITING_FOR_SYNC,	/* a peer added a disk; wait for its resync */
	MDC_F_CHAN_HANDED,	/* channel kept for the next superblock write */
	MDC_F_RECV_IN_MD,	/* receive thread runs a handler that calls md */
	MDC_F_LIFT_PENDING,	/* peers have not heard that our resync ended */
	MDC_F_MESSAGE_STUCK,	/* "message" could not be dropped to NL */
	MDC_F_MEMBERS_CHANGING,	/* DLM recovery began and has not ended */
};

/*
 * Counters, shown in sysfs (sysfs.c) and debugfs (inject.c).  Per-type
 * message counters: index MDC_MSG_NR counts unknown types.  Each field is
 * written only by the file that owns the event.
 */
struct mdc_stats {
	atomic64_t tx[MDC_MSG_NR + 1];		/* channel.c */
	atomic64_t rx[MDC_MSG_NR + 1];		/* receive.c */
	atomic64_t rx_rejected;			/* channel.c, receive.c */
	atomic64_t tx_failed;			/* channel.c */
	atomic64_t last_tx_ns;	/* channel.c: CLOCK_BOOTTIME, 0 never */
	atomic64_t last_rx_ns;	/* receive.c: CLOCK_BOOTTIME, 0 never */
	atomic64_t lock_timeouts;		/* lockres.c */
	atomic64_t recoveries;			/* recovery.c */
	atomic64_t tx_withheld;			/* resync.c: RESYNCING_START */
};

struct mdc_sysfs;

struct mdc_cluster {
	/*
	 * Read on every I/O by area_resyncing(); written only when DLM
	 * recovery starts or ends and when a peer's window opens or closes
	 * (resync.c, recovery.c).  They fill the first cache line alone: the
	 * member after them starts the next line, so the flags and counters
	 * written per message never share a line with them (pahole shows
	 * the boundary).
	 */
	struct {
		bool read_first;	/* DLM recovery: read the first disk */
		bool window_active;	/* a peer's resync window is active */
	} hot ____cacheline_aligned_in_smp;
	seqlock_t window_lock;		/* readers: area_resyncing() */
	struct mdc_window window;	/* the peer's window (resync.c) */

	/* lockspace.c: lifetime and identity */
	struct kref ref ____cacheline_aligned_in_smp;
	struct rcu_head rcu;		/* area_resyncing() may still read us */
	struct mddev *mddev;
	char name[MDC_NAME_LEN];		/* mdname, still valid after mddev */
	int nodes;			/* bitmap slots of the array */
	int slot;			/* our bitmap slot, -1 until known */
	unsigned long flags;
	dlm_lockspace_t *ls;
	struct completion slot_known;

	/* channel.c: the message channel */
	struct mdc_lock *token;
	struct mdc_lock *message;
	struct mdc_lock *ack;
	struct mdc_lock *no_new_dev;
	struct mutex recv_mutex;	/* our send vs our receive sequence */
	wait_queue_head_t chan_wq;	/* MDC_F_CHAN_BUSY released */
	struct task_struct *recv_task;
	wait_queue_head_t recv_wq;
	/* channel.c: lending reconfig_mutex to the receive thread */
	spinlock_t lend_lock;
	bool holder_parked;		/* mutex holder waits for the channel */
	bool recv_borrows;		/* receive thread runs on its behalf */
	wait_queue_head_t lend_wq;
	/* channel.c: a channel handed over (MDC_F_CHAN_HANDED) expires */
	struct delayed_work handover_expiry;

	/* resync.c: our bitmap lock, the resync lock, window changes */
	struct mdc_lock *bitmap;
	struct mdc_lock *resync;
	/* md's sync thread and the lift retry both convert mc->resync */
	struct mutex resync_mutex;
	struct mutex window_mutex;	/* serialises window changes */
	u64 sync_lo, sync_hi;		/* previous RESYNCING window */
	int sync_from;
	/* our window that went unannounced: redo the sync from here */
	sector_t sync_redo_from;
	/* resync.c: retries the end of our resync (MDC_F_LIFT_PENDING) */
	struct delayed_work lift_retry;

	/* recovery.c: slots whose bitmaps must be merged */
	struct mdc_slot_map recover;
	struct task_struct *recovery_task;
	wait_queue_head_t recovery_wq;
	int recovering;			/* slot being merged, -1 none */
	/* recovery.c: lockspace members as DLM last reported them */
	spinlock_t alive_lock;
	struct mdc_slot_map alive;
	/*
	 * under alive_lock: members that asked us to take their bits over,
	 * until DLM reports them gone; waited for until leaving_until
	 */
	struct mdc_slot_map leaving;
	unsigned long leaving_until;

	/* peers.c: who speaks what (kinds.h) */
	struct mutex peers_mutex;	/* probes, peers[] and verdict */
	struct mdc_lock *advert;	/* our "mdc-peerNNNN", PW for life */
	struct mdc_lock **peer_locks;	/* others' advertisements, at NL */
	struct mdc_peer *peers;		/* kinds as last seen, per slot */
	struct mdc_peer_verdict verdict;	/* the last decision */
	bool verdict_known;
	bool peers_open;		/* under alive_lock: work may be queued */
	struct delayed_work peers_work;
	/* under alive_lock: probes left before a slot without one is final */
	unsigned int peers_rechecks;
	/* peers.c, under alive_lock: sent RESYNCING_START since they joined */
	struct mdc_slot_map speaks_start;

	/* membership.c: a peer's new disk waiting for local confirmation */
	spinlock_t newdisk_lock;
	int newdisk_state;		/* enum mdc_newdisk_state */
	bool newdisk_auto_read;		/* array read-only until first write then */
	struct completion newdisk_done;
	int adding_nr;			/* device our own add announced */
	/* membership.c: other slots' bitmap locks held by lock_all_bitmaps */
	struct mdc_lock **held_bitmaps;

	struct mdc_stats stats;
	struct dentry *debugfs;		/* inject.c */
#ifdef CONFIG_MD_CLUSTER_TEST_INJECT
	atomic_t skip_reloads;		/* inject.c: METADATA_UPDATED to ignore */
	u32 merge_delay_ms;		/* inject.c: hold each bitmap merge */
	atomic_t fail_windows;		/* inject.c: window sends to fail */
	atomic_t fail_lifts;		/* inject.c: resync-end sends to fail */
	atomic_t fail_message_puts;	/* inject.c: "message" drops to fail */
	atomic_t fail_newdisk_cr;	/* inject.c: no-new-dev CR retakes to fail */
	atomic_t fail_message_reads;	/* inject.c: message CR reads to fail */
	atomic_t fail_merges;		/* inject.c: slot bitmap reads to fail */
#endif
	struct mdc_sysfs *sysfs;	/* sysfs.c */
};

/*
 * Every line this module logs names its array first, as md's own do:
 * "md-cluster md127: ...".  Documentation/troubleshooting.rst lists them.
 */
#define mdc_err(mc, fmt, ...) \
	pr_err("md-cluster %s: " fmt, (mc)->name, ##__VA_ARGS__)
#define mdc_warn(mc, fmt, ...) \
	pr_warn("md-cluster %s: " fmt, (mc)->name, ##__VA_ARGS__)
#define mdc_info(mc, fmt, ...) \
	pr_info("md-cluster %s: " fmt, (mc)->name, ##__VA_ARGS__)
#define mdc_warn_ratelimited(mc, fmt, ...) \
	pr_warn_ratelimited("md-cluster %s: " fmt, (mc)->name, ##__VA_ARGS__)

/* Per-type message counters: the last slot counts unknown types. */
static inline void mdc_count_type(atomic64_t *counters, u32 type)
{
	atomic64_inc(&counters[min_t(u32, type, MDC_MSG_NR)]);
}

/*
 * md stores our state behind an opaque struct md_cluster_info pointer that
 * it never dereferences; these two are the only conversions.  The pointer
 * is published with release order and read with an address dependency,
 * as RCU does: area_resyncing() reads it without md's locks, and the state
 * is freed only after a grace period (lockspace.c).
 */
static inline struct mdc_cluster *mdc_of(struct mddev *mddev)
{
	return (struct mdc_cluster *)READ_ONCE(mddev->cluster_info);
}

static inline void mdc_attach(struct mddev *mddev, struct mdc_cluster *mc)
{
	/* pairs with the address dependency of mdc_of()'s lockless readers */
	smp_store_release(&mddev->cluster_info, (struct md_cluster_info *)mc);
}

/*
 * md calls most operations with reconfig_mutex held.  Our receive thread
 * may run md code on behalf of a holder parked in the channel code
 * (mdc_reconfig_enter()): then the mutex is held, by that holder.
 */
static inline void mdc_assert_reconfig(struct mdc_cluster *mc)
{
	if (current == READ_ONCE(mc->recv_task) && READ_ONCE(mc->recv_borrows))
		return;
	lockdep_assert_held(&mc->mddev->reconfig_mutex);
}

bool mdc_stop_requested(struct mdc_cluster *mc, enum mdc_wait how);

/* lockspace.c */
struct mdc_cluster *mdc_cluster_alloc(struct mddev *mddev, int nodes);
int mdc_join(struct mddev *mddev, int nodes);
int mdc_leave(struct mddev *mddev);
int mdc_slot_number(struct mddev *mddev);
void mdc_cluster_put(struct mdc_cluster *mc);

/* channel.c */
int mdc_chan_open(struct mdc_cluster *mc);
void mdc_chan_close(struct mdc_cluster *mc);
int mdc_recv_start(struct mdc_cluster *mc);
void mdc_recv_stop(struct mdc_cluster *mc);
void mdc_recv_kick(struct mdc_cluster *mc);
int mdc_chan_acquire(struct mdc_cluster *mc, bool holds_reconfig);
int mdc_chan_try_acquire(struct mdc_cluster *mc);
void mdc_chan_release(struct mdc_cluster *mc);
int mdc_chan_transmit(struct mdc_cluster *mc, struct mdc_msg *msg);
int mdc_send(struct mdc_cluster *mc, struct mdc_msg *msg, bool holds_reconfig);
int mdc_send_from_sync(struct mdc_cluster *mc, struct mdc_msg *msg);
int mdc_send_raw(struct mdc_cluster *mc, const struct mdc_msg *msg);
void mdc_chan_hand_over(struct mdc_cluster *mc);
bool mdc_chan_reclaim(struct mdc_cluster *mc);
void mdc_handover_expire(struct work_struct *work);
int mdc_reconfig_enter(struct mdc_cluster *mc);
int mdc_reconfig_take(struct mdc_cluster *mc);
void mdc_reconfig_exit(struct mdc_cluster *mc, int how);

/*
 * receive.c and the receive handlers of each file: a handler's verdict is
 * MDC_ACCEPT or why the message was refused; receive.c logs refusals.
 */
typedef enum mdc_reject (*mdc_rx_fn)(struct mdc_cluster *mc,
				     const struct mdc_msg *msg);
void mdc_receive(struct mdc_cluster *mc, const struct mdc_msg *msg);
void mdc_view_fill(struct mdc_cluster *mc, struct mdc_view *view);
enum mdc_reject mdc_rx_metadata_prepare(struct mdc_cluster *mc,
					const struct mdc_msg *msg);
enum mdc_reject mdc_rx_metadata_updated(struct mdc_cluster *mc,
					const struct mdc_msg *msg);
enum mdc_reject mdc_rx_resyncing(struct mdc_cluster *mc,
				 const struct mdc_msg *msg);
enum mdc_reject mdc_rx_resyncing_start(struct mdc_cluster *mc,
				       const struct mdc_msg *msg);
enum mdc_reject mdc_rx_needs_sync(struct mdc_cluster *mc,
				  const struct mdc_msg *msg);
bool mdc_newdisk_holds_channel(struct mdc_cluster *mc);
enum mdc_reject mdc_rx_newdisk(struct mdc_cluster *mc,
			       const struct mdc_msg *msg);
enum mdc_reject mdc_rx_remove_prepare(struct mdc_cluster *mc,
				      const struct mdc_msg *msg);
enum mdc_reject mdc_rx_remove(struct mdc_cluster *mc,
			      const struct mdc_msg *msg);
enum mdc_reject mdc_rx_re_add(struct mdc_cluster *mc,
			      const struct mdc_msg *msg);
enum mdc_reject mdc_rx_change_capacity(struct mdc_cluster *mc,
				       const struct mdc_msg *msg);
enum mdc_reject mdc_rx_bitmap_resize(struct mdc_cluster *mc,
				     const struct mdc_msg *msg);

/* peers.c */
int mdc_peers_open(struct mdc_cluster *mc);
void mdc_peers_work(struct work_struct *work);
void mdc_peers_close(struct mdc_cluster *mc);
void mdc_peers_changed(struct mdc_cluster *mc);
void mdc_peers_heard_start(struct mdc_cluster *mc, int slot);
bool mdc_peers_announce_start(struct mdc_cluster *mc);
bool mdc_peers_expect_start(struct mdc_cluster *mc);
u64 mdc_peers_caps(struct mdc_cluster *mc);
enum mdc_peers_mode mdc_peers_mode_now(void);
int mdc_peers_show(struct mdc_cluster *mc, char *buf, size_t len);
int mdc_peers_mode_show(struct mdc_cluster *mc, char *buf, size_t len);

/* recovery.c */
extern const struct dlm_lockspace_ops mdc_ls_ops;
int mdc_recovery_start(struct mdc_cluster *mc);
void mdc_recovery_stop(struct mdc_cluster *mc);
void mdc_recover_slot(struct mdc_cluster *mc, int slot);
void mdc_load_bitmaps(struct mddev *mddev, int total_slots);
void mdc_lower_resync_point(struct mddev *mddev, sector_t lo);
bool mdc_leave_auto_read(struct mdc_cluster *mc);
int mdc_merge_slot(struct mdc_cluster *mc, int slot, bool clear,
		   sector_t *first, sector_t *end);
void mdc_alive_copy(struct mdc_cluster *mc, struct mdc_slot_map *out);
void mdc_recovery_copy(struct mdc_cluster *mc, struct mdc_slot_map *pending,
		       int *active);

/* resync.c */
int mdc_resync_open(struct mdc_cluster *mc);
void mdc_resync_close(struct mdc_cluster *mc);
void mdc_peer_window_set(struct mdc_cluster *mc, int from, u64 lo, u64 hi,
			 bool quiesce);
void mdc_peer_window_forget(struct mdc_cluster *mc, int slot);
void mdc_peer_window_copy(struct mdc_cluster *mc, struct mdc_window *out);
bool mdc_resync_lock_held(struct mdc_cluster *mc);
int mdc_resync_info_update(struct mddev *mddev, sector_t lo, sector_t hi);
int mdc_resync_start_notify(struct mddev *mddev);
int mdc_resync_status_get(struct mddev *mddev);
void mdc_resync_info_get(struct mddev *mddev, sector_t *lo, sector_t *hi);
int mdc_resync_start(struct mddev *mddev);
int mdc_resync_finish(struct mddev *mddev);
void mdc_resync_rewind_pending(struct mdc_cluster *mc);
int mdc_area_resyncing(struct mddev *mddev, int direction, sector_t lo,
		       sector_t hi);
void mdc_peer_resync_expected(struct mdc_cluster *mc);
void mdc_lift_retry(struct work_struct *work);

/* metadata.c */
int mdc_metadata_update_start(struct mddev *mddev);
int mdc_metadata_update_finish(struct mddev *mddev);
void mdc_metadata_update_cancel(struct mddev *mddev);
int mdc_sb_announce(struct mdc_cluster *mc);

/* membership.c */
int mdc_add_new_disk(struct mddev *mddev, struct md_rdev *rdev);
void mdc_add_new_disk_cancel(struct mddev *mddev);
int mdc_new_disk_ack(struct mddev *mddev, bool ack);
int mdc_remove_disk(struct mddev *mddev, struct md_rdev *rdev);
int mdc_gather_bitmaps(struct md_rdev *rdev);
int mdc_lock_all_bitmaps(struct mddev *mddev);
void mdc_unlock_all_bitmaps(struct mddev *mddev);
void mdc_membership_init(struct mdc_cluster *mc);
void mdc_membership_close(struct mdc_cluster *mc);

/* grow.c */
int mdc_resize_bitmaps(struct mddev *mddev, sector_t newsize,
		       sector_t oldsize);
void mdc_update_size(struct mddev *mddev, sector_t old_dev_sectors);

/* sysfs.c */
void mdc_sysfs_add(struct mdc_cluster *mc);
void mdc_sysfs_del(struct mdc_cluster *mc);

/* inject.c (test builds only) */
#ifdef CONFIG_MD_CLUSTER_TEST_INJECT
void mdc_inject_init(void);
void mdc_inject_exit(void);
void mdc_inject_add(struct mdc_cluster *mc);
void mdc_inject_del(struct mdc_cluster *mc);
bool mdc_inject_skip_reload(struct mdc_cluster *mc);
void mdc_inject_merge_delay(struct mdc_cluster *mc, int slot);
int mdc_inject_tx_fault(struct mdc_cluster *mc, const struct mdc_msg *msg);
int mdc_inject_message_put_fault(struct mdc_cluster *mc);
int mdc_inject_newdisk_cr_fault(struct mdc_cluster *mc);
int mdc_inject_message_read_fault(struct mdc_cluster *mc);
int mdc_inject_merge_fault(struct mdc_cluster *mc, int slot);
#else
static inline void mdc_inject_init(void) {}
static inline void mdc_inject_exit(void) {}
static inline void mdc_inject_add(struct mdc_cluster *mc) {}
static inline void mdc_inject_del(struct mdc_cluster *mc) {}
static inline bool mdc_inject_skip_reload(struct mdc_cluster *mc)
{
	return false;
}

static inline void mdc_inject_merge_delay(struct mdc_cluster *mc, int slot) {}

static inline int mdc_inject_tx_fault(struct mdc_cluster *mc,
				      const struct mdc_msg *msg)
{
	return 0;
}

static inline int mdc_inject_message_put_fault(struct mdc_cluster *mc)
{
	return 0;
}

static inline int mdc_inject_newdisk_cr_fault(struct mdc_cluster *mc)
{
	return 0;
}

static inline int mdc_inject_message_read_fault(struct mdc_cluster *mc)
{
	return 0;
}

static inline int mdc_inject_merge_fault(struct mdc_cluster *mc, int slot)
{
	return 0;
}
#endif

#endif /* MDC_INTERNAL_H */
