// SPDX-License-Identifier: GPL-2.0
/*
 * When a bounded wait gives up (see deadline.h): the rule, apart from the
 * DLM calls that wait, so that KUnit can test it.
 */

#include "deadline.h"

/**
 * mdc_deadline_check() - is a bounded wait over?
 * @now: jiffies
 * @deadline: the wait's bound; moved on when the wait is extended
 * @cap: the bound may not be moved past this
 * @recovering: DLM is recovering the lockspace
 *
 * Return: MDC_DEADLINE_WAIT before @deadline; after it, while the lockspace
 * recovers and @cap is ahead, MDC_DEADLINE_EXTENDED with @deadline moved
 * to MDC_RECOVERY_GRACE from @now (never past @cap); else
 * MDC_DEADLINE_EXPIRED.
 */
enum mdc_deadline_verdict mdc_deadline_check(unsigned long now,
					     unsigned long *deadline,
					     unsigned long cap,
					     bool recovering)
{
	if (time_before_eq(now, *deadline))
		return MDC_DEADLINE_WAIT;
	if (!recovering || !time_before(now, cap))
		return MDC_DEADLINE_EXPIRED;
	*deadline = now + MDC_RECOVERY_GRACE;
	if (time_after(*deadline, cap))
		*deadline = cap;
	return MDC_DEADLINE_EXTENDED;
}
