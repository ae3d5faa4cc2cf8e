// SPDX-License-Identifier: GPL-2.0
/*
 * Slot numbering and the recovery map (see slots.h).  Bits are set from DLM
 * callbacks and the receive thread and consumed by the recovery thread, so
 * every update is an atomic bit operation; nothing here sleeps.
 */

#include <linux/bitops.h>
#include <linux/errno.h>
#include <linux/kernel.h>

#include "slots.h"

/**
 * mdc_slot_from_dlm() - convert a DLM member slot to a bitmap slot
 * @dlm_slot: slot as reported by DLM, starting at 1
 * @nodes: bitmap slots of the array
 *
 * Return: the bitmap slot (0 based), or -ERANGE when the array has no such
 * slot.
 */
int mdc_slot_from_dlm(int dlm_slot, int nodes)
{
	if (dlm_slot < 1 || dlm_slot > nodes || dlm_slot > MDC_MAX_SLOTS)
		return -ERANGE;
	return dlm_slot - 1;
}

/**
 * mdc_slot_map_init() - empty a slot map
 * @map: map
 */
void mdc_slot_map_init(struct mdc_slot_map *map)
{
	bitmap_zero(map->bits, MDC_MAX_SLOTS);
}

/**
 * mdc_slot_map_add() - mark a slot as needing recovery
 * @map: map
 * @slot: bitmap slot
 * @nodes: bitmap slots of the array
 *
 * Return: 0, or -ERANGE for a slot the array does not have.
 */
int mdc_slot_map_add(struct mdc_slot_map *map, int slot, int nodes)
{
	if (slot < 0 || slot >= nodes || slot >= MDC_MAX_SLOTS)
		return -ERANGE;
	set_bit(slot, map->bits);
	return 0;
}

/**
 * mdc_slot_map_del() - mark a slot as recovered
 * @map: map
 * @slot: bitmap slot, ignored when out of range
 */
void mdc_slot_map_del(struct mdc_slot_map *map, int slot)
{
	if (slot >= 0 && slot < MDC_MAX_SLOTS)
		clear_bit(slot, map->bits);
}

/**
 * mdc_slot_map_next() - lowest slot still waiting for recovery
 * @map: map
 *
 * Return: the slot, or -1 when the map is empty.
 */
int mdc_slot_map_next(const struct mdc_slot_map *map)
{
	unsigned long bit = find_first_bit(map->bits, MDC_MAX_SLOTS);

	return bit < MDC_MAX_SLOTS ? (int)bit : -1;
}

/**
 * mdc_slot_map_next_from() - the first slot waiting at or after @from
 * @map: map
 * @from: where to start; the search wraps around to slot 0
 *
 * Taking slots in turn this way, a slot that must be tried again later
 * does not keep the ones after it waiting.
 *
 * Return: the slot, or -1 when the map is empty.
 */
int mdc_slot_map_next_from(const struct mdc_slot_map *map, int from)
{
	unsigned long bit = MDC_MAX_SLOTS;

	if (from > 0 && from < MDC_MAX_SLOTS)
		bit = find_next_bit(map->bits, MDC_MAX_SLOTS, from);
	if (bit >= MDC_MAX_SLOTS)
		bit = find_first_bit(map->bits, MDC_MAX_SLOTS);
	return bit < MDC_MAX_SLOTS ? (int)bit : -1;
}

/**
 * mdc_slot_map_empty() - is any slot waiting for recovery?
 * @map: map
 *
 * Return: true when no slot is marked.
 */
bool mdc_slot_map_empty(const struct mdc_slot_map *map)
{
	return mdc_slot_map_next(map) < 0;
}

/**
 * mdc_busy_slot_action() - the rule for a bitmap lock found held
 * @alive: the slot's owner is a lockspace member
 * @leaving: it sent BITMAP_NEEDS_SYNC while a member, and has not been
 *	seen out of the lockspace since
 * @leave_overdue: that request is older than MDC_LEAVING_GRACE
 *
 * A slot absent from the lockspace is held by DLM until it purges the
 * dead node's locks, or by another survivor merging it: both end soon.
 * A member holds its lock for as long as it has the array assembled and
 * resyncs its own bits, except one that asked us to take them over: it
 * is leaving, and lets go of the lock only as it leaves.  One that does
 * not leave within the grace is taken for a member that stays.
 *
 * Return: what to do with the slot.
 */
enum mdc_busy_slot mdc_busy_slot_action(bool alive, bool leaving,
					bool leave_overdue)
{
	if (!alive)
		return MDC_BUSY_RETRY;
	if (!leaving)
		return MDC_BUSY_OWNER_BACK;
	return leave_overdue ? MDC_BUSY_LEFT_LATE : MDC_BUSY_RETRY;
}

/**
 * mdc_slot_map_format() - print a slot map as a list for sysfs
 * @map: map
 * @nodes: bitmap slots of the array; higher bits are not printed
 * @skip: a slot to leave out (-1: none)
 * @buf: output
 * @len: size of @buf
 *
 * Prints the marked slots in increasing order separated by one space and
 * ends the line: "0 2\n"; an empty map prints "\n".
 *
 * Return: the number of characters written, without the NUL.
 */
int mdc_slot_map_format(const struct mdc_slot_map *map, int nodes, int skip,
			char *buf, size_t len)
{
	unsigned int limit = clamp(nodes, 0, MDC_MAX_SLOTS);
	unsigned int bit;
	int n = 0;

	for_each_set_bit(bit, map->bits, limit) {
		if ((int)bit == skip)
			continue;
		n += scnprintf(buf + n, len - n, "%s%u", n ? " " : "", bit);
	}
	n += scnprintf(buf + n, len - n, "\n");
	return n;
}
