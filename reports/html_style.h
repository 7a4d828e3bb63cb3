/* The HTML report's inline stylesheet (screen and print). Kept apart from
 * reports/html.c so the markup reads on its own. */
#ifndef FWAUDIT_HTML_STYLE_H
#define FWAUDIT_HTML_STYLE_H

static const char html_style[] =
"*{box-sizing:border-box}"
"body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans',sans-serif;"
"color:#1b1f24;margin:0 auto;max-width:1100px;padding:24px}"
"h1{font-size:26px;margin:0 0 4px}h2{font-size:20px;border-bottom:2px solid #d0d7de;"
"padding-bottom:4px;margin-top:32px}h3{font-size:16px;margin:0 0 6px}"
"table{border-collapse:collapse;width:100%;margin:8px 0 16px}"
"th,td{border:1px solid #d0d7de;padding:4px 6px;text-align:left;vertical-align:top}"
"th{background:#f3f5f7}td.id,td.num{white-space:nowrap}"
"code,.mono,pre{font-family:'DejaVu Sans Mono',Menlo,Consolas,monospace;font-size:12px}"
"pre{white-space:pre-wrap;word-break:break-all;background:#f6f8fa;padding:6px;margin:4px 0}"
".hash{word-break:break-all}"
".v{display:inline-block;padding:1px 7px;border-radius:10px;font-size:12px;font-weight:600;"
"white-space:nowrap;border:1px solid transparent}"
".v-pass{background:#dafbe1;color:#116329}.v-fail{background:#ffebe9;color:#a40e26}"
".v-waived{background:#fbefff;color:#6e40c9}.v-declared{background:#ddf4ff;color:#0550ae}"
".v-not_tested{background:#fff8c5;color:#7d4e00}.v-not_applicable{background:#eaeef2;color:#57606a}"
".sev{font-size:12px;color:#57606a}.muted{color:#57606a}"
".cover{border:1px solid #d0d7de;padding:20px;border-radius:6px}"
".cover table{width:auto;min-width:60%}"
".rule{border:1px solid #d0d7de;border-left:6px solid #8c959f;border-radius:4px;"
"padding:10px 14px;margin:12px 0}"
".rule.fail{border-left-color:#cf222e}.rule.pass{border-left-color:#1a7f37}"
".rule.waived{border-left-color:#8250df}.rule.declared{border-left-color:#0969da}"
".rule.not_tested{border-left-color:#bf8700}"
".note{background:#fff8c5;border:1px solid #d4a72c;padding:6px 10px;border-radius:4px}"
".decl{background:#ddf4ff;border:1px solid #54aeff;padding:6px 10px;border-radius:4px}"
".waiver{background:#fbefff;border:1px solid #c297ff;padding:6px 10px;border-radius:4px}"
"tr.clause td{background:#f6f8fa;font-weight:600}"
"table.conf td:nth-child(2){width:38%}table.conf td:nth-child(5){width:28%;word-break:break-word}"
"a{color:#0969da;text-decoration:none}"
".toc{margin:16px 0}.toc ol{margin:4px 0;padding-left:22px}"
"@page{size:A4;margin:14mm 12mm}"
"@media print{body{max-width:none;padding:0;font-size:11px}"
"a{color:inherit}"
"thead{display:table-header-group}tr,.rule,.cover{break-inside:avoid}"
".page{break-before:page}h2,h3{break-after:avoid}"
".v{border-color:currentColor}}";

#endif
