/* SPDX-License-Identifier: GPL-2.0 */
/*
 * When a bounded wait gives up.  DLM grants nothing while it recovers a
 * lockspace, and it recovers a dead node's share only once dlm_controld
 * has seen that node fenced: under pacemaker that takes as long as the
 * fence agent does (SBD: the poison pill, then msgwait), which may be
 * longer than a wait's own bound.  A wait whose bound passes while the
 * lockspace recovers goes on until MDC_RECOVERY_GRACE after the recovery,
 * and for at most MDC_FENCE_TIMEOUT past its bound.  Pure arithmetic on
 * jiffies: lockres.c applies it.
 */
#ifndef MDC_DEADLINE_H
#define MDC_DEADLINE_H

/* jiffies.h uses typecheck() without including it on every kernel */
#include <linux/typecheck.h>
#include <linux/jiffies.h>
#include <linux/types.h>

/* how far past its own bound a wait follows a DLM recovery (fencing) */
#define MDC_FENCE_TIMEOUT	(300 * HZ)
/* after the recovery, for DLM to grant what was queued meanwhile */
#define MDC_RECOVERY_GRACE	(10 * HZ)

enum mdc_deadline_verdict {
	MDC_DEADLINE_WAIT,	/* the bound is still ahead */
	MDC_DEADLINE_EXTENDED,	/* passed, but the lockspace recovers */
	MDC_DEADLINE_EXPIRED,	/* passed: give up */
};

enum mdc_deadline_verdict mdc_deadline_check(unsigned long now,
					     unsigned long *deadline,
					     unsigned long cap,
					     bool recovering);

#endif
