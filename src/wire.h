/* SPDX-License-Identifier: GPL-2.0 */
/*
 * md-cluster wire protocol: everything another node can observe.
 *
 * This header is the single place for the lockspace parameters, the DLM
 * resource names, the two lock value block (LVB) layouts and the message
 * numbers.  They must stay identical to the kernel's own md-cluster module so
 * that mixed clusters interoperate; nothing here may change, new message
 * types may only be appended.
 *
 * Decoded messages (struct mdc_msg) are host-endian and untrusted until
 * mdc_msg_check() has accepted them.  The helpers in wire.c are pure: no DLM,
 * no md, no locking, so KUnit can test them directly.
 */
#ifndef MDC_WIRE_H
#define MDC_WIRE_H

#include <linux/types.h>
#include <linux/build_bug.h>
#include <linux/stddef.h>

/* Every lockspace is created with 64-byte value blocks. */
#define MDC_LVB_LEN		64

/* Largest DLM resource name we build, with its NUL. */
#define MDC_LOCK_NAME_LEN	16

#define MDC_LOCK_TOKEN		"token"
#define MDC_LOCK_MESSAGE	"message"
#define MDC_LOCK_ACK		"ack"
#define MDC_LOCK_NO_NEW_DEV	"no-new-dev"
#define MDC_LOCK_RESYNC		"resync"
/* One per bitmap slot, numbered from 0: "bitmap0000", "bitmap0001", ... */
#define MDC_LOCK_BITMAP_FMT	"bitmap%04d"

/*
 * Bitmap slots we can track.  The on-disk format allows more, but the lock
 * name has four digits and a node map this size costs 128 bytes.
 */
#define MDC_MAX_SLOTS		1024

/*
 * Upper bound for a device number (desc_nr) carried in raid_slot: the v1
 * superblock holds at most this many device roles.
 */
#define MDC_MAX_RAID_SLOT	1920

/*
 * raid1 announces its resync windows 32 MiB at a time; raid10 at least as
 * much, more when a stripe is wider (see mdc_view).
 */
#define MDC_WINDOW_SECTORS	65536

/* Message numbers: fixed forever, append only. */
enum mdc_msg_type {
	MDC_MSG_METADATA_UPDATED	= 0,
	MDC_MSG_RESYNCING		= 1,
	MDC_MSG_NEWDISK			= 2,
	MDC_MSG_REMOVE			= 3,
	MDC_MSG_RE_ADD			= 4,
	MDC_MSG_BITMAP_NEEDS_SYNC	= 5,
	MDC_MSG_CHANGE_CAPACITY		= 6,
	MDC_MSG_BITMAP_RESIZE		= 7,
	MDC_MSG_RESYNCING_START		= 8,
	MDC_MSG_NR
};

/*
 * The message as it sits in the "message" LVB, little endian.  44 bytes of
 * fields padded to 48 by the alignment of the 64-bit members; peers copy all
 * 48 bytes, so the pad is part of the format and we always send it zeroed.
 */
struct mdc_wire_msg {
	__le32 type;
	__le32 slot;		/* sender's bitmap slot */
	__le64 low;
	__le64 high;
	u8 uuid[16];		/* NEWDISK: device uuid */
	__le32 raid_slot;	/* device number (desc_nr) */
	__le32 pad;
};

#define MDC_WIRE_MSG_LEN	48

static_assert(sizeof(struct mdc_wire_msg) == MDC_WIRE_MSG_LEN);
static_assert(offsetof(struct mdc_wire_msg, slot) == 4);
static_assert(offsetof(struct mdc_wire_msg, low) == 8);
static_assert(offsetof(struct mdc_wire_msg, high) == 16);
static_assert(offsetof(struct mdc_wire_msg, uuid) == 24);
static_assert(offsetof(struct mdc_wire_msg, raid_slot) == 40);
static_assert(MDC_WIRE_MSG_LEN <= MDC_LVB_LEN);

/* The LVB of each "bitmapNNNN" lock: the owner's resync window, hi 0 = idle. */
struct mdc_wire_resync {
	__le64 lo;
	__le64 hi;
};

static_assert(sizeof(struct mdc_wire_resync) == 16);

/* A message in host order.  Every field is untrusted until checked. */
struct mdc_msg {
	u32 type;
	u32 slot;
	u64 low;
	u64 high;
	u8 uuid[16];
	u32 raid_slot;
};

/*
 * Why a received message was refused (0: accepted): by mdc_msg_check() on
 * its fields, or by its receive handler on what this node has.
 */
enum mdc_reject {
	MDC_ACCEPT = 0,
	MDC_REJ_TYPE,		/* unknown message number */
	MDC_REJ_SLOT,		/* sender slot outside the array's node count */
	MDC_REJ_OWN_SLOT,	/* claims to come from our own slot */
	MDC_REJ_RANGE,		/* low > high */
	MDC_REJ_RAID_SLOT,	/* device number out of range */
	MDC_REJ_SIZE,		/* zero or absurd bitmap size */
	MDC_REJ_BEYOND,		/* window ends past what the array can hold */
	/* verdicts of receive handlers (receive.c), on this node's state */
	MDC_REJ_NO_DEVICE,	/* names a device this node does not have */
	MDC_REJ_NR
};

/*
 * What the receiver knows when it judges a message.  max_sectors bounds
 * every sector a peer may name: no array address or size of a RAID1 or
 * RAID10 exceeds the sum of its members' sizes.  A resync window may end
 * up to window_slack past it: raid1 and raid10 announce whole windows, the
 * last one reaching beyond the end of the array.
 */
struct mdc_view {
	u32 nodes;		/* bitmap slots of the array */
	u32 my_slot;		/* our own bitmap slot */
	u64 max_sectors;	/* sum of the members' data sizes */
	u64 window_slack;	/* longest window raid1/raid10 announce */
};

void mdc_msg_encode(const struct mdc_msg *msg, void *lvb);
void mdc_msg_decode(const void *lvb, struct mdc_msg *msg);
enum mdc_reject mdc_msg_check(const struct mdc_msg *msg,
			      const struct mdc_view *view);
enum mdc_reject mdc_window_check(const struct mdc_view *view, u64 lo, u64 hi);
const char *mdc_msg_name(u32 type);
const char *mdc_reject_name(enum mdc_reject why);

void mdc_resync_encode(void *lvb, u64 lo, u64 hi);
void mdc_resync_decode(const void *lvb, u64 *lo, u64 *hi);

int mdc_bitmap_lock_name(char *buf, size_t len, int slot);

#endif /* MDC_WIRE_H */
