// SPDX-License-Identifier: GPL-2.0
/*
 * Peer kinds and what they allow (see kinds.h): the decision whether a
 * message that Linux 6.1 does not know may be sent, which extensions all
 * alive nodes share, the advertisement's value-block layout, and the
 * sysfs form.  Pure functions on plain values.
 */

#include <linux/kernel.h>
#include <linux/string.h>
#include "compat.h"
#include "kinds.h"
#include "wire.h"

/* "MDCP", little endian: tells an advertisement from a zeroed LVB */
#define MDC_ADVERT_MAGIC	0x5043444dU

/**
 * mdc_peers_decide() - what this node may send to the alive nodes
 * @peers: one entry per bitmap slot
 * @nodes: number of entries
 * @members_changing: DLM has started a membership change it has not yet
 *	reported (recover_prep seen, recover_done not yet)
 * @mode: the administrator's setting
 * @v: the verdict
 *
 * A node of unknown kind counts as Linux 6.1: sending it RESYNCING_START
 * wedges the whole array, while withholding the message from a node that
 * knows it only keeps a disk we add a spare there until our recovery ends.
 * So does a change of membership DLM has begun but not yet told us of: its
 * joiner is not in @peers yet.  Extensions need every alive node to be
 * ours and to advertise their bit; a stock node never sees one.
 */
void mdc_peers_decide(const struct mdc_peer *peers, int nodes,
		      bool members_changing, enum mdc_peers_mode mode,
		      struct mdc_peer_verdict *v)
{
	bool all_ours = !members_changing;
	int held_by = members_changing ? MDC_HELD_BY_JOIN : -1;
	u64 caps = MDC_CAPS_OURS;
	int i;

	for (i = 0; i < nodes; i++) {
		switch (peers[i].kind) {
		case MDC_KIND_SELF:
			caps &= peers[i].caps;
			break;
		case MDC_KIND_OURS:
			/* an advertisement not read yet promises nothing more */
			caps &= peers[i].version ? peers[i].caps :
				MDC_CAP_RESYNCING_START;
			break;
		case MDC_KIND_STOCK:
			all_ours = false;
			break;
		case MDC_KIND_UNKNOWN:
			all_ours = false;
			if (held_by == -1)
				held_by = i;
			break;
		default:
			break;
		}
	}
	v->caps = all_ours ? caps : 0;
	switch (mode) {
	case MDC_PEERS_LEGACY:
		v->announce_start = false;
		v->held_by = -1;
		break;
	case MDC_PEERS_CURRENT:
		v->announce_start = true;
		v->held_by = -1;
		break;
	default:
		v->announce_start = held_by == -1;
		v->held_by = held_by;
		break;
	}
}

/**
 * mdc_advert_encode() - fill an advertisement value block
 * @version: MDC_ADVERT_VERSION of the writer
 * @caps: its capability bits
 * @lvb: MDC_LVB_LEN bytes; what follows the advertisement is zeroed
 *
 * Layout, little endian: magic (4 bytes), version (2), zero (2), caps (8).
 */
void mdc_advert_encode(u16 version, u64 caps, char *lvb)
{
	memset(lvb, 0, MDC_ADVERT_LEN);
	put_unaligned_le32(MDC_ADVERT_MAGIC, lvb);
	put_unaligned_le16(version, lvb + 4);
	put_unaligned_le64(caps, lvb + 8);
}

/**
 * mdc_advert_decode() - read an advertisement value block
 * @lvb: the value block
 * @version: its version
 * @caps: its capability bits, unknown ones included
 *
 * Return: 0, or -ENODATA when the block holds no advertisement (never
 * written, or written by something else).
 */
int mdc_advert_decode(const char *lvb, u16 *version, u64 *caps)
{
	u16 ver = get_unaligned_le16(lvb + 4);

	if (get_unaligned_le32(lvb) != MDC_ADVERT_MAGIC || !ver)
		return -ENODATA;
	*version = ver;
	*caps = get_unaligned_le64(lvb + 8);
	return 0;
}

/**
 * mdc_advert_lock_name() - the resource a node of ours advertises itself on
 * @buf: output buffer
 * @len: size of @buf, at least MDC_LOCK_NAME_LEN
 * @slot: bitmap slot, 0 .. MDC_MAX_SLOTS - 1
 *
 * "mdc-peerNNNN": no stock module takes a resource of that name.
 *
 * Return: 0, or -ERANGE for a slot outside the map or a short buffer.
 */
int mdc_advert_lock_name(char *buf, size_t len, int slot)
{
	if (slot < 0 || slot >= MDC_MAX_SLOTS || len < MDC_LOCK_NAME_LEN)
		return -ERANGE;
	snprintf(buf, len, "mdc-peer%04d", slot);
	return 0;
}

static const char *const mdc_kind_names[] = {
	[MDC_KIND_ABSENT] = "absent",
	[MDC_KIND_SELF] = "self",
	[MDC_KIND_OURS] = "ours",
	[MDC_KIND_STOCK] = "stock",
	[MDC_KIND_UNKNOWN] = "unknown",
};

/**
 * mdc_peer_kind_name() - a kind as sysfs and the log show it
 * @kind: the kind
 *
 * Return: a constant string.
 */
const char *mdc_peer_kind_name(enum mdc_peer_kind kind)
{
	if ((unsigned int)kind >= ARRAY_SIZE(mdc_kind_names))
		return "?";
	return mdc_kind_names[kind];
}

static const char *const mdc_mode_names[] = {
	[MDC_PEERS_AUTO] = "auto",
	[MDC_PEERS_LEGACY] = "legacy",
	[MDC_PEERS_CURRENT] = "current",
};

/**
 * mdc_peers_mode_parse() - the "peers" module parameter
 * @s: "auto", "legacy" or "current", a trailing newline allowed
 *
 * Return: the mode, or -EINVAL.
 */
int mdc_peers_mode_parse(const char *s)
{
	int i = sysfs_match_string(mdc_mode_names, s);

	return i < 0 ? -EINVAL : i;
}

/**
 * mdc_peers_mode_name() - a mode's name
 * @mode: the mode
 *
 * Return: a constant string.
 */
const char *mdc_peers_mode_name(enum mdc_peers_mode mode)
{
	if ((unsigned int)mode >= ARRAY_SIZE(mdc_mode_names))
		return "?";
	return mdc_mode_names[mode];
}

/**
 * mdc_peers_format() - the alive slots and their kinds, for sysfs
 * @peers: one entry per slot
 * @nodes: number of entries
 * @buf: output
 * @len: size of @buf
 *
 * One line per alive slot: "2 ours 1 0x1" (slot, kind, then for this node
 * and nodes of ours the advertised version and capability bits), or
 * "3 unknown".
 *
 * Return: the number of characters written, without the NUL.
 */
int mdc_peers_format(const struct mdc_peer *peers, int nodes, char *buf,
		     size_t len)
{
	int i, n = 0;

	for (i = 0; i < nodes; i++) {
		const struct mdc_peer *p = &peers[i];

		if (p->kind == MDC_KIND_ABSENT)
			continue;
		n += scnprintf(buf + n, len - n, "%d %s", i,
			       mdc_peer_kind_name(p->kind));
		if (p->kind == MDC_KIND_SELF || p->kind == MDC_KIND_OURS)
			n += scnprintf(buf + n, len - n, " %u 0x%llx",
				       p->version, (unsigned long long)p->caps);
		n += scnprintf(buf + n, len - n, "\n");
	}
	return n;
}
