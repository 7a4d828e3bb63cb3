/* bench/bench_reports.sh helper: loads a canonical JSON report and times
 * every report writer on it, in process (no rule loading or judging in the
 * figure). Prints "FORMAT SECONDS BYTES" per writer, then "total SECONDS". */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "reports/report.h"

#define RUNS 3

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
	struct report_opts o = { 0 };
	json_error_t jerr;
	json_t *report;
	double total = 0;
	char path[4096];
	struct fw_err err;

	if (argc != 3) {
		fprintf(stderr, "usage: bench_reports REPORT.json OUTDIR\n");
		return 2;
	}
	if ((report = json_load_file(argv[1], 0, &jerr)) == NULL) {
		fprintf(stderr, "%s: %s\n", argv[1], jerr.text);
		return 2;
	}
	for (size_t i = 0; report_writers[i] != NULL; i++) {
		const struct report_writer *w = report_writers[i];
		double dt = 1e9;
		FILE *fp;
		long size = 0;

		snprintf(path, sizeof(path), "%s/%s", argv[2], w->file_name);
		for (int run = 0; run < RUNS; run++) {
			double t0 = now();

			if (report_write(report, w->format, path, &o, &err) != 0) {
				fprintf(stderr, "%s\n", err.msg);
				return 1;
			}
			if (now() - t0 < dt)
				dt = now() - t0;
		}
		total += dt;
		if ((fp = fopen(path, "rb")) != NULL) {
			fseek(fp, 0, SEEK_END);
			size = ftell(fp);
			fclose(fp);
		}
		printf("%-6s %.3f %ld\n", w->format, dt, size);
	}
	printf("total %.3f\n", total);
	json_decref(report);
	return 0;
}
