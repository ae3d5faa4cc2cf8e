/* SPDX-License-Identifier: GPL-2.0 */
/*
 * DLM lock resources of one array.  A lock is created once at NL (keeping
 * its lock id and value block for life), converted up and down while the
 * array runs, and force-unlocked only when it is destroyed.  Every wait for
 * an AST follows the module's wait policy (enum mdc_wait in internal.h); a
 * request that is not answered in time is cancelled so that a late grant
 * cannot be mistaken for the answer to a later request.
 */
#ifndef MDC_LOCKRES_H
#define MDC_LOCKRES_H

#include <linux/completion.h>
#include <linux/dlm.h>

#include "wire.h"

struct mdc_cluster;
enum mdc_wait;

struct mdc_lock {
	struct mdc_cluster *mc;
	struct dlm_lksb lksb;
	char lvb[MDC_LVB_LEN] __aligned(8);
	char name[MDC_LOCK_NAME_LEN];
	u32 flags;		/* DLM_LKF_VALBLK for locks with a value block */
	int mode;		/* granted mode, DLM_LOCK_IV before creation */
	bool broken;		/* an AST went missing: state unknown, never reuse */
	bool released;		/* being destroyed: blocking ASTs are stale */
	struct completion ast;
	void (*bast)(void *arg, int mode);
};

int mdc_lock_create(struct mdc_cluster *mc, const char *name, bool with_lvb,
		    void (*bast)(void *arg, int mode), struct mdc_lock **out);
int mdc_bitmap_lock_create(struct mdc_cluster *mc, int slot,
			   struct mdc_lock **out);
int mdc_lock_convert(struct mdc_lock *lk, int mode, enum mdc_wait how);
int mdc_lock_try(struct mdc_lock *lk, int mode);
int mdc_lock_drop(struct mdc_lock *lk);
void mdc_lock_destroy(struct mdc_lock **lkp);

#endif /* MDC_LOCKRES_H */
