// SPDX-License-Identifier: GPL-2.0
/*
 * md reaches its bitmap through mddev->bitmap_ops (6.12 and later).
 *
 * mdc-probe-witness: md.h bitmap_ops
 * mdc-probe-witness: md-bitmap.h copy_from_slot
 *
 * Baseline: struct mddev and its bitmap pointer, on every md core.
 */
#include "md.h"
#include "md-bitmap.h"

int mdc_probe(struct mddev *mddev);
int mdc_probe(struct mddev *mddev)
{
#ifndef MDC_PROBE_BASELINE
	return mddev->bitmap_ops->copy_from_slot(mddev, 0, NULL, NULL, false);
#else
	return !!mddev->bitmap;
#endif
}
