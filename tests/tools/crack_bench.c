/* Password trial speed (bench/bench_rootfs.sh): for each hash scheme, the
 * rate of libcrypt's crypt_rn on one thread, and the rate of the trial
 * (checks/rootfs_crack.c) over THREADS threads on a list nothing in which
 * matches; the target is the first times the threads, within 10 %.
 * CPU time is printed beside wall time: on a shared machine the wall rate
 * falls with the load, the rate per CPU-second does not.
 * Usage: crack_bench THREADS SECONDS */
#include <crypt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "checks/rootfs_crack.h"

static double
now(clockid_t c)
{
	struct timespec ts;

	clock_gettime(c, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int
main(int argc, char **argv)
{
	static const char *const schemes[][2] = { { "descrypt", "ab" }, { "md5crypt", "$1$" },
		{ "sha256crypt", "$5$" }, { "sha512crypt", "$6$" }, { "bcrypt", "$2b$" },
		{ "yescrypt", "$y$" } };
	unsigned threads = argc > 1 ? (unsigned)atoi(argv[1]) : 2;
	double secs = argc > 2 ? atof(argv[2]) : 1.0;
	static char words[100000][16];
	const char **cand = malloc(100000 * sizeof(*cand));

	for (int i = 0; i < 100000; i++) {
		snprintf(words[i], sizeof(words[i]), "w%07d", i);
		cand[i] = words[i];
	}
	printf("%-12s %14s %14s %14s %14s %8s\n", "scheme", "libcrypt/core", "x threads",
	    "trial (wall)", "trial (cpu)", "cpu/target");
	for (size_t s = 0; s < sizeof(schemes) / sizeof(schemes[0]); s++) {
		struct crypt_data cd;
		char salt[CRYPT_GENSALT_OUTPUT_SIZE], hash[CRYPT_OUTPUT_SIZE];
		double t0, c0, one, wall, cpu;
		size_t n = 0, calls;
		struct crack_hash h = { 0 };

		memset(&cd, 0, sizeof(cd));
		if (strcmp(schemes[s][1], "ab") == 0)
			strcpy(salt, "ab");
		else
			crypt_gensalt_rn(schemes[s][1], 0, NULL, 0, salt, sizeof(salt));
		strcpy(hash, crypt_rn("not-in-the-list", salt, &cd, sizeof(cd)));
		t0 = now(CLOCK_THREAD_CPUTIME_ID);
		while (now(CLOCK_THREAD_CPUTIME_ID) - t0 < secs)
			crypt_rn(cand[n++ % 100000], hash, &cd, sizeof(cd));
		one = (double)n / (now(CLOCK_THREAD_CPUTIME_ID) - t0);
		/* as many candidates as take about secs on the threads */
		n = (size_t)(one * threads * secs);
		n = n < 100 ? 100 : n > 100000 ? 100000 : n;
		h.hash = hash;
		t0 = now(CLOCK_MONOTONIC);
		c0 = now(CLOCK_PROCESS_CPUTIME_ID);
		calls = crack_run(&h, 1, cand, n, threads);
		wall = (double)calls / (now(CLOCK_MONOTONIC) - t0);
		cpu = (double)calls / (now(CLOCK_PROCESS_CPUTIME_ID) - c0) * threads;
		printf("%-12s %14.0f %14.0f %14.0f %14.0f %7.1f%%\n", schemes[s][0], one,
		    one * threads, wall, cpu, 100.0 * cpu / (one * threads));
	}
	free(cand);
	return 0;
}
