// SPDX-License-Identifier: GPL-2.0
/*
 * md announces the start of every sync or recovery to the cluster
 * (RESYNCING_START: 6.12 and 7.3, not 6.1) and asks whether a peer's sync is
 * still awaited.
 */
#include "md.h"
#include "md-cluster.h"

int mdc_probe(struct md_cluster_operations *ops, struct mddev *mddev);
int mdc_probe(struct md_cluster_operations *ops, struct mddev *mddev)
{
	return ops->resync_start_notify(mddev) + ops->resync_status_get(mddev);
}
