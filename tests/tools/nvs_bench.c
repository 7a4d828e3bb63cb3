/* bench/bench_nvs.sh helper: decodes NVS partitions cut from real dumps
 * (FILE@OFFSET:LENGTH, hex) repeatedly, two ways: the parser alone
 * (nvs_parse) and the whole collector (nvs_partition_facts: parse, blob
 * assembly, credential scan, JSON facts), against a byte-copy baseline over
 * the same bytes (memory bandwidth). Prints MB/s for each and the ratios. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "checks/nvs.h"
#include "util/fileio.h"
#include "formats/nvs.h"

struct part {
	char *file;
	uint8_t *data;
	size_t len;
};

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int
load(const char *spec, struct part *p)
{
	char path[1024], *at, *buf;
	unsigned long off, len;
	size_t n;
	struct fw_err err;

	snprintf(path, sizeof(path), "%s", spec);
	if ((at = strrchr(path, '@')) == NULL || sscanf(at + 1, "%lx:%lx", &off, &len) != 2)
		return -1;
	*at = '\0';
	if (file_read(path, 64u << 20, &buf, &n, &err) != 0 || off + len > n) {
		fprintf(stderr, "nvs_bench: %s\n", err.msg);
		return -1;
	}
	p->file = strdup(path);
	p->len = len;
	p->data = malloc(len);
	memcpy(p->data, buf + off, len);
	free(buf);
	return 0;
}

int
main(int argc, char **argv)
{
	struct part parts[8];
	int np = 0, rounds = 2000;
	size_t total = 0;
	double t0, t_parse, t_facts, t_copy;
	volatile uint8_t sink = 0;
	uint8_t *dst;

	for (int i = 1; i < argc && np < 8; i++) {
		if (load(argv[i], &parts[np]) != 0) {
			fprintf(stderr, "nvs_bench: bad spec %s (FILE@OFF:LEN)\n", argv[i]);
			return 2;
		}
		total += parts[np++].len;
	}
	if (np == 0)
		return 2;
	dst = malloc(total);
	t0 = now();
	for (int r = 0; r < rounds; r++)
		for (int i = 0; i < np; i++) {
			struct nvs_part p;
			struct fw_err err;

			if (nvs_parse(parts[i].data, parts[i].len, "x", 0, &p, &err) != 0)
				return 3;
			sink ^= (uint8_t)p.nitems;
			nvs_part_free(&p);
		}
	t_parse = now() - t0;
	t0 = now();
	for (int r = 0; r < rounds / 10; r++) {
		struct facts *f = facts_new();
		struct fw_err err;

		for (int i = 0; i < np; i++) {
			int in = facts_add_input(f, parts[i].file, "nvs", parts[i].data, 0);

			if (nvs_partition_facts(f, in, "nvs", parts[i].data, parts[i].len, 0, &err) != 0)
				return 3;
		}
		facts_free(f);
	}
	t_facts = (now() - t0) * 10;
	t0 = now();
	for (int r = 0; r < rounds; r++) {
		size_t at = 0;

		for (int i = 0; i < np; i++) {
			memcpy(dst + at, parts[i].data, parts[i].len);
			at += parts[i].len;
		}
		sink ^= dst[r % total];
	}
	t_copy = now() - t0;
	{
		double mb = (double)total * rounds / 1e6;
		double budget_ms = 16.0 * 1048576 / 1e9 * 1e3;	/* 16 MiB at 1 GB/s */

		printf("nvs bytes per round: %zu in %d partitions, %d rounds\n", total, np, rounds);
		printf("nvs_parse:           %8.0f MB/s  (%.1f us per round)\n", mb / t_parse, t_parse / rounds * 1e6);
		printf("nvs_partition_facts: %8.0f MB/s  (%.1f us per round)\n", mb / t_facts, t_facts / rounds * 1e6);
		printf("memcpy baseline:     %8.0f MB/s\n", mb / t_copy);
		printf("ratio parse/memcpy:  %.3f   facts/memcpy: %.3f\n", t_copy / t_parse, t_copy / t_facts);
		printf("share of a 16 MiB dump's 1 GB/s budget (%.1f ms): %.2f%%\n", budget_ms,
		    t_facts / rounds * 1e3 / budget_ms * 100);
	}
	free(dst);
	return sink == 0xAB ? 0 : 0;
}
