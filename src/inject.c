// SPDX-License-Identifier: GPL-2.0
/*
 * Test-only message injector (CONFIG_MD_CLUSTER_TEST_INJECT).
 *
 * Writing "type slot low high raid_slot" to
 * /sys/kernel/debug/md-cluster/<array>/inject makes this node send exactly
 * that message, unchecked, through the normal send path, so that tests can
 * watch peers cope with unknown types, bad slots, low > high and so on.
 * The write returns once every peer has acknowledged the message.
 *
 * /sys/kernel/debug/md-cluster/<array>/stats shows the message counters,
 * so that a test can see a peer refuse what was injected.
 *
 * Writing N to /sys/kernel/debug/md-cluster/<array>/skip_reloads makes
 * this node acknowledge the next N METADATA_UPDATED messages without
 * re-reading the superblock: a node that cannot follow a change, which
 * is how tests reach the paths that undo a change on every node.
 *
 * Writing a number of milliseconds to merge_delay_ms makes every merge of
 * another slot's bitmap wait that long once it holds what keeps our
 * bitmap attached: the window in which tests stop the array.
 *
 * Writing N to fail_windows (fail_lifts) makes this node's next N
 * RESYNCING messages announcing a window (the end of its resync) fail with
 * -ETIMEDOUT before they reach the wire, as a token or acknowledgment
 * timeout would: how tests reach the paths that redo an unannounced window
 * and retry an unheard end.
 *
 * Writing N to fail_message_puts makes the next N conversions of the
 * "message" lock back to NL fail without reaching DLM, so that the lock
 * really stays where it was, as after a failed down-conversion.
 *
 * Writing N to fail_newdisk_cr makes the next N attempts to take CR on
 * "no-new-dev" back before answering a peer's NEWDISK fail with -EIO
 * without reaching DLM: a node that cannot say no to a new disk.
 *
 * Writing N to fail_message_reads makes the next N attempts to take CR on
 * "message" for reading a peer's message fail with -ETIMEDOUT without
 * reaching DLM: a node that cannot read what it is asked to acknowledge.
 *
 * Writing N to fail_merges makes the next N reads of another slot's bitmap
 * fail with -EIO before md reads anything: a bitmap that cannot be read.
 *
 * Owns the debugfs directories.  debugfs_remove_recursive() waits for a
 * write in progress, so an injection never outlives its array.
 */

#include <linux/debugfs.h>
#include <linux/delay.h>
#include <linux/fs.h>
#include <linux/seq_file.h>
#include <linux/uaccess.h>

#include "internal.h"

static struct dentry *mdc_debugfs_root;

static ssize_t mdc_inject_write(struct file *file, const char __user *ubuf,
				size_t count, loff_t *ppos)
{
	struct mdc_cluster *mc = file->private_data;
	struct mdc_msg msg = {};
	char buf[128];
	int err;

	if (count >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, count))
		return -EFAULT;
	buf[count] = '\0';
	if (sscanf(buf, "%u %u %llu %llu %u", &msg.type, &msg.slot, &msg.low,
		   &msg.high, &msg.raid_slot) != 5)
		return -EINVAL;

	mdc_info(mc, "injecting type %u slot %u low %llu high %llu raid_slot %u\n",
		 msg.type, msg.slot, msg.low, msg.high, msg.raid_slot);
	err = mdc_send_raw(mc, &msg);
	return err ? err : count;
}

static int mdc_stats_show(struct seq_file *m, void *unused)
{
	struct mdc_cluster *mc = m->private;
	u32 t;

	seq_puts(m, "type tx rx\n");
	for (t = 0; t <= MDC_MSG_NR; t++)
		seq_printf(m, "%s %lld %lld\n", mdc_msg_name(t),
			   atomic64_read(&mc->stats.tx[t]),
			   atomic64_read(&mc->stats.rx[t]));
	seq_printf(m, "rx_rejected %lld\ntx_failed %lld\n",
		   atomic64_read(&mc->stats.rx_rejected),
		   atomic64_read(&mc->stats.tx_failed));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(mdc_stats);

static const struct file_operations mdc_inject_fops = {
	.owner	= THIS_MODULE,
	.open	= simple_open,
	.write	= mdc_inject_write,
	.llseek	= noop_llseek,
};

/**
 * mdc_inject_skip_reload() - should this METADATA_UPDATED be ignored?
 * @mc: the array
 *
 * Return: true, consuming one of the skips a test asked for, or false.
 */
bool mdc_inject_skip_reload(struct mdc_cluster *mc)
{
	return atomic_add_unless(&mc->skip_reloads, -1, 0);
}

/**
 * mdc_inject_merge_delay() - hold a bitmap merge for merge_delay_ms
 * @mc: the array
 * @slot: slot being merged
 */
void mdc_inject_merge_delay(struct mdc_cluster *mc, int slot)
{
	u32 ms = READ_ONCE(mc->merge_delay_ms);

	if (!ms)
		return;
	mdc_info(mc, "test: holding the merge of slot %d for %u ms\n", slot, ms);
	msleep(ms);
}

/**
 * mdc_inject_tx_fault() - should this transmission fail, as a test asked?
 * @mc: the array
 * @msg: message about to be sent
 *
 * Return: 0, or -ETIMEDOUT, consuming one of the failures asked for.
 */
int mdc_inject_tx_fault(struct mdc_cluster *mc, const struct mdc_msg *msg)
{
	atomic_t *left;

	if (msg->type != MDC_MSG_RESYNCING)
		return 0;
	left = msg->high ? &mc->fail_windows : &mc->fail_lifts;
	if (!atomic_add_unless(left, -1, 0))
		return 0;
	mdc_info(mc, "test: failing RESYNCING %llu..%llu\n", msg->low, msg->high);
	return -ETIMEDOUT;
}

/**
 * mdc_inject_message_put_fault() - should this drop of "message" fail?
 * @mc: the array
 *
 * Return: 0, or -ETIMEDOUT, consuming one of the failures asked for.
 */
int mdc_inject_message_put_fault(struct mdc_cluster *mc)
{
	if (!atomic_add_unless(&mc->fail_message_puts, -1, 0))
		return 0;
	mdc_info(mc, "test: message lock not dropped\n");
	return -ETIMEDOUT;
}

/**
 * mdc_inject_newdisk_cr_fault() - should this retake of no-new-dev fail?
 * @mc: the array
 *
 * Return: 0, or -EIO, consuming one of the failures asked for.
 */
int mdc_inject_newdisk_cr_fault(struct mdc_cluster *mc)
{
	if (!atomic_add_unless(&mc->fail_newdisk_cr, -1, 0))
		return 0;
	mdc_info(mc, "test: no-new-dev not taken back to CR\n");
	return -EIO;
}

/**
 * mdc_inject_message_read_fault() - should this read of "message" fail?
 * @mc: the array
 *
 * Return: 0, or -ETIMEDOUT, consuming one of the failures asked for.
 */
int mdc_inject_message_read_fault(struct mdc_cluster *mc)
{
	if (!atomic_add_unless(&mc->fail_message_reads, -1, 0))
		return 0;
	mdc_info(mc, "test: message not read\n");
	return -ETIMEDOUT;
}

/**
 * mdc_inject_merge_fault() - should this read of a slot's bitmap fail?
 * @mc: the array
 * @slot: slot about to be read
 *
 * Return: 0, or -EIO, consuming one of the failures asked for.
 */
int mdc_inject_merge_fault(struct mdc_cluster *mc, int slot)
{
	if (!atomic_add_unless(&mc->fail_merges, -1, 0))
		return 0;
	mdc_info(mc, "test: bitmap of slot %d not read\n", slot);
	return -EIO;
}

/**
 * mdc_inject_init() - create /sys/kernel/debug/md-cluster
 */
void mdc_inject_init(void)
{
	mdc_debugfs_root = debugfs_create_dir("md-cluster", NULL);
}

/**
 * mdc_inject_exit() - remove /sys/kernel/debug/md-cluster
 */
void mdc_inject_exit(void)
{
	debugfs_remove_recursive(mdc_debugfs_root);
	mdc_debugfs_root = NULL;
}

/**
 * mdc_inject_add() - create the array's inject and stats files
 * @mc: the array, joined
 */
void mdc_inject_add(struct mdc_cluster *mc)
{
	mc->debugfs = debugfs_create_dir(mc->name, mdc_debugfs_root);
	debugfs_create_file("inject", 0200, mc->debugfs, mc, &mdc_inject_fops);
	debugfs_create_file("stats", 0400, mc->debugfs, mc, &mdc_stats_fops);
	atomic_set(&mc->skip_reloads, 0);
	debugfs_create_atomic_t("skip_reloads", 0600, mc->debugfs,
				&mc->skip_reloads);
	atomic_set(&mc->fail_windows, 0);
	debugfs_create_atomic_t("fail_windows", 0600, mc->debugfs,
				&mc->fail_windows);
	atomic_set(&mc->fail_lifts, 0);
	debugfs_create_atomic_t("fail_lifts", 0600, mc->debugfs,
				&mc->fail_lifts);
	atomic_set(&mc->fail_message_puts, 0);
	debugfs_create_atomic_t("fail_message_puts", 0600, mc->debugfs,
				&mc->fail_message_puts);
	atomic_set(&mc->fail_newdisk_cr, 0);
	debugfs_create_atomic_t("fail_newdisk_cr", 0600, mc->debugfs,
				&mc->fail_newdisk_cr);
	atomic_set(&mc->fail_message_reads, 0);
	debugfs_create_atomic_t("fail_message_reads", 0600, mc->debugfs,
				&mc->fail_message_reads);
	atomic_set(&mc->fail_merges, 0);
	debugfs_create_atomic_t("fail_merges", 0600, mc->debugfs,
				&mc->fail_merges);
	mc->merge_delay_ms = 0;
	debugfs_create_u32("merge_delay_ms", 0600, mc->debugfs,
			   &mc->merge_delay_ms);
}

/**
 * mdc_inject_del() - remove the array's debugfs files
 * @mc: the array, leaving
 */
void mdc_inject_del(struct mdc_cluster *mc)
{
	debugfs_remove_recursive(mc->debugfs);
	mc->debugfs = NULL;
}
