// SPDX-License-Identifier: GPL-2.0
/*
 * bitmap_ops->resize() takes an "init" argument (6.12; gone by 7.3).  The
 * feature is a parameter, not a name, so the witness is the end of the
 * prototype (6.1's md_bitmap_resize() ends in "int init").
 *
 * mdc-probe-witness: md-bitmap.h int chunksize, bool init)
 *
 * Baseline: struct mddev and its bitmap_info, on every md core.
 */
#include "md.h"
#include "md-bitmap.h"

int mdc_probe(struct mddev *mddev);
int mdc_probe(struct mddev *mddev)
{
#ifndef MDC_PROBE_BASELINE
	return mddev->bitmap_ops->resize(mddev, 0, 0, false);
#else
	return mddev->bitmap_info.chunksize;
#endif
}
