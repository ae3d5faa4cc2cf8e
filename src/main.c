// SPDX-License-Identifier: GPL-2.0
/*
 * md-cluster: module init and exit.  The operations table md calls, and
 * how it is registered on each kernel, are in compat.c.
 */

#include <linux/module.h>

#include "internal.h"

#define CREATE_TRACE_POINTS
#include "trace.h"

static int __init mdc_init(void)
{
	int err;

	mdc_inject_init();
	err = mdc_md_register();
	if (err) {
		pr_err("md-cluster: cannot register with md: %d\n", err);
		goto out_inject;
	}
	return 0;

out_inject:
	mdc_inject_exit();
	return err;
}

static void __exit mdc_exit(void)
{
	mdc_md_unregister();
	mdc_inject_exit();
}

module_init(mdc_init);
module_exit(mdc_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Clustering support for MD (md-cluster project, out of tree)");
MODULE_VERSION(MDC_VERSION);
