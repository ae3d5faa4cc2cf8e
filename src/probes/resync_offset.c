// SPDX-License-Identifier: GPL-2.0
/*
 * The resync checkpoint is mddev->resync_offset (renamed from recovery_cp
 * upstream, and inside stable series by their updates: 6.12.115 has it).
 *
 * mdc-probe-witness: md.h resync_offset
 *
 * Baseline: struct mddev and resync_max, on every md core.
 */
#include "md.h"

sector_t mdc_probe(struct mddev *mddev);
sector_t mdc_probe(struct mddev *mddev)
{
#ifndef MDC_PROBE_BASELINE
	return mddev->resync_offset;
#else
	return mddev->resync_max;
#endif
}
