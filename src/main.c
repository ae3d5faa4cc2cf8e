// SPDX-License-Identifier: GPL-2.0
/*
 * md-cluster: module init and the md_cluster_operations table.
 */

#include <linux/module.h>

#include "md.h"
#include "md-cluster.h"

static struct md_cluster_operations mdc_ops;

static int __init mdc_init(void)
{
	return register_md_cluster_operations(&mdc_ops, THIS_MODULE);
}

static void __exit mdc_exit(void)
{
	unregister_md_cluster_operations();
}

module_init(mdc_init);
module_exit(mdc_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Clustering support for MD");
