/* Times vulndb_match_components: the components of a file (one
 * "[VENDOR:]PRODUCT VERSION" a line) against a database, N runs after one
 * warm-up; prints the best and median time of one run over all of them and
 * the findings per status. For bench/bench_vulndb.sh. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "checks/vulndb.h"

#define MAXC 4096

static double
now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int
cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static size_t
read_components(const char *path, struct vuln_component *cs, char (*buf)[2][128])
{
	FILE *fp = fopen(path, "r");
	size_t n = 0;

	if (fp == NULL)
		return 0;
	while (n < MAXC && fscanf(fp, "%127s %127s", buf[n][0], buf[n][1]) == 2) {
		char *colon = strchr(buf[n][0], ':');

		memset(&cs[n], 0, sizeof(cs[n]));
		if (colon != NULL) {
			*colon = '\0';
			cs[n].vendor = buf[n][0];
			cs[n].product = colon + 1;
		} else {
			cs[n].product = buf[n][0];
		}
		cs[n].version = buf[n][1];
		n++;
	}
	fclose(fp);
	return n;
}

int
main(int argc, char **argv)
{
	static struct vuln_component cs[MAXC];
	static char buf[MAXC][2][128];
	struct vulndb *db;
	struct fw_err err;
	int runs = argc > 3 ? atoi(argv[3]) : 20;
	double t[256];
	size_t n, count[5] = { 0 };

	if (argc < 3 || (n = read_components(argv[2], cs, buf)) == 0) {
		fprintf(stderr, "usage: vulndb_bench DB COMPONENTS [RUNS]\n");
		return 2;
	}
	if (runs < 1 || runs > 256)
		runs = 20;
	if (vulndb_open(&db, argv[1], VULNDB_READ, &err) != 0) {
		fprintf(stderr, "%s\n", err.msg);
		return 2;
	}
	for (int r = -1; r < runs; r++) {
		struct vulndb_findings f = { 0 };
		double t0 = now_ms();

		if (vulndb_match_components(db, cs, n, &f, &err) != 0) {
			fprintf(stderr, "%s\n", err.msg);
			return 2;
		}
		if (r >= 0)
			t[r] = now_ms() - t0;
		if (r == 0)
			for (size_t i = 0; i < f.n; i++)
				count[f.v[i].res.status]++;
		vulndb_findings_free(&f);
	}
	qsort(t, (size_t)runs, sizeof(t[0]), cmp_d);
	printf("%zu components: best %.1f ms, median %.1f ms (%d runs); findings: %zu affected, "
	    "%zu not affected, %zu unknown, %zu cannot decide\n", n, t[0], t[runs / 2], runs,
	    count[VS_AFFECTED], count[VS_NOT_AFFECTED], count[VS_UNKNOWN], count[VS_CANNOT_DECIDE]);
	vulndb_close(db);
	return 0;
}
