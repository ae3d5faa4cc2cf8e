// SPDX-License-Identifier: GPL-2.0
/*
 * The cluster operations register as an md submodule (7.3; not 6.12).
 *
 * mdc-probe-witness: md.h register_md_submodule
 *
 * Baseline: the operations table and join(), on every md core.
 */
#include "md.h"
#include "md-cluster.h"

int mdc_probe(struct md_cluster_operations *ops);
int mdc_probe(struct md_cluster_operations *ops)
{
#ifndef MDC_PROBE_BASELINE
	ops->head.type = MD_CLUSTER;
	ops->head.id = ID_CLUSTER;
	return register_md_submodule(&ops->head);
#else
	return ops->join(NULL, 0);
#endif
}
