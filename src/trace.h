/* SPDX-License-Identifier: GPL-2.0 */
/*
 * md-cluster trace events (TRACE_SYSTEM md_cluster).
 *
 * Conventions: every event names the array (md) first; messages carry the
 * wire fields as decoded, in the wire's order (type, slot, low, high,
 * raid_slot); lock events carry the resource name, the requested mode and
 * the result.  Two classes: mdc_msg_class for the channel, mdc_lock_class
 * for DLM conversions.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM md_cluster

#if !defined(MDC_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define MDC_TRACE_H

#include <linux/tracepoint.h>

#include "internal.h"

DECLARE_EVENT_CLASS(mdc_msg_class,
		    TP_PROTO(const struct mdc_cluster *mc,
			     const struct mdc_msg *msg, int result),
		    TP_ARGS(mc, msg, result),
		    TP_STRUCT__entry(__string(md, mc->name)
				     __field(u32, type)
				     __field(u32, slot)
				     __field(u64, low)
				     __field(u64, high)
				     __field(u32, raid_slot)
				     __field(int, result)),
		    TP_fast_assign(__assign_str(md);
				   __entry->type = msg->type;
				   __entry->slot = msg->slot;
				   __entry->low = msg->low;
				   __entry->high = msg->high;
				   __entry->raid_slot = msg->raid_slot;
				   __entry->result = result;),
		    TP_printk("%s type=%u slot=%u low=%llu high=%llu raid_slot=%u result=%d",
			      __get_str(md), __entry->type, __entry->slot,
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
		    TP_PROTO(const struct mdc_lock *lk, int mode, int result),
		    TP_ARGS(lk, mode, result),
		    TP_STRUCT__entry(__string(md, lk->mc->name)
				     __string(lock, lk->name)
				     __field(int, from)
				     __field(int, mode)
				     __field(int, result)),
		    TP_fast_assign(__assign_str(md);
				   __assign_str(lock);
				   __entry->from = lk->mode;
				   __entry->mode = mode;
				   __entry->result = result;),
		    TP_printk("%s %s %d->%d result=%d", __get_str(md),
			      __get_str(lock), __entry->from, __entry->mode,
			      __entry->result)
);

/* from: granted mode before the request; result: 0 or the error */
DEFINE_EVENT(mdc_lock_class, mdc_lock_request,
	     TP_PROTO(const struct mdc_lock *lk, int mode, int result),
	     TP_ARGS(lk, mode, result));

#endif /* MDC_TRACE_H */

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE trace
#include <trace/define_trace.h>
