// SPDX-License-Identifier: GPL-2.0
/*
 * mdc-lat: the write probe of `make bench`, run inside a guest.
 *
 *   mdc-lat DEV FIRST SPAN COUNT [SEED]
 *
 * Writes COUNT 4 KiB blocks, one at a time (queue depth 1), O_DIRECT and
 * each followed by fsync(), at blocks drawn from FIRST..FIRST+SPAN-1 (in
 * 4 KiB units) by a fixed pseudo-random sequence (SEED, default 1), and
 * prints every write's latency in microseconds, one per line.  COUNT 0
 * writes until killed.  The last line, on stderr, is the summary:
 * "writes N seconds S iops I p50 A p99 B" (microseconds).
 *
 * Built static on the host by bench/run.sh and copied into the guests, so
 * the image carries nothing for benchmarks.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define BLOCK 4096

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

/* xorshift64*: the same blocks for both modules, round after round */
static uint64_t next_rand(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ull;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	unsigned long long first, span, count, i;
	uint64_t seed = 1, t0, t1, start;
	uint32_t *lat = NULL;
	void *buf;
	int fd;

	if (argc < 5 || argc > 6) {
		fprintf(stderr, "usage: mdc-lat DEV FIRST SPAN COUNT [SEED]\n");
		return 2;
	}
	first = strtoull(argv[2], NULL, 0);
	span = strtoull(argv[3], NULL, 0);
	count = strtoull(argv[4], NULL, 0);
	if (argc == 6)
		seed = strtoull(argv[5], NULL, 0) | 1;
	if (!span) {
		fprintf(stderr, "mdc-lat: SPAN must be at least 1\n");
		return 2;
	}
	fd = open(argv[1], O_WRONLY | O_DIRECT);
	if (fd < 0) {
		fprintf(stderr, "mdc-lat: %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	if (posix_memalign(&buf, BLOCK, BLOCK))
		return 1;
	memset(buf, 0x5a, BLOCK);
	if (count) {
		lat = calloc(count, sizeof(*lat));
		if (!lat)
			return 1;
	}
	start = now_ns();
	for (i = 0; !count || i < count; i++) {
		off_t off = (off_t)(first + next_rand(&seed) % span) * BLOCK;

		memcpy(buf, &i, sizeof(i));
		t0 = now_ns();
		if (pwrite(fd, buf, BLOCK, off) != BLOCK || fsync(fd)) {
			fprintf(stderr, "mdc-lat: write %llu at %lld: %s\n",
				i, (long long)off, strerror(errno));
			return 1;
		}
		t1 = now_ns();
		printf("%llu\n", (unsigned long long)((t1 - t0) / 1000));
		if (lat)
			lat[i] = (t1 - t0) / 1000;
		else
			fflush(stdout);
	}
	t1 = now_ns();
	qsort(lat, count, sizeof(*lat), cmp_u32);
	fprintf(stderr, "writes %llu seconds %.3f iops %.1f p50 %u p99 %u\n",
		count, (t1 - start) / 1e9, count / ((t1 - start) / 1e9),
		lat[(count - 1) / 2], lat[(count * 99 + 99) / 100 - 1]);
	return 0;
}
