/* Escaping for the markup writers: evidence strings come from hostile
 * inputs (eFuse dumps, console transcripts, banners), so every one passes
 * through here before it reaches HTML, XML, CSV or Markdown. */
#include <stdarg.h>
#include <string.h>

#include "reports/report.h"

void
esc_xml(FILE *fp, const char *s)
{
	for (; s != NULL && *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		switch (c) {
		case '&': fputs("&amp;", fp); break;
		case '<': fputs("&lt;", fp); break;
		case '>': fputs("&gt;", fp); break;
		case '"': fputs("&quot;", fp); break;
		case '\'': fputs("&#39;", fp); break;
		default:
			/* XML 1.0 section 2.2 forbids C0 controls except TAB, LF, CR;
			 * DEL is legal but useless in a report. */
			if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f)
				fputs("\xef\xbf\xbd", fp);
			else
				fputc(c, fp);
		}
	}
}

void
esc_csv(FILE *fp, const char *s)
{
	fputc('"', fp);
	/* A cell starting = + - @ is a formula in spreadsheet programs (CSV
	 * injection); a leading quote keeps it text. */
	if (s != NULL && *s != '\0' && strchr("=+-@", *s) != NULL)
		fputc('\'', fp);
	for (; s != NULL && *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"')
			fputs("\"\"", fp);
		else if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f)
			fputc(' ', fp);
		else
			fputc(c, fp);
	}
	fputc('"', fp);
}

void
esc_md(FILE *fp, const char *s)
{
	for (; s != NULL && *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (strchr("|`*_[]<>\\#!~", c) != NULL) {
			/* < and > as entities: GitHub renders raw HTML in comments. */
			if (c == '<')
				fputs("&lt;", fp);
			else if (c == '>')
				fputs("&gt;", fp);
			else {
				fputc('\\', fp);
				fputc(c, fp);
			}
		} else if (c == '\n' || c == '\r' || c == '\t')
			fputc(' ', fp);
		else if (c < 0x20 || c == 0x7f)
			fputs("\xef\xbf\xbd", fp);
		else
			fputc(c, fp);
	}
}

void
esc_md_code(FILE *fp, const char *s)
{
	/* Inside a code span backslash escapes are literal, so a backtick (which
	 * would end the span) becomes a quote; a pipe still splits a GFM table
	 * cell and takes its backslash. */
	for (; s != NULL && *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '`')
			fputc('\'', fp);
		else if (c == '|')
			fputs("\\|", fp);
		else if (c < 0x20 || c == 0x7f)
			fputc(' ', fp);
		else
			fputc(c, fp);
	}
}

void
xml_printf(FILE *fp, const char *fmt, ...)
{
	va_list ap;

	/* Only %s (escaped) and %%: markup comes from the format, text from the
	 * arguments, so no argument can open a tag. */
	va_start(ap, fmt);
	for (const char *p = fmt; *p != '\0'; p++) {
		if (p[0] == '%' && p[1] == 's') {
			esc_xml(fp, va_arg(ap, const char *));
			p++;
		} else if (p[0] == '%' && p[1] == '%') {
			fputc('%', fp);
			p++;
		} else
			fputc(*p, fp);
	}
	va_end(ap);
}
