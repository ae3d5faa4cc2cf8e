// SPDX-License-Identifier: GPL-2.0
/* md reaches its bitmap through mddev->bitmap_ops (6.12 and later). */
#include "md.h"
#include "md-bitmap.h"

int mdc_probe(struct mddev *mddev);
int mdc_probe(struct mddev *mddev)
{
	return mddev->bitmap_ops->copy_from_slot(mddev, 0, NULL, NULL, false);
}
