/* SPDX-License-Identifier: GPL-2.0 */
/*
 * md-cluster trace events (TRACE_SYSTEM md_cluster).
 *
 * Conventions: every event names the array (md) first; messages carry the
 * wire fields as decoded, in the wire's order (type, slot, low, high,
 * raid_slot); lock events carry the resource name, the granted mode before
 * the request, the requested mode, the result and the time the request
 * took; recovery and resync steps carry a bitmap slot, a sector range and
 * a result.  Message types and lock modes are recorded as numbers and
 * printed by name (RESYNCING, EX; "none" for a lock not yet granted); an
 * unknown type prints as its number.  Three classes: mdc_msg_class for the
 * channel, mdc_lock_class for DLM conversions, mdc_step_class for every
 * recovery and resync step (MDC_DEFINE_STEP_EVENT).
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM md_cluster

#if !defined(MDC_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define MDC_TRACE_H

#include <linux/tracepoint.h>

#include "internal.h"

TRACE_DEFINE_ENUM(MDC_MSG_METADATA_UPDATED);
TRACE_DEFINE_ENUM(MDC_MSG_RESYNCING);
TRACE_DEFINE_ENUM(MDC_MSG_NEWDISK);
TRACE_DEFINE_ENUM(MDC_MSG_REMOVE);
TRACE_DEFINE_ENUM(MDC_MSG_RE_ADD);
TRACE_DEFINE_ENUM(MDC_MSG_BITMAP_NEEDS_SYNC);
TRACE_DEFINE_ENUM(MDC_MSG_CHANGE_CAPACITY);
TRACE_DEFINE_ENUM(MDC_MSG_BITMAP_RESIZE);
TRACE_DEFINE_ENUM(MDC_MSG_RESYNCING_START);

#define mdc_show_msg_type(type)						\
	__print_symbolic(type,						\
			 { MDC_MSG_METADATA_UPDATED, "METADATA_UPDATED" },	\
			 { MDC_MSG_RESYNCING, "RESYNCING" },		\
			 { MDC_MSG_NEWDISK, "NEWDISK" },		\
			 { MDC_MSG_REMOVE, "REMOVE" },			\
			 { MDC_MSG_RE_ADD, "RE_ADD" },			\
			 { MDC_MSG_BITMAP_NEEDS_SYNC, "BITMAP_NEEDS_SYNC" },	\
			 { MDC_MSG_CHANGE_CAPACITY, "CHANGE_CAPACITY" },	\
			 { MDC_MSG_BITMAP_RESIZE, "BITMAP_RESIZE" },	\
			 { MDC_MSG_RESYNCING_START, "RESYNCING_START" })

#define mdc_show_lock_mode(mode)					\
	__print_symbolic(mode,						\
			 { DLM_LOCK_IV, "none" },			\
			 { DLM_LOCK_NL, "NL" },				\
			 { DLM_LOCK_CR, "CR" },				\
			 { DLM_LOCK_CW, "CW" },				\
			 { DLM_LOCK_PR, "PR" },				\
			 { DLM_LOCK_PW, "PW" },				\
			 { DLM_LOCK_EX, "EX" })

DECLARE_EVENT_CLASS(mdc_msg_class,
		    TP_PROTO(const struct mdc_cluster *mc,
			     const struct mdc_msg *msg, int result),
		    TP_ARGS(mc, msg, result),
		    TP_STRUCT__entry(__array(char, md, MDC_NAME_LEN)
				     __field(u32, type)
				     __field(u32, slot)
				     __field(u64, low)
				     __field(u64, high)
				     __field(u32, raid_slot)
				     __field(int, result)),
		    TP_fast_assign(strscpy(__entry->md, mc->name, MDC_NAME_LEN);
				   __entry->type = msg->type;
				   __entry->slot = msg->slot;
				   __entry->low = msg->low;
				   __entry->high = msg->high;
				   __entry->raid_slot = msg->raid_slot;
				   __entry->result = result;),
		    TP_printk("%s type=%s slot=%u low=%llu high=%llu raid_slot=%u result=%d",
			      __entry->md, mdc_show_msg_type(__entry->type),
			      __entry->slot,
			      __entry->low, __entry->high, __entry->raid_slot,
			      __entry->result)
);

/* result: 0 or the send error */
DEFINE_EVENT(mdc_msg_class, mdc_msg_sent,
	     TP_PROTO(const struct mdc_cluster *mc, const struct mdc_msg *msg,
		      int result),
	     TP_ARGS(mc, msg, result));

/* result: the mdc_reject verdict, 0 when accepted */
DEFINE_EVENT(mdc_msg_class, mdc_msg_received,
	     TP_PROTO(const struct mdc_cluster *mc, const struct mdc_msg *msg,
		      int result),
	     TP_ARGS(mc, msg, result));

DECLARE_EVENT_CLASS(mdc_lock_class,
		    TP_PROTO(const struct mdc_lock *lk, int mode, int result,
			     u64 wait_us),
		    TP_ARGS(lk, mode, result, wait_us),
		    TP_STRUCT__entry(__array(char, md, MDC_NAME_LEN)
				     __array(char, lock, MDC_LOCK_NAME_LEN)
				     __field(int, from)
				     __field(int, mode)
				     __field(int, result)
				     __field(u64, wait_us)),
		    TP_fast_assign(strscpy(__entry->md, lk->mc->name, MDC_NAME_LEN);
				   strscpy(__entry->lock, lk->name, MDC_LOCK_NAME_LEN);
				   __entry->from = lk->mode;
				   __entry->mode = mode;
				   __entry->result = result;
				   __entry->wait_us = wait_us;),
		    TP_printk("%s %s from=%s to=%s result=%d wait_us=%llu",
			      __entry->md, __entry->lock,
			      mdc_show_lock_mode(__entry->from),
			      mdc_show_lock_mode(__entry->mode),
			      __entry->result, __entry->wait_us)
);

/*
 * from: granted mode before the request; to: the requested mode;
 * result: 0 or the error; wait_us: from the request to its answer
 */
DEFINE_EVENT(mdc_lock_class, mdc_lock_request,
	     TP_PROTO(const struct mdc_lock *lk, int mode, int result,
		      u64 wait_us),
	     TP_ARGS(lk, mode, result, wait_us));

DECLARE_EVENT_CLASS(mdc_step_class,
		    TP_PROTO(const struct mdc_cluster *mc, int slot, u64 lo,
			     u64 hi, int result),
		    TP_ARGS(mc, slot, lo, hi, result),
		    TP_STRUCT__entry(__array(char, md, MDC_NAME_LEN)
				     __field(int, slot)
				     __field(u64, lo)
				     __field(u64, hi)
				     __field(int, result)),
		    TP_fast_assign(strscpy(__entry->md, mc->name, MDC_NAME_LEN);
				   __entry->slot = slot;
				   __entry->lo = lo;
				   __entry->hi = hi;
				   __entry->result = result;),
		    TP_printk("%s slot=%d lo=%llu hi=%llu result=%d",
			      __entry->md, __entry->slot, __entry->lo,
			      __entry->hi, __entry->result)
);

/* Every step event has mdc_step_class's fields; the comment says which. */
#define MDC_DEFINE_STEP_EVENT(name)					\
	DEFINE_EVENT(mdc_step_class, name,				\
		     TP_PROTO(const struct mdc_cluster *mc, int slot,	\
			      u64 lo, u64 hi, int result),		\
		     TP_ARGS(mc, slot, lo, hi, result))

/* a slot was queued for recovery; result -ERANGE: refused */
MDC_DEFINE_STEP_EVENT(mdc_recovery_queued);
/* the recovery thread starts on a slot (takes its bitmap lock) */
MDC_DEFINE_STEP_EVENT(mdc_recovery_start);
/* a slot's bitmap was merged: [lo, hi) was dirty; hi 0: nothing */
MDC_DEFINE_STEP_EVENT(mdc_recovery_done);
/* md's sync thread asked for the resync lock; result 0: granted */
MDC_DEFINE_STEP_EVENT(mdc_resync_start);
/* we announce our resync window lo..hi (hi 0: done) */
MDC_DEFINE_STEP_EVENT(mdc_resync_window);
/* the resync ended here and the resync lock went back to NL */
MDC_DEFINE_STEP_EVENT(mdc_resync_finish);
/* a peer's window (slot = the peer) is installed; hi 0: lifted */
MDC_DEFINE_STEP_EVENT(mdc_peer_window);

#endif /* MDC_TRACE_H */

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE trace
#include <trace/define_trace.h>
