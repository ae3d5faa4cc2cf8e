/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Who speaks what.  Each alive slot's owner is this node, a node of ours
 * (it advertises a version and capability bits on "mdc-peerNNNN", a
 * resource the stock modules never touch), a stock node that has shown it
 * knows RESYNCING_START by sending one since it joined, or unknown: a node
 * that may run Linux 6.1, whose md-cluster keeps its "ack" lock on a
 * message type it does not know and so wedges every later message.  The
 * decision what to send follows from those kinds alone; nothing here
 * talks to DLM (peers.c does), so KUnit checks every combination.
 */
#ifndef MDC_KINDS_H
#define MDC_KINDS_H

#include <linux/bits.h>
#include <linux/types.h>

/* The advertisement's version; bump with any change of its meaning. */
#define MDC_ADVERT_VERSION	1

/*
 * Capability bits a node of ours advertises.  A feature that a stock node
 * would not understand is used only when every alive node has its bit
 * (mdc_peers_decide()); unknown bits from newer nodes are kept and ignored.
 */
#define MDC_CAP_RESYNCING_START	BIT_ULL(0)	/* knows message 8 */
#define MDC_CAPS_OURS		(MDC_CAP_RESYNCING_START)

/* Bytes of the advertisement LVB that carry data; the rest stays zero. */
#define MDC_ADVERT_LEN		16

enum mdc_peer_kind {
	MDC_KIND_ABSENT,	/* not a member of the lockspace */
	MDC_KIND_SELF,
	MDC_KIND_OURS,		/* advertises itself */
	MDC_KIND_STOCK,		/* sent RESYNCING_START since it joined */
	MDC_KIND_UNKNOWN,	/* possibly Linux 6.1 */
};

enum mdc_peers_mode {
	MDC_PEERS_AUTO,		/* decide from the peers' kinds */
	MDC_PEERS_LEGACY,	/* never send RESYNCING_START */
	MDC_PEERS_CURRENT,	/* always send it: no 6.1 node, says the admin */
};

/* One slot as this node sees it; version and caps only for self and ours. */
struct mdc_peer {
	u8 kind;		/* enum mdc_peer_kind */
	u16 version;		/* advertised version, 0 when not read */
	u64 caps;		/* advertised capability bits */
};

/* held_by when a lockspace membership change is still being reported */
#define MDC_HELD_BY_JOIN	(-2)

struct mdc_peer_verdict {
	bool announce_start;	/* RESYNCING_START may be sent */
	u64 caps;		/* extensions every alive node has */
	int held_by;		/* slot keeping us legacy, MDC_HELD_BY_JOIN, -1 */
};

void mdc_peers_decide(const struct mdc_peer *peers, int nodes,
		      bool members_changing, enum mdc_peers_mode mode,
		      struct mdc_peer_verdict *v);
void mdc_advert_encode(u16 version, u64 caps, char *lvb);
int mdc_advert_decode(const char *lvb, u16 *version, u64 *caps);
int mdc_advert_lock_name(char *buf, size_t len, int slot);
const char *mdc_peer_kind_name(enum mdc_peer_kind kind);
int mdc_peers_mode_parse(const char *s);
const char *mdc_peers_mode_name(enum mdc_peers_mode mode);
int mdc_peers_format(const struct mdc_peer *peers, int nodes, char *buf,
		     size_t len);

#endif /* MDC_KINDS_H */
