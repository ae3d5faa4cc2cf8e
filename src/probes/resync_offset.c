// SPDX-License-Identifier: GPL-2.0
/*
 * The resync checkpoint is mddev->resync_offset (renamed from recovery_cp
 * upstream, and inside stable series by their updates: 6.12.115 has it).
 */
#include "md.h"

sector_t mdc_probe(struct mddev *mddev);
sector_t mdc_probe(struct mddev *mddev)
{
	return mddev->resync_offset;
}
