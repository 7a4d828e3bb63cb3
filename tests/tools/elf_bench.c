/* bench/bench_elf.sh helper: over the ELF files given, times the hardening
 * reader (elf_hardening) and the risky-call sweep (elf_risky_calls)
 * separately, in-process, files already in memory. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "formats/elf_calls.h"
#include "formats/elf_hardening.h"
#include "util/fileio.h"

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int
main(int argc, char **argv)
{
	struct elf_calls *c = malloc(sizeof(*c));
	double th = 0, tc = 0, bytes = 0;
	size_t sites = 0, n = 0;

	for (int i = 1; c != NULL && i < argc; i++) {
		struct elf_hardening h;
		struct fw_err err;
		char *buf;
		size_t len;
		double t0, t1, t2;

		if (file_read(argv[i], (size_t)1 << 30, &buf, &len, &err) != 0)
			continue;
		t0 = now();
		int ok = elf_hardening((const uint8_t *)buf, len, &h, &err) == 0;
		t1 = now();
		if (ok && elf_risky_calls((const uint8_t *)buf, len, c, &err) == 0)
			sites += c->total;
		t2 = now();
		th += t1 - t0, tc += t2 - t1, bytes += (double)len, n += ok;
		free(buf);
	}
	printf("elf_bench: %zu ELFs, %.1f MiB: hardening %.3f ms/ELF (%.0f MiB/s), "
	    "risky calls %.2f ms/ELF (%.0f MiB/s, %zu sites)\n", n, bytes / 1048576,
	    n ? 1000 * th / (double)n : 0, th > 0 ? bytes / 1048576 / th : 0,
	    n ? 1000 * tc / (double)n : 0, tc > 0 ? bytes / 1048576 / tc : 0, sites);
	free(c);
	return 0;
}
