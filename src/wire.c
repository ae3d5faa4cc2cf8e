// SPDX-License-Identifier: GPL-2.0
/*
 * md-cluster wire codec: converts messages and resync windows between host
 * order and the little-endian LVB layouts of wire.h, judges received
 * messages, and builds lock names.  Pure functions only: no DLM, no md
 * state, no locks, no allocation.
 */

#include <linux/bits.h>
#include <linux/kernel.h>
#include <linux/string.h>

#include "compat.h"
#include "wire.h"

/* A bitmap resize beyond 2^48 sectors (128 PiB) is garbage, not a request. */
#define MDC_MAX_RESIZE_SECTORS	BIT_ULL(48)

static const char * const mdc_msg_names[MDC_MSG_NR] = {
	[MDC_MSG_METADATA_UPDATED]	= "METADATA_UPDATED",
	[MDC_MSG_RESYNCING]		= "RESYNCING",
	[MDC_MSG_NEWDISK]		= "NEWDISK",
	[MDC_MSG_REMOVE]		= "REMOVE",
	[MDC_MSG_RE_ADD]		= "RE_ADD",
	[MDC_MSG_BITMAP_NEEDS_SYNC]	= "BITMAP_NEEDS_SYNC",
	[MDC_MSG_CHANGE_CAPACITY]	= "CHANGE_CAPACITY",
	[MDC_MSG_BITMAP_RESIZE]		= "BITMAP_RESIZE",
	[MDC_MSG_RESYNCING_START]	= "RESYNCING_START",
};

static const char * const mdc_reject_names[MDC_REJ_NR] = {
	[MDC_ACCEPT]		= "accepted",
	[MDC_REJ_TYPE]		= "unknown type",
	[MDC_REJ_SLOT]		= "sender slot out of range",
	[MDC_REJ_OWN_SLOT]	= "sender slot is ours",
	[MDC_REJ_RANGE]		= "low above high",
	[MDC_REJ_RAID_SLOT]	= "device number out of range",
	[MDC_REJ_SIZE]		= "implausible size",
	[MDC_REJ_BEYOND]	= "window beyond the array",
	[MDC_REJ_NO_DEVICE]	= "no such device here",
};

/**
 * mdc_msg_name() - printable name of a message number
 * @type: message number as received
 *
 * Return: the protocol name, or "unknown" for numbers we do not know.
 */
const char *mdc_msg_name(u32 type)
{
	return type < MDC_MSG_NR ? mdc_msg_names[type] : "unknown";
}

/**
 * mdc_reject_name() - printable reason for a refused message
 * @why: verdict of mdc_msg_check() or of a receive handler
 *
 * Return: a short English reason.
 */
const char *mdc_reject_name(enum mdc_reject why)
{
	return (unsigned int)why < MDC_REJ_NR ? mdc_reject_names[why] : "?";
}

/**
 * mdc_msg_encode() - write a message into a message LVB
 * @msg: message in host order
 * @lvb: MDC_LVB_LEN bytes of value block
 *
 * Writes the 48-byte wire layout, pad included, and zeroes the rest of the
 * value block so that nothing stale from an earlier message leaks out.
 */
void mdc_msg_encode(const struct mdc_msg *msg, void *lvb)
{
	u8 *p = lvb;

	memset(p, 0, MDC_LVB_LEN);
	put_unaligned_le32(msg->type, p + offsetof(struct mdc_wire_msg, type));
	put_unaligned_le32(msg->slot, p + offsetof(struct mdc_wire_msg, slot));
	put_unaligned_le64(msg->low, p + offsetof(struct mdc_wire_msg, low));
	put_unaligned_le64(msg->high, p + offsetof(struct mdc_wire_msg, high));
	memcpy(p + offsetof(struct mdc_wire_msg, uuid), msg->uuid,
	       sizeof(msg->uuid));
	put_unaligned_le32(msg->raid_slot,
			   p + offsetof(struct mdc_wire_msg, raid_slot));
}

/**
 * mdc_msg_decode() - read a message out of a message LVB
 * @lvb: MDC_LVB_LEN bytes of value block
 * @msg: filled in host order; nothing is judged here
 */
void mdc_msg_decode(const void *lvb, struct mdc_msg *msg)
{
	const u8 *p = lvb;

	msg->type = get_unaligned_le32(p + offsetof(struct mdc_wire_msg, type));
	msg->slot = get_unaligned_le32(p + offsetof(struct mdc_wire_msg, slot));
	msg->low = get_unaligned_le64(p + offsetof(struct mdc_wire_msg, low));
	msg->high = get_unaligned_le64(p + offsetof(struct mdc_wire_msg, high));
	memcpy(msg->uuid, p + offsetof(struct mdc_wire_msg, uuid),
	       sizeof(msg->uuid));
	msg->raid_slot = get_unaligned_le32(p +
					    offsetof(struct mdc_wire_msg,
						     raid_slot));
}

/**
 * mdc_window_check() - judge a resync window a peer announced
 * @view: what this node knows about the array
 * @lo: first sector of the window
 * @hi: end of the window; 0 ends the sender's resync whatever @lo is
 *
 * Receivers walk their bitmap from the previous window to this one, so a
 * window past the array would make them walk for hours (or, near 2^64,
 * forever): it must end within one window of the array's end.
 *
 * Return: MDC_ACCEPT, MDC_REJ_RANGE or MDC_REJ_BEYOND.
 */
enum mdc_reject mdc_window_check(const struct mdc_view *view, u64 lo, u64 hi)
{
	if (!hi)
		return MDC_ACCEPT;
	if (lo > hi)
		return MDC_REJ_RANGE;
	/* written so that no sum can wrap */
	if (hi > view->max_sectors &&
	    hi - view->max_sectors > view->window_slack)
		return MDC_REJ_BEYOND;
	return MDC_ACCEPT;
}

/**
 * mdc_msg_check() - judge a received message before anything acts on it
 * @msg: decoded message
 * @view: what this node knows about the array
 *
 * Only the shape is judged here; handlers still check that a device number
 * names a device this node has.
 *
 * Return: MDC_ACCEPT, or the first reason to refuse the message.
 */
enum mdc_reject mdc_msg_check(const struct mdc_msg *msg,
			      const struct mdc_view *view)
{
	if (msg->type >= MDC_MSG_NR)
		return MDC_REJ_TYPE;
	if (msg->slot >= view->nodes || msg->slot >= MDC_MAX_SLOTS)
		return MDC_REJ_SLOT;
	if (msg->slot == view->my_slot)
		return MDC_REJ_OWN_SLOT;

	switch (msg->type) {
	case MDC_MSG_RESYNCING:
		return mdc_window_check(view, msg->low, msg->high);
	case MDC_MSG_METADATA_UPDATED:
	case MDC_MSG_NEWDISK:
	case MDC_MSG_REMOVE:
	case MDC_MSG_RE_ADD:
		if (msg->raid_slot >= MDC_MAX_RAID_SLOT)
			return MDC_REJ_RAID_SLOT;
		break;
	case MDC_MSG_BITMAP_RESIZE:
		if (!msg->high || msg->high > MDC_MAX_RESIZE_SECTORS ||
		    msg->high > view->max_sectors)
			return MDC_REJ_SIZE;
		break;
	default:
		break;
	}
	return MDC_ACCEPT;
}

/**
 * mdc_resync_encode() - write a resync window into a bitmap lock's LVB
 * @lvb: value block of a "bitmapNNNN" lock
 * @lo: first sector of the window
 * @hi: end of the window, 0 when no resync runs
 */
void mdc_resync_encode(void *lvb, u64 lo, u64 hi)
{
	u8 *p = lvb;

	put_unaligned_le64(lo, p + offsetof(struct mdc_wire_resync, lo));
	put_unaligned_le64(hi, p + offsetof(struct mdc_wire_resync, hi));
}

/**
 * mdc_resync_decode() - read a resync window from a bitmap lock's LVB
 * @lvb: value block of a "bitmapNNNN" lock
 * @lo: first sector of the window
 * @hi: end of the window, 0 when no resync runs
 */
void mdc_resync_decode(const void *lvb, u64 *lo, u64 *hi)
{
	const u8 *p = lvb;

	*lo = get_unaligned_le64(p + offsetof(struct mdc_wire_resync, lo));
	*hi = get_unaligned_le64(p + offsetof(struct mdc_wire_resync, hi));
}

/**
 * mdc_bitmap_lock_name() - name of the lock guarding one bitmap slot
 * @buf: output buffer
 * @len: size of @buf, at least MDC_LOCK_NAME_LEN
 * @slot: bitmap slot, 0 .. MDC_MAX_SLOTS - 1
 *
 * Return: 0, or -ERANGE for a slot outside the map or a short buffer.
 */
int mdc_bitmap_lock_name(char *buf, size_t len, int slot)
{
	if (slot < 0 || slot >= MDC_MAX_SLOTS || len < MDC_LOCK_NAME_LEN)
		return -ERANGE;
	snprintf(buf, len, MDC_LOCK_BITMAP_FMT, slot);
	return 0;
}
