// SPDX-License-Identifier: GPL-2.0
/*
 * md announces the start of every sync or recovery to the cluster
 * (RESYNCING_START: 6.12 and 7.3, not 6.1) and asks whether a peer's sync is
 * still awaited.  md calls both operations wherever md-cluster.h has them:
 * left NULL, the first sync would be a NULL call, so the witnesses are the
 * two slots themselves.
 *
 * mdc-probe-witness: md-cluster.h resync_start_notify
 * mdc-probe-witness: md-cluster.h resync_status_get
 *
 * Baseline: the operations table and resync_info_update(), on every md core.
 */
#include "md.h"
#include "md-cluster.h"

int mdc_probe(struct md_cluster_operations *ops, struct mddev *mddev);
int mdc_probe(struct md_cluster_operations *ops, struct mddev *mddev)
{
#ifndef MDC_PROBE_BASELINE
	return ops->resync_start_notify(mddev) + ops->resync_status_get(mddev);
#else
	return ops->resync_info_update(mddev, 0, 0);
#endif
}
