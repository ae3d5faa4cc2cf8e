// SPDX-License-Identifier: GPL-2.0
/* bitmap_ops->resize() takes an "init" argument (6.12; gone by 7.3). */
#include "md.h"
#include "md-bitmap.h"

int mdc_probe(struct mddev *mddev);
int mdc_probe(struct mddev *mddev)
{
	return mddev->bitmap_ops->resize(mddev, 0, 0, false);
}
