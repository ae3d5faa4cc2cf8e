// SPDX-License-Identifier: GPL-2.0
/*
 * md-cluster's KUnit suites (CONFIG_MD_CLUSTER_KUNIT_TEST), named and laid
 * out as Documentation/dev-tools/kunit/style.rst asks.  The unit suites own
 * the pure logic: md_cluster_wire (the exact 48-byte little-endian layout,
 * message numbers and lock names the stock module uses),
 * md_cluster_validate (checks on received messages), md_cluster_window
 * (resync-window arithmetic and its sysfs form), md_cluster_slots (slot
 * numbering, the recovery map and its sysfs form), md_cluster_peers (who
 * may be sent what, the advertisement), md_cluster_wait (which
 * waits give up on stop), md_cluster_channel (lending reconfig_mutex, the
 * hand-over expiry), md_cluster_resync (area_resyncing() and forgetting
 * windows), md_cluster_receive (which handlers may quiesce, against the
 * receive table) and md_cluster_recovery (the recovery thread's stop).
 * md_cluster_join_integration alone reaches the real DLM: a join with no
 * cluster.  Input/expected tables are parameterised cases, one description
 * per row; the per-array state comes from mdc_cluster_alloc() in the
 * suites' .init, so a field added there reaches the tests.  Every case
 * asserts exact values, so a changed byte order, offset or bound fails
 * here before it fails a mixed cluster.
 */

#include <kunit/test.h>
#include <linux/delay.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "internal.h"

static const struct mdc_msg mdc_test_msg = {
	.type = 0x01020304,
	.slot = 0x05060708,
	.low = 0x1112131415161718ULL,
	.high = 0x2122232425262728ULL,
	.uuid = { 0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37,
		  0x38, 0x39, 0x3a, 0x3b, 0x3c, 0x3d, 0x3e, 0x3f },
	.raid_slot = 0x41424344,
};

static void mdc_wire_layout_test(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, sizeof(struct mdc_wire_msg), 48);
	KUNIT_EXPECT_EQ(test, offsetof(struct mdc_wire_msg, type), 0);
	KUNIT_EXPECT_EQ(test, offsetof(struct mdc_wire_msg, slot), 4);
	KUNIT_EXPECT_EQ(test, offsetof(struct mdc_wire_msg, low), 8);
	KUNIT_EXPECT_EQ(test, offsetof(struct mdc_wire_msg, high), 16);
	KUNIT_EXPECT_EQ(test, offsetof(struct mdc_wire_msg, uuid), 24);
	KUNIT_EXPECT_EQ(test, offsetof(struct mdc_wire_msg, raid_slot), 40);
	KUNIT_EXPECT_EQ(test, sizeof(struct mdc_wire_resync), 16);
	KUNIT_EXPECT_EQ(test, MDC_LVB_LEN, 64);
}

/*
 * The numbers are the protocol: a stock peer acts on the number, so the
 * enum's value must be the literal, not just self-consistent.
 */
struct mdc_msg_number_case {
	const char *desc;
	u32 type;
	u32 number;
	const char *name;
};

static const struct mdc_msg_number_case mdc_msg_number_cases[] = {
	{ "METADATA_UPDATED is 0", MDC_MSG_METADATA_UPDATED, 0,
	  "METADATA_UPDATED" },
	{ "RESYNCING is 1", MDC_MSG_RESYNCING, 1, "RESYNCING" },
	{ "NEWDISK is 2", MDC_MSG_NEWDISK, 2, "NEWDISK" },
	{ "REMOVE is 3", MDC_MSG_REMOVE, 3, "REMOVE" },
	{ "RE_ADD is 4", MDC_MSG_RE_ADD, 4, "RE_ADD" },
	{ "BITMAP_NEEDS_SYNC is 5", MDC_MSG_BITMAP_NEEDS_SYNC, 5,
	  "BITMAP_NEEDS_SYNC" },
	{ "CHANGE_CAPACITY is 6", MDC_MSG_CHANGE_CAPACITY, 6,
	  "CHANGE_CAPACITY" },
	{ "BITMAP_RESIZE is 7", MDC_MSG_BITMAP_RESIZE, 7, "BITMAP_RESIZE" },
	{ "RESYNCING_START is 8", MDC_MSG_RESYNCING_START, 8,
	  "RESYNCING_START" },
	{ "9 messages, the 10th is unknown", MDC_MSG_NR, 9, "unknown" },
	{ "U32_MAX is unknown", U32_MAX, U32_MAX, "unknown" },
};

KUNIT_ARRAY_PARAM_DESC(mdc_msg_number, mdc_msg_number_cases, desc)

static void mdc_msg_number_test(struct kunit *test)
{
	const struct mdc_msg_number_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, c->type, c->number);
	KUNIT_EXPECT_STREQ(test, mdc_msg_name(c->number), c->name);
}

static void mdc_msg_encode_test(struct kunit *test)
{
	static const u8 want[MDC_LVB_LEN] = {
		0x04, 0x03, 0x02, 0x01, 0x08, 0x07, 0x06, 0x05,
		0x18, 0x17, 0x16, 0x15, 0x14, 0x13, 0x12, 0x11,
		0x28, 0x27, 0x26, 0x25, 0x24, 0x23, 0x22, 0x21,
		0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37,
		0x38, 0x39, 0x3a, 0x3b, 0x3c, 0x3d, 0x3e, 0x3f,
		0x44, 0x43, 0x42, 0x41,
		/* pad and the unused rest of the LVB: zero */
	};
	u8 lvb[MDC_LVB_LEN];

	memset(lvb, 0xaa, sizeof(lvb));
	mdc_msg_encode(&mdc_test_msg, lvb);
	KUNIT_EXPECT_MEMEQ(test, lvb, want, sizeof(want));
}

static void mdc_msg_decode_stock_test(struct kunit *test)
{
	/* RESYNCING from slot 2, window 0x800..0x1000, as stock sends it */
	static const u8 lvb[MDC_LVB_LEN] = {
		0x01, 0, 0, 0, 0x02, 0, 0, 0,
		0x00, 0x08, 0, 0, 0, 0, 0, 0,
		0x00, 0x10, 0, 0, 0, 0, 0, 0,
		[40] = 0x07, 0x01, 0, 0,
		[44] = 0xde, 0xad, 0xbe, 0xef,	/* stale stack padding */
	};
	struct mdc_msg msg;

	mdc_msg_decode(lvb, &msg);
	KUNIT_EXPECT_EQ(test, msg.type, MDC_MSG_RESYNCING);
	KUNIT_EXPECT_EQ(test, msg.slot, 2);
	KUNIT_EXPECT_EQ(test, msg.low, 0x800);
	KUNIT_EXPECT_EQ(test, msg.high, 0x1000);
	KUNIT_EXPECT_EQ(test, msg.raid_slot, 0x107);
}

static void mdc_msg_roundtrip_test(struct kunit *test)
{
	u8 lvb[MDC_LVB_LEN];
	struct mdc_msg out;

	mdc_msg_encode(&mdc_test_msg, lvb);
	mdc_msg_decode(lvb, &out);
	KUNIT_EXPECT_MEMEQ(test, &out, &mdc_test_msg, sizeof(out));
}

static void mdc_resync_lvb_test(struct kunit *test)
{
	static const u8 want[16] = {
		0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01,
		0x10, 0x0f, 0x0e, 0x0d, 0x0c, 0x0b, 0x0a, 0x09,
	};
	u8 lvb[MDC_LVB_LEN];
	u64 lo, hi;

	memset(lvb, 0x55, sizeof(lvb));
	mdc_resync_encode(lvb, 0x0102030405060708ULL, 0x090a0b0c0d0e0f10ULL);
	KUNIT_EXPECT_MEMEQ(test, lvb, want, sizeof(want));
	/* the rest of the value block is not ours to touch */
	KUNIT_EXPECT_EQ(test, lvb[16], 0x55);
	mdc_resync_decode(lvb, &lo, &hi);
	KUNIT_EXPECT_EQ(test, lo, 0x0102030405060708ULL);
	KUNIT_EXPECT_EQ(test, hi, 0x090a0b0c0d0e0f10ULL);
}

struct mdc_bitmap_lock_name_case {
	const char *desc;
	int slot;
	size_t len;
	int err;
	const char *name;	/* when err is 0 */
};

static const struct mdc_bitmap_lock_name_case mdc_bitmap_lock_name_cases[] = {
	{ "slot 0", 0, MDC_LOCK_NAME_LEN, 0, "bitmap0000" },
	{ "slot 7, zero-padded", 7, MDC_LOCK_NAME_LEN, 0, "bitmap0007" },
	{ "last slot", MDC_MAX_SLOTS - 1, MDC_LOCK_NAME_LEN, 0, "bitmap1023" },
	{ "negative slot", -1, MDC_LOCK_NAME_LEN, -ERANGE },
	{ "slot past the map", MDC_MAX_SLOTS, MDC_LOCK_NAME_LEN, -ERANGE },
	{ "short buffer", 1, 8, -ERANGE },
};

KUNIT_ARRAY_PARAM_DESC(mdc_bitmap_lock_name, mdc_bitmap_lock_name_cases, desc)

static void mdc_bitmap_lock_name_test(struct kunit *test)
{
	const struct mdc_bitmap_lock_name_case *c = test->param_value;
	char name[MDC_LOCK_NAME_LEN];

	KUNIT_ASSERT_LE(test, c->len, sizeof(name));
	KUNIT_ASSERT_EQ(test, mdc_bitmap_lock_name(name, c->len, c->slot),
			c->err);
	if (!c->err)
		KUNIT_EXPECT_STREQ(test, name, c->name);
}

/* The stock module's resource names: DLM matches peers' locks by name. */
struct mdc_lock_name_case {
	const char *desc;
	const char *name;
	const char *want;
};

static const struct mdc_lock_name_case mdc_lock_name_cases[] = {
	{ "MDC_LOCK_TOKEN", MDC_LOCK_TOKEN, "token" },
	{ "MDC_LOCK_MESSAGE", MDC_LOCK_MESSAGE, "message" },
	{ "MDC_LOCK_ACK", MDC_LOCK_ACK, "ack" },
	{ "MDC_LOCK_NO_NEW_DEV", MDC_LOCK_NO_NEW_DEV, "no-new-dev" },
	{ "MDC_LOCK_RESYNC", MDC_LOCK_RESYNC, "resync" },
};

KUNIT_ARRAY_PARAM_DESC(mdc_lock_name, mdc_lock_name_cases, desc)

static void mdc_lock_name_test(struct kunit *test)
{
	const struct mdc_lock_name_case *c = test->param_value;

	KUNIT_EXPECT_STREQ(test, c->name, c->want);
}

static struct kunit_case mdc_wire_test_cases[] = {
	KUNIT_CASE(mdc_wire_layout_test),
	KUNIT_CASE_PARAM(mdc_msg_number_test, mdc_msg_number_gen_params),
	KUNIT_CASE(mdc_msg_encode_test),
	KUNIT_CASE(mdc_msg_decode_stock_test),
	KUNIT_CASE(mdc_msg_roundtrip_test),
	KUNIT_CASE(mdc_resync_lvb_test),
	KUNIT_CASE_PARAM(mdc_bitmap_lock_name_test,
			 mdc_bitmap_lock_name_gen_params),
	KUNIT_CASE_PARAM(mdc_lock_name_test, mdc_lock_name_gen_params),
	{}
};

static struct kunit_suite mdc_wire_test_suite = {
	.name = "md_cluster_wire",
	.test_cases = mdc_wire_test_cases,
};

/* slot 1 of 4 in an array whose members hold 2^20 sectors together */
#define MDC_TEST_SECTORS	BIT_ULL(20)

static const struct mdc_view mdc_test_view = {
	.nodes = 4,
	.my_slot = 1,
	.max_sectors = MDC_TEST_SECTORS,
	.window_slack = MDC_WINDOW_SECTORS,
};

struct mdc_msg_check_case {
	const char *desc;
	u32 type;
	u32 slot;
	u64 low;
	u64 high;
	u32 raid_slot;
	enum mdc_reject want;
};

static const struct mdc_msg_check_case mdc_msg_check_cases[] = {
	/* a known number from another slot, with a plain window */
	{ "METADATA_UPDATED", MDC_MSG_METADATA_UPDATED, 2, 0, 8, 0,
	  MDC_ACCEPT },
	{ "RESYNCING", MDC_MSG_RESYNCING, 2, 0, 8, 0, MDC_ACCEPT },
	{ "NEWDISK", MDC_MSG_NEWDISK, 2, 0, 8, 0, MDC_ACCEPT },
	{ "REMOVE", MDC_MSG_REMOVE, 2, 0, 8, 0, MDC_ACCEPT },
	{ "RE_ADD", MDC_MSG_RE_ADD, 2, 0, 8, 0, MDC_ACCEPT },
	{ "BITMAP_NEEDS_SYNC", MDC_MSG_BITMAP_NEEDS_SYNC, 2, 0, 8, 0,
	  MDC_ACCEPT },
	{ "CHANGE_CAPACITY", MDC_MSG_CHANGE_CAPACITY, 2, 0, 8, 0, MDC_ACCEPT },
	{ "BITMAP_RESIZE", MDC_MSG_BITMAP_RESIZE, 2, 0, 8, 0, MDC_ACCEPT },
	{ "RESYNCING_START", MDC_MSG_RESYNCING_START, 2, 0, 8, 0, MDC_ACCEPT },
	{ "type 9: one past the last", 9, 2, 0, 8, 0, MDC_REJ_TYPE },
	{ "type U32_MAX", U32_MAX, 2, 0, 8, 0, MDC_REJ_TYPE },

	{ "sender slot 0", MDC_MSG_RESYNCING, 0, 0, 8, 0, MDC_ACCEPT },
	{ "sender slot 3, the last of 4", MDC_MSG_RESYNCING, 3, 0, 8,
	  0, MDC_ACCEPT },
	{ "sender slot 4 of 4", MDC_MSG_RESYNCING, 4, 0, 8, 0, MDC_REJ_SLOT },
	{ "sender slot 64", MDC_MSG_RESYNCING, 64, 0, 8, 0, MDC_REJ_SLOT },
	{ "sender slot U32_MAX", MDC_MSG_RESYNCING, U32_MAX, 0, 8, 0,
	  MDC_REJ_SLOT },
	{ "sender slot is ours", MDC_MSG_RESYNCING, 1, 0, 8, 0,
	  MDC_REJ_OWN_SLOT },

	{ "window low above high", MDC_MSG_RESYNCING, 2, 200, 100, 0,
	  MDC_REJ_RANGE },
	{ "empty window", MDC_MSG_RESYNCING, 2, 100, 100, 0, MDC_ACCEPT },
	/* high 0 ends a resync: low is whatever the sender had */
	{ "resync done with a stale low", MDC_MSG_RESYNCING, 2, 200,
	  0, 0, MDC_ACCEPT },

	{ "last device number", MDC_MSG_METADATA_UPDATED, 2, 0, 0,
	  MDC_MAX_RAID_SLOT - 1, MDC_ACCEPT },
	{ "device number one past the last",
	  MDC_MSG_METADATA_UPDATED, 2, 0, 0, MDC_MAX_RAID_SLOT,
	  MDC_REJ_RAID_SLOT },
	{ "REMOVE of device U32_MAX", MDC_MSG_REMOVE, 2, 0, 0,
	  U32_MAX, MDC_REJ_RAID_SLOT },
	{ "RE_ADD of device 5000", MDC_MSG_RE_ADD, 2, 0, 0, 5000,
	  MDC_REJ_RAID_SLOT },
	{ "NEWDISK of device 5000", MDC_MSG_NEWDISK, 2, 0, 0, 5000,
	  MDC_REJ_RAID_SLOT },

	{ "bitmap resize to 0", MDC_MSG_BITMAP_RESIZE, 2, 0, 0, 0,
	  MDC_REJ_SIZE },
	{ "bitmap resize past 2^48", MDC_MSG_BITMAP_RESIZE, 2, 0,
	  BIT_ULL(48) + 1, 0, MDC_REJ_SIZE },
	{ "bitmap resize to 2048", MDC_MSG_BITMAP_RESIZE, 2, 0, 2048,
	  0, MDC_ACCEPT },
	{ "bitmap resize to the array's size", MDC_MSG_BITMAP_RESIZE,
	  2, 0, MDC_TEST_SECTORS, 0, MDC_ACCEPT },
	{ "bitmap resize past the array's size",
	  MDC_MSG_BITMAP_RESIZE, 2, 0, MDC_TEST_SECTORS + 1, 0,
	  MDC_REJ_SIZE },

	{ "window over the whole array", MDC_MSG_RESYNCING, 2, 0,
	  MDC_TEST_SECTORS, 0, MDC_ACCEPT },
	/* raid1's last window reaches one window past the end */
	{ "window one window past the end", MDC_MSG_RESYNCING, 2,
	  MDC_TEST_SECTORS, MDC_TEST_SECTORS + MDC_WINDOW_SECTORS, 0,
	  MDC_ACCEPT },
	{ "window one sector further", MDC_MSG_RESYNCING, 2,
	  MDC_TEST_SECTORS, MDC_TEST_SECTORS + MDC_WINDOW_SECTORS + 1,
	  0, MDC_REJ_BEYOND },
	{ "window at U64_MAX", MDC_MSG_RESYNCING, 2, U64_MAX - 1,
	  U64_MAX, 0, MDC_REJ_BEYOND },
	{ "window from 0 to U64_MAX", MDC_MSG_RESYNCING, 2, 0,
	  U64_MAX, 0, MDC_REJ_BEYOND },
	/* the end of a resync names no sector */
	{ "resync done with low U64_MAX", MDC_MSG_RESYNCING, 2,
	  U64_MAX, 0, 0, MDC_ACCEPT },
};

KUNIT_ARRAY_PARAM_DESC(mdc_msg_check, mdc_msg_check_cases, desc)

static void mdc_msg_check_test(struct kunit *test)
{
	const struct mdc_msg_check_case *c = test->param_value;
	struct mdc_msg msg = {
		.type = c->type,
		.slot = c->slot,
		.low = c->low,
		.high = c->high,
		.raid_slot = c->raid_slot,
	};

	KUNIT_EXPECT_EQ(test, mdc_msg_check(&msg, &mdc_test_view), c->want);
}

/* No sum in the bound may wrap, whatever the array's size. */
struct mdc_window_check_case {
	const char *desc;
	u64 max_sectors;
	u64 lo;
	u64 hi;
	enum mdc_reject want;
};

static const struct mdc_window_check_case mdc_window_check_cases[] = {
	{ "array of U64_MAX - 10 sectors, window to U64_MAX",
	  U64_MAX - 10, 0, U64_MAX, MDC_ACCEPT },
	{ "empty array, one window", 0, 0, MDC_WINDOW_SECTORS, MDC_ACCEPT },
	{ "empty array, one window and a sector",
	  0, 0, MDC_WINDOW_SECTORS + 1, MDC_REJ_BEYOND },
};

KUNIT_ARRAY_PARAM_DESC(mdc_window_check, mdc_window_check_cases, desc)

static void mdc_window_check_test(struct kunit *test)
{
	const struct mdc_window_check_case *c = test->param_value;
	struct mdc_view view = mdc_test_view;

	view.max_sectors = c->max_sectors;
	KUNIT_EXPECT_EQ(test, mdc_window_check(&view, c->lo, c->hi), c->want);
}

/* The reasons are what an administrator reads in the kernel log. */
struct mdc_reject_name_case {
	const char *desc;
	enum mdc_reject why;
	const char *name;
};

static const struct mdc_reject_name_case mdc_reject_name_cases[] = {
	{ "MDC_ACCEPT", MDC_ACCEPT, "accepted" },
	{ "MDC_REJ_TYPE", MDC_REJ_TYPE, "unknown type" },
	{ "MDC_REJ_SLOT", MDC_REJ_SLOT, "sender slot out of range" },
	{ "MDC_REJ_OWN_SLOT", MDC_REJ_OWN_SLOT, "sender slot is ours" },
	{ "MDC_REJ_RANGE", MDC_REJ_RANGE, "low above high" },
	{ "MDC_REJ_RAID_SLOT", MDC_REJ_RAID_SLOT,
	  "device number out of range" },
	{ "MDC_REJ_SIZE", MDC_REJ_SIZE, "implausible size" },
	{ "MDC_REJ_BEYOND", MDC_REJ_BEYOND, "window beyond the array" },
	{ "MDC_REJ_NO_DEVICE", MDC_REJ_NO_DEVICE, "no such device here" },
	{ "MDC_REJ_NR", MDC_REJ_NR, "?" },
};

KUNIT_ARRAY_PARAM_DESC(mdc_reject_name, mdc_reject_name_cases, desc)

static void mdc_reject_name_test(struct kunit *test)
{
	const struct mdc_reject_name_case *c = test->param_value;

	KUNIT_EXPECT_STREQ(test, mdc_reject_name(c->why), c->name);
}

static struct kunit_case mdc_validate_test_cases[] = {
	KUNIT_CASE_PARAM(mdc_msg_check_test, mdc_msg_check_gen_params),
	KUNIT_CASE_PARAM(mdc_window_check_test, mdc_window_check_gen_params),
	KUNIT_CASE_PARAM(mdc_reject_name_test, mdc_reject_name_gen_params),
	{}
};

static struct kunit_suite mdc_validate_test_suite = {
	.name = "md_cluster_validate",
	.test_cases = mdc_validate_test_cases,
};

static void mdc_window_clear_test(struct kunit *test)
{
	struct mdc_window r;

	mdc_window_set(&r, 2, 100, 200);
	mdc_window_clear(&r);
	KUNIT_EXPECT_FALSE(test, mdc_window_active(&r));
	KUNIT_EXPECT_EQ(test, r.from, -1);
	KUNIT_EXPECT_EQ(test, r.hi, 0);
	KUNIT_EXPECT_FALSE(test, mdc_window_overlaps(&r, 0, ~0ULL));
	KUNIT_EXPECT_FALSE(test, mdc_window_owned_by(&r, 2));
}

/* Setting an empty window, or an end of 0, clears the one there was. */
struct mdc_window_set_case {
	const char *desc;
	int from;
	u64 lo;
	u64 hi;
	bool active;
	int want_from;
	u64 want_hi;
};

static const struct mdc_window_set_case mdc_window_set_cases[] = {
	{ "window 100..200 of slot 2", 2, 100, 200, true, 2, 200 },
	{ "end 0 clears", 2, 300, 0, false, -1, 0 },
	{ "empty window clears", 3, 300, 300, false, -1, 0 },
	{ "low above high clears", 3, 400, 300, false, -1, 0 },
};

KUNIT_ARRAY_PARAM_DESC(mdc_window_set, mdc_window_set_cases, desc)

static void mdc_window_set_test(struct kunit *test)
{
	const struct mdc_window_set_case *c = test->param_value;
	struct mdc_window r;

	/* an older window of another slot, which a clear must not leave */
	mdc_window_set(&r, 7, 1, 2);
	mdc_window_set(&r, c->from, c->lo, c->hi);
	KUNIT_EXPECT_EQ(test, mdc_window_active(&r), c->active);
	KUNIT_EXPECT_EQ(test, r.from, c->want_from);
	KUNIT_EXPECT_EQ(test, r.hi, c->want_hi);
	KUNIT_EXPECT_EQ(test, mdc_window_owned_by(&r, c->from), c->active);
	KUNIT_EXPECT_FALSE(test, mdc_window_owned_by(&r, c->from + 1));
	KUNIT_EXPECT_FALSE(test, mdc_window_owned_by(&r, 7));
}

/* I/O [lo, hi) against slot 2's window [100, 200) */
struct mdc_window_overlaps_case {
	const char *desc;
	u64 lo;
	u64 hi;
	bool want;
};

static const struct mdc_window_overlaps_case mdc_window_overlaps_cases[] = {
	{ "I/O ending where the window starts", 0, 100, false },
	{ "I/O across the window's start", 99, 101, true },
	{ "I/O at the window's first sector", 100, 101, true },
	{ "I/O at the window's last sector", 199, 200, true },
	{ "I/O starting where the window ends", 200, 300, false },
	{ "I/O around the whole window", 0, 1000, true },
};

KUNIT_ARRAY_PARAM_DESC(mdc_window_overlaps, mdc_window_overlaps_cases, desc)

static void mdc_window_overlaps_test(struct kunit *test)
{
	const struct mdc_window_overlaps_case *c = test->param_value;
	struct mdc_window r;

	mdc_window_set(&r, 2, 100, 200);
	KUNIT_EXPECT_EQ(test, mdc_window_overlaps(&r, c->lo, c->hi), c->want);
}

/* Walks toward a bound below one step start at 0, where md never warns. */
struct mdc_walk_from_case {
	const char *desc;
	u64 old;
	u64 new;
	u64 step;
	u64 want;
};

static const struct mdc_walk_from_case mdc_walk_from_cases[] = {
	{ "bound above one step", 65536, 131072, 4096, 65536 },
	{ "bound of one step", 65536, 4096, 4096, 65536 },
	{ "bound a sector below one step", 1024, 4095, 4096, 0 },
	{ "from 0, bound below one step", 0, 8, 4096, 0 },
	/* a 64 MiB chunk: a page of counters spans 128 GiB */
	{ "64 MiB chunks", 65536, 131072, 131072ULL << 11, 0 },
};

KUNIT_ARRAY_PARAM_DESC(mdc_walk_from, mdc_walk_from_cases, desc)

static void mdc_walk_from_test(struct kunit *test)
{
	const struct mdc_walk_from_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, mdc_walk_from(c->old, c->new, c->step), c->want);
}

/* sysfs "suspended": "lo hi slot" or "none" */
struct mdc_window_format_case {
	const char *desc;
	int from;
	u64 lo;
	u64 hi;			/* 0: no window */
	size_t len;
	int want_len;
	const char *want;
};

static const struct mdc_window_format_case mdc_window_format_cases[] = {
	{ "no window", -1, 0, 0, 64, 5, "none\n" },
	{ "window of slot 2", 2, 65408, 130944, 64, 15, "65408 130944 2\n" },
	{ "widest window, last slot", 1023, 0, U64_MAX, 64, 28,
	  "0 18446744073709551615 1023\n" },
	/* a short buffer is cut, never overrun */
	{ "4-byte buffer", 1023, 0, U64_MAX, 4, 3, "0 1" },
};

KUNIT_ARRAY_PARAM_DESC(mdc_window_format, mdc_window_format_cases, desc)

static void mdc_window_format_test(struct kunit *test)
{
	const struct mdc_window_format_case *c = test->param_value;
	struct mdc_window r;
	char buf[64];

	KUNIT_ASSERT_LE(test, c->len, sizeof(buf));
	mdc_window_clear(&r);
	mdc_window_set(&r, c->from, c->lo, c->hi);
	memset(buf, 0xff, sizeof(buf));
	KUNIT_EXPECT_EQ(test, mdc_window_format(&r, buf, c->len), c->want_len);
	KUNIT_EXPECT_STREQ(test, buf, c->want);
	/* nothing past the given length is written */
	if (c->len < sizeof(buf))
		KUNIT_EXPECT_EQ(test, (u8)buf[c->len], 0xff);
}

/*
 * What a merged slot leaves to resync.  md's copy_from_slot() reports
 * 0..0 for chunk 0 alone and for nothing at all, and the second dirty
 * chunk as lo when chunk 0 is one of several: chunk 0 comes from the bits.
 */
struct mdc_dirty_span_case {
	const char *desc;
	u64 lo, hi;		/* as copy_from_slot() reports them */
	bool chunk0;		/* our chunk 0 needs a sync afterwards */
	bool dirty;
	u64 first, end;
};

#define MDC_TEST_CHUNK	131072ULL	/* a 64 MiB bitmap chunk */

static const struct mdc_dirty_span_case mdc_dirty_span_cases[] = {
	{ "nothing dirty", 0, 0, false, false, 0, 0 },
	{ "only chunk 0 dirty: md says 0..0", 0, 0, true, true,
	  0, MDC_TEST_CHUNK },
	{ "only chunk 1 dirty", MDC_TEST_CHUNK, MDC_TEST_CHUNK, false, true,
	  MDC_TEST_CHUNK, 2 * MDC_TEST_CHUNK },
	{ "chunks 2..5 dirty", 2 * MDC_TEST_CHUNK, 5 * MDC_TEST_CHUNK, false,
	  true, 2 * MDC_TEST_CHUNK, 6 * MDC_TEST_CHUNK },
	{ "chunks 0 and 3 dirty: md says lo is chunk 3", 3 * MDC_TEST_CHUNK,
	  3 * MDC_TEST_CHUNK, true, true, 0, 4 * MDC_TEST_CHUNK },
	{ "chunks 0, 1 and 7 dirty: md says lo is chunk 1", MDC_TEST_CHUNK,
	  7 * MDC_TEST_CHUNK, true, true, 0, 8 * MDC_TEST_CHUNK },
};

KUNIT_ARRAY_PARAM_DESC(mdc_dirty_span, mdc_dirty_span_cases, desc)

static void mdc_dirty_span_test(struct kunit *test)
{
	const struct mdc_dirty_span_case *c = test->param_value;
	u64 first = U64_MAX, end = U64_MAX;

	KUNIT_ASSERT_EQ(test, mdc_dirty_span(c->lo, c->hi, c->chunk0,
					     MDC_TEST_CHUNK, &first, &end),
			c->dirty);
	if (!c->dirty) {
		KUNIT_EXPECT_EQ(test, first, U64_MAX);
		return;
	}
	KUNIT_EXPECT_EQ(test, first, c->first);
	KUNIT_EXPECT_EQ(test, end, c->end);
}

static struct kunit_case mdc_window_test_cases[] = {
	KUNIT_CASE_PARAM(mdc_dirty_span_test, mdc_dirty_span_gen_params),
	KUNIT_CASE(mdc_window_clear_test),
	KUNIT_CASE_PARAM(mdc_window_set_test, mdc_window_set_gen_params),
	KUNIT_CASE_PARAM(mdc_window_overlaps_test,
			 mdc_window_overlaps_gen_params),
	KUNIT_CASE_PARAM(mdc_walk_from_test, mdc_walk_from_gen_params),
	KUNIT_CASE_PARAM(mdc_window_format_test, mdc_window_format_gen_params),
	{}
};

static struct kunit_suite mdc_window_test_suite = {
	.name = "md_cluster_window",
	.test_cases = mdc_window_test_cases,
};

/* DLM numbers slots from 1, the bitmap from 0 */
struct mdc_slot_from_dlm_case {
	const char *desc;
	int dlm_slot;
	int nodes;
	int want;
};

static const struct mdc_slot_from_dlm_case mdc_slot_from_dlm_cases[] = {
	{ "first DLM slot", 1, 3, 0 },
	{ "last DLM slot of 3", 3, 3, 2 },
	{ "DLM slot past the array's", 4, 3, -ERANGE },
	{ "DLM slot 0, which DLM never gives", 0, 3, -ERANGE },
	{ "negative DLM slot", -1, 3, -ERANGE },
	{ "DLM slot past the map", MDC_MAX_SLOTS + 1, 4096, -ERANGE },
	{ "last DLM slot of the map", MDC_MAX_SLOTS, 4096, MDC_MAX_SLOTS - 1 },
};

KUNIT_ARRAY_PARAM_DESC(mdc_slot_from_dlm, mdc_slot_from_dlm_cases, desc)

static void mdc_slot_from_dlm_test(struct kunit *test)
{
	const struct mdc_slot_from_dlm_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, mdc_slot_from_dlm(c->dlm_slot, c->nodes),
			c->want);
}

static void mdc_slot_map_test(struct kunit *test)
{
	struct mdc_slot_map map;

	mdc_slot_map_init(&map);
	KUNIT_EXPECT_TRUE(test, mdc_slot_map_empty(&map));
	KUNIT_EXPECT_EQ(test, mdc_slot_map_next(&map), -1);

	KUNIT_EXPECT_EQ(test, mdc_slot_map_add(&map, 5, 8), 0);
	KUNIT_EXPECT_EQ(test, mdc_slot_map_next(&map), 5);
	KUNIT_EXPECT_EQ(test, mdc_slot_map_add(&map, 2, 8), 0);
	KUNIT_EXPECT_EQ(test, mdc_slot_map_next(&map), 2);
	/* slots the array does not have: the stock module corrupts memory */
	KUNIT_EXPECT_EQ(test, mdc_slot_map_add(&map, 8, 8), -ERANGE);
	KUNIT_EXPECT_EQ(test, mdc_slot_map_add(&map, -1, 8), -ERANGE);
	KUNIT_EXPECT_EQ(test, mdc_slot_map_add(&map, 64, 4096), 0);
	KUNIT_EXPECT_EQ(test, mdc_slot_map_add(&map, MDC_MAX_SLOTS, 4096),
			-ERANGE);

	mdc_slot_map_del(&map, 2);
	KUNIT_EXPECT_EQ(test, mdc_slot_map_next(&map), 5);
	mdc_slot_map_del(&map, 5);
	KUNIT_EXPECT_EQ(test, mdc_slot_map_next(&map), 64);
	mdc_slot_map_del(&map, 64);
	mdc_slot_map_del(&map, -1);
	mdc_slot_map_del(&map, MDC_MAX_SLOTS);
	KUNIT_EXPECT_TRUE(test, mdc_slot_map_empty(&map));
}

/* sysfs slot lists of the map { 0, 2, 5 }: "0 2\n" */
struct mdc_slot_map_format_case {
	const char *desc;
	int nodes;
	int skip;
	int want_len;
	const char *want;
};

static const struct mdc_slot_map_format_case mdc_slot_map_format_cases[] = {
	{ "slots past the array's count left out", 4, -1, 4, "0 2\n" },
	{ "every slot", 8, -1, 6, "0 2 5\n" },
	/* recovery_pending leaves out the slot in progress */
	{ "first slot in progress", 8, 0, 4, "2 5\n" },
	{ "last slot in progress", 8, 5, 4, "0 2\n" },
};

KUNIT_ARRAY_PARAM_DESC(mdc_slot_map_format, mdc_slot_map_format_cases, desc)

/* Busy slots are retried in turn: the search from a slot wraps around. */
static void mdc_slot_map_next_from_test(struct kunit *test)
{
	struct mdc_slot_map map;

	mdc_slot_map_init(&map);
	KUNIT_EXPECT_EQ(test, mdc_slot_map_next_from(&map, 0), -1);
	KUNIT_EXPECT_EQ(test, mdc_slot_map_next_from(&map, 3), -1);
	mdc_slot_map_add(&map, 1, 4);
	mdc_slot_map_add(&map, 2, 4);
	KUNIT_EXPECT_EQ(test, mdc_slot_map_next_from(&map, 0), 1);
	/* after slot 1 was tried, slot 2 comes before slot 1 again */
	KUNIT_EXPECT_EQ(test, mdc_slot_map_next_from(&map, 2), 2);
	KUNIT_EXPECT_EQ(test, mdc_slot_map_next_from(&map, 3), 1);
	KUNIT_EXPECT_EQ(test, mdc_slot_map_next_from(&map, MDC_MAX_SLOTS), 1);
	KUNIT_EXPECT_EQ(test, mdc_slot_map_next_from(&map, -1), 1);
	mdc_slot_map_del(&map, 1);
	KUNIT_EXPECT_EQ(test, mdc_slot_map_next_from(&map, 3), 2);
	mdc_slot_map_add(&map, MDC_MAX_SLOTS - 1, MDC_MAX_SLOTS);
	KUNIT_EXPECT_EQ(test, mdc_slot_map_next_from(&map, 3),
			MDC_MAX_SLOTS - 1);
}

static void mdc_slot_map_format_test(struct kunit *test)
{
	const struct mdc_slot_map_format_case *c = test->param_value;
	struct mdc_slot_map map;
	char *buf;

	buf = kunit_kzalloc(test, PAGE_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	mdc_slot_map_init(&map);
	KUNIT_ASSERT_EQ(test, mdc_slot_map_add(&map, 0, 8), 0);
	KUNIT_ASSERT_EQ(test, mdc_slot_map_add(&map, 2, 8), 0);
	KUNIT_ASSERT_EQ(test, mdc_slot_map_add(&map, 5, 8), 0);
	KUNIT_EXPECT_EQ(test, mdc_slot_map_format(&map, c->nodes, c->skip, buf,
						  PAGE_SIZE), c->want_len);
	KUNIT_EXPECT_STREQ(test, buf, c->want);
}

static void mdc_slot_map_format_empty_test(struct kunit *test)
{
	struct mdc_slot_map map;
	char *buf;

	buf = kunit_kzalloc(test, PAGE_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	mdc_slot_map_init(&map);
	KUNIT_EXPECT_EQ(test, mdc_slot_map_format(&map, 4, -1, buf, PAGE_SIZE),
			1);
	KUNIT_EXPECT_STREQ(test, buf, "\n");
}

/* every slot set: more than a page of text, cut at the page */
static void mdc_slot_map_format_full_test(struct kunit *test)
{
	struct mdc_slot_map map;
	char *buf;
	int i, n;

	buf = kunit_kzalloc(test, PAGE_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	mdc_slot_map_init(&map);
	for (i = 0; i < MDC_MAX_SLOTS; i++)
		mdc_slot_map_add(&map, i, MDC_MAX_SLOTS);
	n = mdc_slot_map_format(&map, MDC_MAX_SLOTS, -1, buf, PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, n, (int)strlen(buf));
	KUNIT_EXPECT_LT(test, n, (int)PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, strncmp(buf, "0 1 2 3 ", 8), 0);
}

/*
 * A held bitmap lock: absent owners are waited for, a member that asked
 * for a sync is waited for while it leaves, any other member keeps its
 * bits.
 */
static void mdc_busy_slot_action_test(struct kunit *test)
{
	static const struct {
		bool alive, leaving, overdue;
		enum mdc_busy_slot want;
	} cases[] = {
		{ false, false, false, MDC_BUSY_RETRY },
		{ false, true, false, MDC_BUSY_RETRY },
		{ false, true, true, MDC_BUSY_RETRY },
		{ false, false, true, MDC_BUSY_RETRY },
		{ true, false, false, MDC_BUSY_OWNER_BACK },
		{ true, false, true, MDC_BUSY_OWNER_BACK },
		{ true, true, false, MDC_BUSY_RETRY },
		{ true, true, true, MDC_BUSY_LEFT_LATE },
	};
	int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++)
		KUNIT_EXPECT_EQ_MSG(test,
				    mdc_busy_slot_action(cases[i].alive,
							 cases[i].leaving,
							 cases[i].overdue),
				    cases[i].want, "case %d", i);
}

static struct kunit_case mdc_slots_test_cases[] = {
	KUNIT_CASE(mdc_busy_slot_action_test),
	KUNIT_CASE_PARAM(mdc_slot_from_dlm_test, mdc_slot_from_dlm_gen_params),
	KUNIT_CASE(mdc_slot_map_test),
	KUNIT_CASE(mdc_slot_map_next_from_test),
	KUNIT_CASE(mdc_slot_map_format_empty_test),
	KUNIT_CASE_PARAM(mdc_slot_map_format_test,
			 mdc_slot_map_format_gen_params),
	KUNIT_CASE(mdc_slot_map_format_full_test),
	{}
};

static struct kunit_suite mdc_slots_test_suite = {
	.name = "md_cluster_slots",
	.test_cases = mdc_slots_test_cases,
};

/*
 * md_cluster_peers: who may be sent what.  A row's kinds string has one
 * character per slot: '-' absent, 'S' this node, 'O' ours (version 1, our
 * capabilities), 'o' ours whose advertisement was not read, 'N' a newer
 * node of ours (an extra capability bit), 'T' stock that sent
 * RESYNCING_START, 'U' unknown (possibly Linux 6.1).
 */
static void mdc_test_peers_fill(const char *kinds, struct mdc_peer *peers)
{
	int i;

	for (i = 0; kinds[i]; i++) {
		struct mdc_peer *p = &peers[i];

		p->version = 0;
		p->caps = 0;
		switch (kinds[i]) {
		case 'S':
		case 'O':
			p->kind = kinds[i] == 'S' ? MDC_KIND_SELF : MDC_KIND_OURS;
			p->version = MDC_ADVERT_VERSION;
			p->caps = MDC_CAPS_OURS;
			break;
		case 'N':
			p->kind = MDC_KIND_OURS;
			p->version = MDC_ADVERT_VERSION + 1;
			p->caps = MDC_CAPS_OURS | BIT_ULL(5);
			break;
		case 'o':
			p->kind = MDC_KIND_OURS;
			break;
		case 'T':
			p->kind = MDC_KIND_STOCK;
			break;
		case 'U':
			p->kind = MDC_KIND_UNKNOWN;
			break;
		default:
			p->kind = MDC_KIND_ABSENT;
			break;
		}
	}
}

struct mdc_peers_decide_case {
	const char *desc;
	const char *kinds;
	bool changing;
	enum mdc_peers_mode mode;
	bool announce;
	u64 caps;
	int held_by;
};

static const struct mdc_peers_decide_case mdc_peers_decide_cases[] = {
	{ "alone", "S---", false, MDC_PEERS_AUTO, true, MDC_CAPS_OURS, -1 },
	{ "all ours", "SOOO", false, MDC_PEERS_AUTO, true, MDC_CAPS_OURS, -1 },
	{ "ours, one unread", "SOo-", false, MDC_PEERS_AUTO, true,
	  MDC_CAP_RESYNCING_START, -1 },
	{ "a newer node of ours", "SN--", false, MDC_PEERS_AUTO, true,
	  MDC_CAPS_OURS, -1 },
	{ "ours and stock 6.12", "SOT-", false, MDC_PEERS_AUTO, true, 0, -1 },
	{ "stock 6.12 only", "TST-", false, MDC_PEERS_AUTO, true, 0, -1 },
	{ "one unknown", "SOOU", false, MDC_PEERS_AUTO, false, 0, 3 },
	{ "first unknown named", "UST-U", false, MDC_PEERS_AUTO, false, 0, 0 },
	{ "stock and unknown", "SUT-", false, MDC_PEERS_AUTO, false, 0, 1 },
	{ "join being reported", "SOO-", true, MDC_PEERS_AUTO, false, 0,
	  MDC_HELD_BY_JOIN },
	{ "join beside an unknown", "SU--", true, MDC_PEERS_AUTO, false, 0,
	  MDC_HELD_BY_JOIN },
	{ "legacy, all ours", "SOOO", false, MDC_PEERS_LEGACY, false,
	  MDC_CAPS_OURS, -1 },
	{ "current, an unknown", "SU--", false, MDC_PEERS_CURRENT, true, 0,
	  -1 },
	{ "current while joining", "SO--", true, MDC_PEERS_CURRENT, true, 0,
	  -1 },
};

KUNIT_ARRAY_PARAM_DESC(mdc_peers_decide, mdc_peers_decide_cases, desc);

static void mdc_peers_decide_test(struct kunit *test)
{
	const struct mdc_peers_decide_case *c = test->param_value;
	struct mdc_peer peers[8];
	struct mdc_peer_verdict v;
	int n = strlen(c->kinds);

	KUNIT_ASSERT_LE(test, n, (int)ARRAY_SIZE(peers));
	mdc_test_peers_fill(c->kinds, peers);
	mdc_peers_decide(peers, n, c->changing, c->mode, &v);
	KUNIT_EXPECT_EQ(test, v.announce_start, c->announce);
	KUNIT_EXPECT_EQ(test, v.caps, c->caps);
	KUNIT_EXPECT_EQ(test, v.held_by, c->held_by);
}

/*
 * Every mix of three peers (absent, ours, stock, unknown) beside this
 * node, with and without a join being reported: in auto mode an unknown
 * peer or a join always withholds, and any peer not ours always clears the
 * extensions.
 */
static void mdc_peers_decide_all_test(struct kunit *test)
{
	static const char alphabet[] = "-OTU";
	char kinds[5] = "S...";
	struct mdc_peer peers[4];
	struct mdc_peer_verdict v;
	int combo, i, changing;

	for (combo = 0; combo < 64; combo++) {
		bool unknown = false, foreign = false;

		for (i = 0; i < 3; i++) {
			kinds[i + 1] = alphabet[(combo >> (2 * i)) & 3];
			unknown |= kinds[i + 1] == 'U';
			foreign |= kinds[i + 1] == 'U' || kinds[i + 1] == 'T';
		}
		for (changing = 0; changing < 2; changing++) {
			mdc_test_peers_fill(kinds, peers);
			mdc_peers_decide(peers, 4, changing, MDC_PEERS_AUTO, &v);
			KUNIT_EXPECT_EQ_MSG(test, v.announce_start,
					    !unknown && !changing, "%s %d",
					    kinds, changing);
			KUNIT_EXPECT_EQ_MSG(test, v.caps,
					    foreign || changing ? 0 :
					    MDC_CAPS_OURS, "%s %d", kinds,
					    changing);
		}
	}
}

static void mdc_advert_test(struct kunit *test)
{
	char lvb[MDC_LVB_LEN];
	static const u8 want[MDC_ADVERT_LEN] = {
		0x4d, 0x44, 0x43, 0x50, 0x01, 0x00, 0x00, 0x00,
		0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x80,
	};
	u16 version;
	u64 caps;

	memset(lvb, 0xaa, sizeof(lvb));
	mdc_advert_encode(1, BIT_ULL(63) | 1, lvb);
	KUNIT_EXPECT_MEMEQ(test, lvb, want, sizeof(want));
	KUNIT_EXPECT_EQ(test, mdc_advert_decode(lvb, &version, &caps), 0);
	KUNIT_EXPECT_EQ(test, version, 1);
	KUNIT_EXPECT_EQ(test, caps, BIT_ULL(63) | 1);
	/* a zeroed or foreign value block is no advertisement */
	memset(lvb, 0, sizeof(lvb));
	KUNIT_EXPECT_EQ(test, mdc_advert_decode(lvb, &version, &caps),
			-ENODATA);
	mdc_advert_encode(0, 1, lvb);
	KUNIT_EXPECT_EQ(test, mdc_advert_decode(lvb, &version, &caps),
			-ENODATA);
}

static void mdc_advert_lock_name_test(struct kunit *test)
{
	char name[MDC_LOCK_NAME_LEN];

	KUNIT_EXPECT_EQ(test, mdc_advert_lock_name(name, sizeof(name), 3), 0);
	KUNIT_EXPECT_STREQ(test, name, "mdc-peer0003");
	KUNIT_EXPECT_EQ(test, mdc_advert_lock_name(name, sizeof(name),
						   MDC_MAX_SLOTS), -ERANGE);
	KUNIT_EXPECT_EQ(test, mdc_advert_lock_name(name, sizeof(name), -1),
			-ERANGE);
}

static void mdc_peers_mode_test(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, mdc_peers_mode_parse("auto"), MDC_PEERS_AUTO);
	KUNIT_EXPECT_EQ(test, mdc_peers_mode_parse("legacy\n"),
			MDC_PEERS_LEGACY);
	KUNIT_EXPECT_EQ(test, mdc_peers_mode_parse("current"),
			MDC_PEERS_CURRENT);
	KUNIT_EXPECT_EQ(test, mdc_peers_mode_parse("1"), -EINVAL);
	KUNIT_EXPECT_EQ(test, mdc_peers_mode_parse(""), -EINVAL);
	KUNIT_EXPECT_STREQ(test, mdc_peers_mode_name(MDC_PEERS_LEGACY),
			   "legacy");
}

static void mdc_peers_format_test(struct kunit *test)
{
	struct mdc_peer peers[5];
	char *buf;

	buf = kunit_kzalloc(test, PAGE_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	mdc_test_peers_fill("OS-TU", peers);
	KUNIT_EXPECT_EQ(test, mdc_peers_format(peers, 5, buf, PAGE_SIZE),
			(int)strlen(buf));
	KUNIT_EXPECT_STREQ(test, buf,
			   "0 ours 1 0x1\n1 self 1 0x1\n3 stock\n4 unknown\n");
}

static struct kunit_case mdc_peers_test_cases[] = {
	KUNIT_CASE_PARAM(mdc_peers_decide_test, mdc_peers_decide_gen_params),
	KUNIT_CASE(mdc_peers_decide_all_test),
	KUNIT_CASE(mdc_advert_test),
	KUNIT_CASE(mdc_advert_lock_name_test),
	KUNIT_CASE(mdc_peers_mode_test),
	KUNIT_CASE(mdc_peers_format_test),
	{}
};

static struct kunit_suite mdc_peers_test_suite = {
	.name = "md_cluster_peers",
	.test_cases = mdc_peers_test_cases,
};

/*
 * The suites below test rules that read the per-array state.  Their
 * fixture takes that state from mdc_cluster_alloc(), the module's own
 * initialiser, so that a field added there reaches them too: slot 1 of 4,
 * attached as join() attaches it, to a bare mddev (no personality, no
 * bitmap, no lockspace).
 */
static int mdc_state_init(struct kunit *test)
{
	struct mdc_cluster *mc;
	struct mddev *mddev;

	mddev = kunit_kzalloc(test, sizeof(*mddev), GFP_KERNEL);
	if (!mddev)
		return -ENOMEM;
	/* what the code under test takes or waits on; mddev_init()'s job */
	mutex_init(&mddev->reconfig_mutex);
	mutex_init(&mddev->bitmap_info.mutex);
	init_waitqueue_head(&mddev->sb_wait);
	INIT_LIST_HEAD(&mddev->disks);
	INIT_LIST_HEAD(&mddev->deleting);
	mc = mdc_cluster_alloc(mddev, 4);
	if (!mc)
		return -ENOMEM;
	mc->slot = 1;
	mdc_attach(mddev, mc);
	test->priv = mc;
	return 0;
}

static void mdc_state_exit(struct kunit *test)
{
	struct mdc_cluster *mc = test->priv;

	if (!mc)
		return;
	/* a test that failed half-way must not leave work on freed state */
	mdc_recovery_stop(mc);
	cancel_delayed_work_sync(&mc->handover_expiry);
	mdc_attach(mc->mddev, NULL);
	mdc_cluster_put(mc);
}

/*
 * Which waits give up when: bounded waits never abort early, unbounded
 * ones do on stop, and a sync thread's waits also on md's interruption.
 */
struct mdc_stop_requested_case {
	const char *desc;
	bool stopping;		/* MDC_F_STOPPING */
	bool recv_in_md;	/* MDC_F_RECV_IN_MD */
	bool intr;		/* MD_RECOVERY_INTR */
	bool closing;		/* MD_CLOSING */
	enum mdc_wait how;
	bool want;
};

static const struct mdc_stop_requested_case mdc_stop_requested_cases[] = {
	{ "stopping: DLM wait goes on", true, false, false, false,
	  MDC_WAIT_DLM, false },
	{ "stopping: peer wait goes on", true, false, false, false,
	  MDC_WAIT_PEER, false },
	{ "stopping: token wait goes on", true, false, false, false,
	  MDC_WAIT_TOKEN, false },
	{ "stopping: stop wait ends", true, false, false, false,
	  MDC_WAIT_STOP, true },
	{ "running: stop wait goes on", false, false, false, false,
	  MDC_WAIT_STOP, false },
	{ "running: sync stop wait goes on", false, false, false, false,
	  MDC_WAIT_SYNC_STOP, false },
	/* md interrupting the sync only stops the sync thread's wait */
	{ "sync interrupted: sync stop wait ends", false, false, true, false,
	  MDC_WAIT_SYNC_STOP, true },
	{ "sync interrupted: stop wait goes on", false, false, true, false,
	  MDC_WAIT_STOP, false },
	{ "array closing: sync stop wait ends", false, false, false, true,
	  MDC_WAIT_SYNC_STOP, true },
	{ "running: sync send goes on", false, false, false, false,
	  MDC_WAIT_SYNC_SEND, false },
	/* an interrupted sync still announces the window it works in */
	{ "sync interrupted, array closing: sync send goes on",
	  false, false, true, true, MDC_WAIT_SYNC_SEND, false },
	{ "sync interrupted, array closing: sync stop wait ends",
	  false, false, true, true, MDC_WAIT_SYNC_STOP, true },
	/* our receive thread waiting for the sync's barrier ends the wait */
	{ "receive thread in md: sync send ends",
	  false, true, true, true, MDC_WAIT_SYNC_SEND, true },
	{ "receive thread in md: token wait goes on",
	  false, true, true, true, MDC_WAIT_TOKEN, false },
	{ "receive thread in md: stop wait goes on",
	  false, true, true, true, MDC_WAIT_STOP, false },
	{ "stopping: sync send ends", true, false, true, true,
	  MDC_WAIT_SYNC_SEND, true },
};

KUNIT_ARRAY_PARAM_DESC(mdc_stop_requested, mdc_stop_requested_cases, desc)

static void mdc_stop_requested_test(struct kunit *test)
{
	const struct mdc_stop_requested_case *c = test->param_value;
	struct mdc_cluster *mc = test->priv;

	if (c->stopping)
		set_bit(MDC_F_STOPPING, &mc->flags);
	if (c->recv_in_md)
		set_bit(MDC_F_RECV_IN_MD, &mc->flags);
	if (c->intr)
		set_bit(MD_RECOVERY_INTR, &mc->mddev->recovery);
	if (c->closing)
		set_bit(MD_CLOSING, &mc->mddev->flags);
	KUNIT_EXPECT_EQ(test, mdc_stop_requested(mc, c->how), c->want);
}

/*
 * A bounded wait during a DLM recovery (fencing): extended while the
 * lockspace recovers, until MDC_RECOVERY_GRACE after it and never past its
 * cap; over at once otherwise.  Times are offsets from a base near the
 * jiffies wrap, where plain comparisons would get it wrong.
 */
struct mdc_deadline_case {
	const char *desc;
	long now;		/* offsets from base */
	long deadline;
	long cap;
	bool recovering;
	enum mdc_deadline_verdict want;
	long want_deadline;
};

#define MDC_DL_CAP	(MDC_FENCE_TIMEOUT + 30 * HZ)

static const struct mdc_deadline_case mdc_deadline_cases[] = {
	{ "before the bound", 29 * HZ, 30 * HZ, MDC_DL_CAP, false,
	  MDC_DEADLINE_WAIT, 30 * HZ },
	{ "at the bound", 30 * HZ, 30 * HZ, MDC_DL_CAP, true,
	  MDC_DEADLINE_WAIT, 30 * HZ },
	{ "past the bound, no recovery", 30 * HZ + 1, 30 * HZ, MDC_DL_CAP,
	  false, MDC_DEADLINE_EXPIRED, 30 * HZ },
	{ "past the bound, recovering", 31 * HZ, 30 * HZ, MDC_DL_CAP, true,
	  MDC_DEADLINE_EXTENDED, 31 * HZ + MDC_RECOVERY_GRACE },
	/* the recovery ended: the extended bound still holds for a while */
	{ "inside the grace after recovery", 35 * HZ,
	  31 * HZ + MDC_RECOVERY_GRACE, MDC_DL_CAP, false,
	  MDC_DEADLINE_WAIT, 31 * HZ + MDC_RECOVERY_GRACE },
	{ "past the grace after recovery", 31 * HZ + MDC_RECOVERY_GRACE + 1,
	  31 * HZ + MDC_RECOVERY_GRACE, MDC_DL_CAP, false,
	  MDC_DEADLINE_EXPIRED, 31 * HZ + MDC_RECOVERY_GRACE },
	{ "recovering near the cap: bound moved to the cap",
	  MDC_DL_CAP - HZ, MDC_DL_CAP - 2 * HZ, MDC_DL_CAP, true,
	  MDC_DEADLINE_EXTENDED, MDC_DL_CAP },
	{ "recovering at the cap", MDC_DL_CAP, MDC_DL_CAP - HZ, MDC_DL_CAP,
	  true, MDC_DEADLINE_EXPIRED, MDC_DL_CAP - HZ },
};

KUNIT_ARRAY_PARAM_DESC(mdc_deadline, mdc_deadline_cases, desc)

static void mdc_deadline_test(struct kunit *test)
{
	const struct mdc_deadline_case *c = test->param_value;
	/* 20 s before jiffies wrap: every case crosses it */
	unsigned long base = ULONG_MAX - 20 * HZ;
	unsigned long deadline = base + c->deadline;

	KUNIT_EXPECT_EQ(test, mdc_deadline_check(base + c->now, &deadline,
						 base + c->cap, c->recovering),
			c->want);
	KUNIT_EXPECT_EQ(test, deadline, base + c->want_deadline);
}

static struct kunit_case mdc_wait_test_cases[] = {
	KUNIT_CASE_PARAM(mdc_stop_requested_test,
			 mdc_stop_requested_gen_params),
	KUNIT_CASE_PARAM(mdc_deadline_test, mdc_deadline_gen_params),
	{}
};

static struct kunit_suite mdc_wait_test_suite = {
	.name = "md_cluster_wait",
	.init = mdc_state_init,
	.exit = mdc_state_exit,
	.test_cases = mdc_wait_test_cases,
};

/*
 * Lending reconfig_mutex (channel.c): the receive thread takes a free
 * mutex, borrows it from a parked holder, and gives up on stop instead of
 * waiting for a holder that waits for us.
 */
static void mdc_reconfig_enter_free_test(struct kunit *test)
{
	struct mdc_cluster *mc = test->priv;

	KUNIT_EXPECT_EQ(test, mdc_reconfig_enter(mc), 1);
	KUNIT_EXPECT_TRUE(test, mutex_is_locked(&mc->mddev->reconfig_mutex));
	KUNIT_EXPECT_FALSE(test, mc->recv_borrows);
	mutex_unlock(&mc->mddev->reconfig_mutex);
}

static void mdc_reconfig_enter_parked_test(struct kunit *test)
{
	struct mdc_cluster *mc = test->priv;

	mutex_lock(&mc->mddev->reconfig_mutex);
	mc->holder_parked = true;
	KUNIT_EXPECT_EQ(test, mdc_reconfig_enter(mc), 0);
	KUNIT_EXPECT_TRUE(test, mc->recv_borrows);
	mdc_reconfig_exit(mc, 0);
	KUNIT_EXPECT_FALSE(test, mc->recv_borrows);
	/* borrowing never touches the holder's mutex */
	KUNIT_EXPECT_TRUE(test, mutex_is_locked(&mc->mddev->reconfig_mutex));
	mutex_unlock(&mc->mddev->reconfig_mutex);
}

static void mdc_reconfig_enter_stopping_test(struct kunit *test)
{
	struct mdc_cluster *mc = test->priv;

	mutex_lock(&mc->mddev->reconfig_mutex);
	set_bit(MDC_F_STOPPING, &mc->flags);
	KUNIT_EXPECT_EQ(test, mdc_reconfig_enter(mc), -EINTR);
	KUNIT_EXPECT_FALSE(test, mc->recv_borrows);
	mutex_unlock(&mc->mddev->reconfig_mutex);
}

/*
 * A second disk add hands the channel over while the first add's expiry
 * is still pending: the expiry must count from the second hand-over.
 */
static void mdc_chan_hand_over_expiry_test(struct kunit *test)
{
	struct mdc_cluster *mc = test->priv;
	unsigned long first, second;

	/* as a disk add holds it: the channel bit and recv_mutex */
	set_bit(MDC_F_CHAN_BUSY, &mc->flags);
	mutex_lock(&mc->recv_mutex);
	mdc_chan_hand_over(mc);
	first = READ_ONCE(mc->handover_expiry.timer.expires);
	KUNIT_ASSERT_TRUE(test, mdc_chan_reclaim(mc));
	msleep(200);
	mdc_chan_hand_over(mc);
	second = READ_ONCE(mc->handover_expiry.timer.expires);
	KUNIT_EXPECT_TRUE(test, time_after_eq(second,
					      first + msecs_to_jiffies(200)));
	/* nothing may expire into a missing token */
	cancel_delayed_work_sync(&mc->handover_expiry);
	KUNIT_EXPECT_TRUE(test, mdc_chan_reclaim(mc));
	mutex_unlock(&mc->recv_mutex);
}

static struct kunit_case mdc_channel_test_cases[] = {
	KUNIT_CASE(mdc_reconfig_enter_free_test),
	KUNIT_CASE(mdc_reconfig_enter_parked_test),
	KUNIT_CASE(mdc_reconfig_enter_stopping_test),
	KUNIT_CASE(mdc_chan_hand_over_expiry_test),
	{}
};

static struct kunit_suite mdc_channel_test_suite = {
	.name = "md_cluster_channel",
	.init = mdc_state_init,
	.exit = mdc_state_exit,
	.test_cases = mdc_channel_test_cases,
};

/* area_resyncing() on a bare state: no DLM, no personality, no quiesce. */
static void mdc_area_resyncing_test(struct kunit *test)
{
	struct mdc_cluster *mc = test->priv;
	struct mddev *mddev = mc->mddev;

	KUNIT_EXPECT_EQ(test, mdc_area_resyncing(mddev, WRITE, 0, 1000), 0);
	KUNIT_EXPECT_EQ(test, mdc_area_resyncing(mddev, READ, 0, 1000), 0);

	mdc_peer_window_set(mc, 2, 100, 200, false);
	KUNIT_EXPECT_TRUE(test, mc->hot.window_active);
	KUNIT_EXPECT_EQ(test, mdc_area_resyncing(mddev, WRITE, 150, 160), 1);
	KUNIT_EXPECT_EQ(test, mdc_area_resyncing(mddev, READ, 199, 300), 1);
	KUNIT_EXPECT_EQ(test, mdc_area_resyncing(mddev, WRITE, 200, 300), 0);
	KUNIT_EXPECT_EQ(test, mdc_area_resyncing(mddev, WRITE, 0, 100), 0);

	mdc_peer_window_forget(mc, 3);
	KUNIT_EXPECT_TRUE(test, mc->hot.window_active);
	mdc_peer_window_forget(mc, 2);
	KUNIT_EXPECT_FALSE(test, mc->hot.window_active);
	KUNIT_EXPECT_EQ(test, mdc_area_resyncing(mddev, WRITE, 150, 160), 0);

	/* during DLM recovery every read goes to the first disk */
	mc->hot.read_first = true;
	KUNIT_EXPECT_EQ(test, mdc_area_resyncing(mddev, READ, 0, 8), 1);
	KUNIT_EXPECT_EQ(test, mdc_area_resyncing(mddev, WRITE, 0, 8), 0);
}

struct mdc_test_forget {
	struct work_struct work;
	struct mdc_cluster *mc;
	int slot;
};

static void mdc_test_forget_fn(struct work_struct *work)
{
	struct mdc_test_forget *f = container_of(work, struct mdc_test_forget,
						 work);

	mdc_peer_window_forget(f->mc, f->slot);
}

/*
 * Recovery forgets the window of dead slot 2 while the receive thread
 * installs the window of slot 3, the new resyncer: slot 3's must stay.
 */
static void mdc_peer_window_forget_race_test(struct kunit *test)
{
	struct mdc_cluster *mc = test->priv;
	struct mdc_test_forget f = { .mc = mc, .slot = 2 };
	struct mdc_window now;

	mdc_peer_window_set(mc, 2, 100, 200, false);
	INIT_WORK_ONSTACK(&f.work, mdc_test_forget_fn);
	mutex_lock(&mc->window_mutex);
	schedule_work(&f.work);
	/* forget() is under way and waits for the window's mutex */
	msleep(200);
	write_seqlock(&mc->window_lock);
	mdc_window_set(&mc->window, 3, 300, 400);
	write_sequnlock(&mc->window_lock);
	mutex_unlock(&mc->window_mutex);
	flush_work(&f.work);
	destroy_work_on_stack(&f.work);
	mdc_peer_window_copy(mc, &now);
	KUNIT_EXPECT_EQ(test, now.from, 3);
	KUNIT_EXPECT_EQ(test, now.lo, 300);
	KUNIT_EXPECT_EQ(test, now.hi, 400);
	/* and the dead slot's own window does go */
	mdc_peer_window_set(mc, 2, 100, 200, false);
	mdc_peer_window_forget(mc, 2);
	mdc_peer_window_copy(mc, &now);
	KUNIT_EXPECT_EQ(test, now.hi, 0);
}

/*
 * leave() detaches and drops the state while raid1d may be inside
 * area_resyncing(): a reader that found the state before the detach must
 * still read it until its RCU section ends.  (kunit.sh poisons freed
 * objects, so a free without a grace period shows as a changed window.)
 */
static void mdc_area_resyncing_during_leave_test(struct kunit *test)
{
	struct mdc_cluster *mc = test->priv;
	struct mddev *mddev = mc->mddev;
	struct mdc_cluster *seen;
	struct mdc_window after;

	mdc_peer_window_set(mc, 2, 100, 200, false);
	rcu_read_lock();
	seen = mdc_of(mddev);
	/* what leave() does: detach, then drop the last reference */
	mdc_attach(mddev, NULL);
	mdc_cluster_put(mc);
	test->priv = NULL;
	after = seen->window;
	rcu_read_unlock();
	KUNIT_EXPECT_EQ(test, after.lo, 100);
	KUNIT_EXPECT_EQ(test, after.hi, 200);
	KUNIT_EXPECT_EQ(test, after.from, 2);
	/* a reader that comes after the detach finds nothing */
	KUNIT_EXPECT_EQ(test, mdc_area_resyncing(mddev, WRITE, 150, 160), 0);
}

static struct kunit_case mdc_resync_test_cases[] = {
	KUNIT_CASE(mdc_area_resyncing_test),
	KUNIT_CASE(mdc_area_resyncing_during_leave_test),
	KUNIT_CASE(mdc_peer_window_forget_race_test),
	{}
};

static struct kunit_suite mdc_resync_test_suite = {
	.name = "md_cluster_resync",
	.init = mdc_state_init,
	.exit = mdc_state_exit,
	.test_cases = mdc_resync_test_cases,
};

/*
 * The recovery thread finds the array stopping with a slot queued: it must
 * stay alive until kthread_stop(), which would otherwise be handed a task
 * that exited on its own.
 */
static void mdc_recovery_waits_for_stop_test(struct kunit *test)
{
	struct mdc_cluster *mc = test->priv;
	struct task_struct *t;
	int i;

	set_bit(MDC_F_READY, &mc->flags);
	set_bit(MDC_F_STOPPING, &mc->flags);
	KUNIT_ASSERT_EQ(test, mdc_slot_map_add(&mc->recover, 2, mc->nodes), 0);
	KUNIT_ASSERT_EQ(test, mdc_recovery_start(mc), 0);
	t = mc->recovery_task;
	get_task_struct(t);
	msleep(200);
	KUNIT_EXPECT_EQ(test, READ_ONCE(t->exit_state), 0);
	KUNIT_EXPECT_EQ(test, READ_ONCE(mc->recovering), -1);
	KUNIT_EXPECT_EQ(test, mdc_slot_map_next(&mc->recover), 2);
	mdc_recovery_stop(mc);
	KUNIT_EXPECT_NULL(test, mc->recovery_task);
	/* the exit completes kthread_stop() just before the task is dead */
	for (i = 0; i < 50 && !READ_ONCE(t->exit_state); i++)
		msleep(20);
	KUNIT_EXPECT_NE(test, READ_ONCE(t->exit_state), 0);
	put_task_struct(t);
}

static struct kunit_case mdc_recovery_test_cases[] = {
	KUNIT_CASE(mdc_recovery_waits_for_stop_test),
	{}
};

static struct kunit_suite mdc_recovery_test_suite = {
	.name = "md_cluster_recovery",
	.init = mdc_state_init,
	.exit = mdc_state_exit,
	.test_cases = mdc_recovery_test_cases,
};

/*
 * The receive table (receive.c) says which handlers may quiesce the array,
 * and our sync thread's channel wait gives up only for those.  Each message
 * type that a bare state can take runs through mdc_receive() on the
 * receive thread's behalf, with a personality whose quiesce hook checks
 * that the table's flag is up.  NEWDISK (it converts a DLM lock) and
 * CHANGE_CAPACITY (it needs a gendisk) cannot run without a cluster; they
 * never quiesce, and md's own quiesces under METADATA_UPDATED and
 * BITMAP_RESIZE are covered by their rows' flags by reading.
 */
struct mdc_quiesce_seen {
	int calls;
	int unflagged;		/* calls while MDC_F_RECV_IN_MD was down */
};

static struct mdc_quiesce_seen mdc_quiesce_seen;

static void mdc_test_quiesce(struct mddev *mddev, int state)
{
	struct mdc_cluster *mc = mdc_of(mddev);

	if (!state)
		return;
	mdc_quiesce_seen.calls++;
	if (!test_bit(MDC_F_RECV_IN_MD, &mc->flags))
		mdc_quiesce_seen.unflagged++;
}

static struct md_personality mdc_test_pers = {
	.quiesce = mdc_test_quiesce,
};

struct mdc_receive_case {
	const char *desc;
	struct mdc_msg msg;
	int window_from;	/* a window of this slot exists first, or -1 */
	bool quiesces;		/* the handler must quiesce */
	bool refused;
	int window_after;	/* the window's owner afterwards, -1 none */
};

static const struct mdc_receive_case mdc_receive_cases[] = {
	{ "RESYNCING window installs it, quiescing",
	  { .type = MDC_MSG_RESYNCING, .slot = 2, .high = 1024 },
	  -1, true, false, 2 },
	{ "RESYNCING end lifts the sender's window, quiescing",
	  { .type = MDC_MSG_RESYNCING, .slot = 2 }, 2, true, false, -1 },
	{ "RESYNCING end of another slot keeps the resyncer's window",
	  { .type = MDC_MSG_RESYNCING, .slot = 3 }, 2, false, false, 2 },
	{ "RESYNCING end with no window lifts nothing, no quiesce",
	  { .type = MDC_MSG_RESYNCING, .slot = 3 }, -1, false, false, -1 },
	{ "RESYNCING_START never quiesces",
	  { .type = MDC_MSG_RESYNCING_START, .slot = 2 }, -1, false, false, -1 },
	{ "BITMAP_NEEDS_SYNC queues the slot, no quiesce",
	  { .type = MDC_MSG_BITMAP_NEEDS_SYNC, .slot = 2 },
	  -1, false, false, -1 },
	{ "REMOVE of a device we lack is refused",
	  { .type = MDC_MSG_REMOVE, .slot = 2, .raid_slot = 3 },
	  -1, false, true, -1 },
	{ "RE_ADD of a device we lack is refused",
	  { .type = MDC_MSG_RE_ADD, .slot = 2, .raid_slot = 3 },
	  -1, false, true, -1 },
	{ "METADATA_UPDATED naming a device we lack is refused before md",
	  { .type = MDC_MSG_METADATA_UPDATED, .slot = 2, .raid_slot = 3 },
	  -1, false, true, -1 },
};

KUNIT_ARRAY_PARAM_DESC(mdc_receive, mdc_receive_cases, desc)

static void mdc_receive_quiesce_rule_test(struct kunit *test)
{
	const struct mdc_receive_case *c = test->param_value;
	struct mdc_cluster *mc = test->priv;
	struct mdc_window now;
	s64 rejected;

	mc->mddev->pers = &mdc_test_pers;
	if (c->window_from >= 0)
		mdc_peer_window_set(mc, c->window_from, 0, 1024, false);
	/* as the receive thread: resync.c checks its quiesces too */
	WRITE_ONCE(mc->recv_task, current);
	mdc_quiesce_seen = (struct mdc_quiesce_seen){};
	rejected = atomic64_read(&mc->stats.rx_rejected);

	mdc_receive(mc, &c->msg);

	WRITE_ONCE(mc->recv_task, NULL);
	mc->mddev->pers = NULL;
	KUNIT_EXPECT_EQ(test, mdc_quiesce_seen.unflagged, 0);
	KUNIT_EXPECT_EQ(test, mdc_quiesce_seen.calls > 0, c->quiesces);
	KUNIT_EXPECT_EQ(test, atomic64_read(&mc->stats.rx_rejected) - rejected,
			c->refused ? 1 : 0);
	KUNIT_EXPECT_FALSE(test, test_bit(MDC_F_RECV_IN_MD, &mc->flags));
	mdc_peer_window_copy(mc, &now);
	KUNIT_EXPECT_EQ(test, now.from, c->window_after);
}

/*
 * A REMOVE of a device the array has: md's next pass kicks it, which md
 * does only on a read-write array, so a read-auto one is made read-write;
 * an array set read-only by the administrator is not touched.
 */
struct mdc_receive_remove_case {
	const char *desc;
	int ro_before;
	int ro_after;
};

static const struct mdc_receive_remove_case mdc_receive_remove_cases[] = {
	{ "REMOVE on a read-write array", MD_RDWR, MD_RDWR },
	{ "REMOVE on a read-auto array makes it read-write",
	  MD_AUTO_READ, MD_RDWR },
	{ "REMOVE on a read-only array leaves it read-only",
	  MD_RDONLY, MD_RDONLY },
};

KUNIT_ARRAY_PARAM_DESC(mdc_receive_remove, mdc_receive_remove_cases, desc)

static void mdc_receive_remove_test(struct kunit *test)
{
	const struct mdc_receive_remove_case *c = test->param_value;
	struct mdc_cluster *mc = test->priv;
	struct mddev *mddev = mc->mddev;
	struct mdc_msg msg = {
		.type = MDC_MSG_REMOVE, .slot = 2, .raid_slot = 1,
	};
	struct md_rdev *rdev;
	s64 rejected;

	rdev = kunit_kzalloc(test, sizeof(*rdev), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, rdev);
	rdev->desc_nr = 1;
	rdev->raid_disk = -1;
	rdev->mddev = mddev;
	list_add_rcu(&rdev->same_set, &mddev->disks);
	mddev->ro = c->ro_before;
	rejected = atomic64_read(&mc->stats.rx_rejected);

	WRITE_ONCE(mc->recv_task, current);
	mdc_receive(mc, &msg);
	WRITE_ONCE(mc->recv_task, NULL);

	list_del_rcu(&rdev->same_set);
	synchronize_rcu();
	KUNIT_EXPECT_EQ(test, atomic64_read(&mc->stats.rx_rejected), rejected);
	KUNIT_EXPECT_TRUE(test, test_bit(ClusterRemove, &rdev->flags));
	KUNIT_EXPECT_EQ(test, mddev->ro, c->ro_after);
	KUNIT_EXPECT_EQ(test, test_bit(MD_RECOVERY_NEEDED, &mddev->recovery),
			true);
	KUNIT_EXPECT_FALSE(test, mutex_is_locked(&mddev->reconfig_mutex));
}

static struct kunit_case mdc_receive_test_cases[] = {
	KUNIT_CASE_PARAM(mdc_receive_quiesce_rule_test,
			 mdc_receive_gen_params),
	KUNIT_CASE_PARAM(mdc_receive_remove_test, mdc_receive_remove_gen_params),
	{}
};

static struct kunit_suite mdc_receive_test_suite = {
	.name = "md_cluster_receive",
	.init = mdc_state_init,
	.exit = mdc_state_exit,
	.test_cases = mdc_receive_test_cases,
};

/*
 * Not a unit test: join() runs into the real DLM.  Without a cluster stack
 * (UML has no dlm_controld and no DLM address) it must fail at once,
 * through the helper thread, and leave nothing attached to the array.
 */
static int mdc_join_init(struct kunit *test)
{
	test->priv = kunit_kzalloc(test, sizeof(struct mddev), GFP_KERNEL);
	return test->priv ? 0 : -ENOMEM;
}

static void mdc_join_without_cluster_test(struct kunit *test)
{
	unsigned long start = jiffies;
	struct mddev *mddev = test->priv;
	int err;

	err = mdc_join(mddev, 3);
	KUNIT_EXPECT_LT(test, err, 0);
	KUNIT_EXPECT_NE(test, err, -ETIMEDOUT);
	KUNIT_EXPECT_NULL(test, mdc_of(mddev));
	KUNIT_EXPECT_LT(test, jiffies - start, (unsigned long)MDC_JOIN_TIMEOUT);
	KUNIT_EXPECT_EQ(test, mdc_join(mddev, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, mdc_join(mddev, MDC_MAX_SLOTS + 1), -EINVAL);
}

static struct kunit_case mdc_join_test_cases[] = {
	KUNIT_CASE(mdc_join_without_cluster_test),
	{}
};

static struct kunit_suite mdc_join_test_suite = {
	.name = "md_cluster_join_integration",
	.init = mdc_join_init,
	.test_cases = mdc_join_test_cases,
};

kunit_test_suites(&mdc_wire_test_suite, &mdc_validate_test_suite,
		  &mdc_window_test_suite, &mdc_slots_test_suite,
		  &mdc_peers_test_suite,
		  &mdc_wait_test_suite, &mdc_channel_test_suite,
		  &mdc_resync_test_suite, &mdc_receive_test_suite,
		  &mdc_recovery_test_suite, &mdc_join_test_suite);
