/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Slot arithmetic and the recovery map.  DLM numbers lockspace members from
 * 1, md numbers bitmap slots from 0.  The recovery map holds the slots whose
 * bitmaps still have to be merged into ours.  Pure helpers: atomic bit
 * operations only, callable from DLM callback context.
 */
#ifndef MDC_SLOTS_H
#define MDC_SLOTS_H

#include <linux/bitmap.h>
#include <linux/types.h>

#include "wire.h"

struct mdc_slot_map {
	DECLARE_BITMAP(bits, MDC_MAX_SLOTS);
};

int mdc_slot_from_dlm(int dlm_slot, int nodes);
void mdc_slot_map_init(struct mdc_slot_map *map);
int mdc_slot_map_add(struct mdc_slot_map *map, int slot, int nodes);
void mdc_slot_map_del(struct mdc_slot_map *map, int slot);
int mdc_slot_map_next(const struct mdc_slot_map *map);
int mdc_slot_map_next_from(const struct mdc_slot_map *map, int from);
bool mdc_slot_map_empty(const struct mdc_slot_map *map);
int mdc_slot_map_format(const struct mdc_slot_map *map, int nodes, int skip,
			char *buf, size_t len);

/* what the recovery thread does with a slot whose bitmap lock is held */
enum mdc_busy_slot {
	MDC_BUSY_RETRY,		/* try the lock again after a pause */
	MDC_BUSY_OWNER_BACK,	/* its owner is back: it resyncs its bits */
	MDC_BUSY_LEFT_LATE,	/* asked for a sync, never left: give up */
};

enum mdc_busy_slot mdc_busy_slot_action(bool alive, bool leaving,
					bool leave_overdue);

#endif /* MDC_SLOTS_H */
