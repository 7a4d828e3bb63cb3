#!/usr/bin/env python3
"""eFuse field tables as data: one extractor, one data file, one generator.

  efuse_tables.py extract OUT.tsv LABEL=ESPTOOL_TREE [LABEL=ESPTOOL_TREE ...]
      Reads Espressif's own definitions from esptool source trees:
        espefuse/efuse_defs/<map>.yaml        every field: blk, word, pos, len,
                                              wr_dis, rd_dis, type
        espefuse/efuse/<chip>/mem_definition.py  DR_REG_EFUSE_BASE and BLOCKS
                                              (read address, words per block)
        espefuse/efuse/<chip>/fields.py       KEY_PURPOSES (name, number)
      and writes them, without descriptions, as one TSV (scripts/efuse_defs.tsv).
  efuse_tables.py gen IN.tsv OUT.c
      Writes formats/efuse_tables_gen.c from that TSV. Never edit the .c by hand.

The committed TSV was extracted from espressif/esptool tags v4.12.0 (commit
e6ce5c41b72a065effac0773fc8db5a9ef4d25c3) and v5.3.1 (commit
0d2dfefe029eb48c23ddde61f9118b32d39dc7b9), the releases that made the summaries
in ../shared/vectors/efuse. Standard library only (the yaml files are one flow
mapping per line, which a regular expression reads exactly).
"""
import os
import re
import sys

# Fields espefuse computes in Python (mem_definition.py / fields.py) rather
# than declaring in the yaml; a summary lists them like any other field.
CALC = [
    # esp32/mem_definition.py: BLOCK3 made from a BLOCK3 template field
    ("esp32", "BLOCK3", 3, 0, 0, 256, 9, "2", "bytes:32"),
    # esp32c2/mem_definition.py: BLOCK_KEY0 halves with their own RD_DIS bits
    ("esp32c2", "BLOCK_KEY0_LOW_128", 3, 0, 0, 128, 7, "0", "bytes:16"),
    ("esp32c2", "BLOCK_KEY0_HI_128", 3, 4, 0, 128, 7, "1", "bytes:16"),
]

# The security fields checks/efuse.c interprets: the rows of the register
# decoding tables (raw images, espefuse dumps, live READ_REG). A JSON summary
# carries every field; the register path decodes these.
DECODE = """
WR_DIS RD_DIS MAC SECURE_VERSION
FLASH_CRYPT_CNT UART_DOWNLOAD_DIS FLASH_CRYPT_CONFIG CODING_SCHEME CONSOLE_DEBUG_DISABLE
ABS_DONE_0 ABS_DONE_1 JTAG_DISABLE DISABLE_DL_ENCRYPT DISABLE_DL_DECRYPT DISABLE_DL_CACHE
KEY_STATUS BLOCK1 BLOCK2 BLOCK3
DIS_FORCE_DOWNLOAD SPI_BOOT_CRYPT_CNT SECURE_BOOT_KEY_REVOKE0 SECURE_BOOT_KEY_REVOKE1
SECURE_BOOT_KEY_REVOKE2 KEY_PURPOSE_0 KEY_PURPOSE_1 KEY_PURPOSE_2 KEY_PURPOSE_3 KEY_PURPOSE_4
KEY_PURPOSE_5 KEY_PURPOSE_0_H KEY_PURPOSE_1_H KEY_PURPOSE_2_H KEY_PURPOSE_3_H KEY_PURPOSE_4_H
KEY_PURPOSE_5_H SECURE_BOOT_EN SECURE_BOOT_AGGRESSIVE_REVOKE DIS_DOWNLOAD_MODE
ENABLE_SECURITY_DOWNLOAD UART_PRINT_CONTROL BLOCK_KEY0 BLOCK_KEY1 BLOCK_KEY2 BLOCK_KEY3
BLOCK_KEY4 BLOCK_KEY5 BLOCK_SYS_DATA2 BLOCK_KEY0_LOW_128 BLOCK_KEY0_HI_128
DIS_DOWNLOAD_ICACHE DIS_DOWNLOAD_DCACHE SOFT_DIS_JTAG HARD_DIS_JTAG DIS_PAD_JTAG DIS_USB_JTAG
DIS_USB_SERIAL_JTAG DIS_DOWNLOAD_MANUAL_ENCRYPT DIS_LEGACY_SPI_BOOT DIS_DIRECT_BOOT
DIS_USB_DOWNLOAD_MODE DIS_USB_SERIAL_JTAG_DOWNLOAD_MODE DIS_USB_OTG_DOWNLOAD_MODE
XTS_KEY_LENGTH_256 SPI_DOWNLOAD_MSPI_DIS DIS_ICACHE DIS_SWD
SECURE_BOOT_SHA384_EN SEC_DPA_LEVEL XTS_DPA_PSEUDO_LEVEL XTS_DPA_CLK_ENABLE ECC_FORCE_CONST_TIME
ECDSA_DISABLE_P192 KM_DISABLE_DEPLOY_MODE KM_DEPLOY_ONLY_ONCE FORCE_USE_KEY_MANAGER_KEY
FORCE_DISABLE_SW_INIT_KEY KM_XTS_KEY_LENGTH_256 LOCK_KM_KEY KM_RND_SWITCH_CYCLE HUK_GEN_STATE
BOOTLOADER_ANTI_ROLLBACK_EN BOOTLOADER_ANTI_ROLLBACK_SECURE_VERSION_LO
BOOTLOADER_ANTI_ROLLBACK_SECURE_VERSION_HI BOOTLOADER_ANTI_ROLLBACK_SECURE_VERSION
BOOTLOADER_ANTI_ROLLBACK_UPDATE_IN_ROM
RECOVERY_BOOTLOADER_FLASH_SECTOR RECOVERY_BOOTLOADER_FLASH_SECTOR_LO RECOVERY_BOOTLOADER_FLASH_SECTOR_HI
RECOVERY_BOOTLOADER_FLASH_SECTOR_0_1 RECOVERY_BOOTLOADER_FLASH_SECTOR_2_2
RECOVERY_BOOTLOADER_FLASH_SECTOR_3_6 RECOVERY_BOOTLOADER_FLASH_SECTOR_7_7
RECOVERY_BOOTLOADER_FLASH_SECTOR_8_10 RECOVERY_BOOTLOADER_FLASH_SECTOR_11_11
WAFER_VERSION_MAJOR WAFER_VERSION_MAJOR_LO WAFER_VERSION_MAJOR_HI
""".split()


# Chips fwaudit audits (decoding tables, rules); the others are identified
# and refused by name.
AUDITED = ["esp32", "esp32c2", "esp32s2", "esp32s3", "esp32c3", "esp32c6", "esp32h2",
           "esp32c5", "esp32c61", "esp32p4", "esp32h4"]

# The esptool commits the committed TSV comes from.
PINNED = {"4.12.0": "e6ce5c41b72a065effac0773fc8db5a9ef4d25c3",
          "5.3.1": "0d2dfefe029eb48c23ddde61f9118b32d39dc7b9"}

LINE = re.compile(r"^  ([A-Z0-9_]+)\s*:\s*\{(.*)\}\s*$")
KV = re.compile(r"(\w+)\s*:\s*('(?:[^']|'')*'|\"[^\"]*\"|[^,]*)")


def parse_yaml(path):
    rows = []
    for line in open(path, encoding="utf-8"):
        m = LINE.match(line)
        if not m:
            continue
        body = m.group(2).split(", desc:")[0]
        kv = {k: v.strip().strip("'\"") for k, v in KV.findall(body)}
        rd = kv.get("rd_dis", "null")
        rows.append((m.group(1), int(kv["blk"]), int(kv["word"]), int(kv["pos"]),
                     int(kv["len"]), -1 if kv["wr_dis"] == "null" else int(kv["wr_dis"]),
                     "" if rd == "null" else ",".join(rd.split()), kv["type"], kv["show"]))
    return rows


def parse_blocks(path):
    text = open(path, encoding="utf-8").read()
    base = int(re.search(r"DR_REG_EFUSE_BASE\s*=\s*(0x[0-9A-Fa-f]+)", text).group(1), 16)
    blocks = []
    for m in re.finditer(r'\("[A-Z0-9_]+",\s*\[[^\]]*\],\s*(\d+),\s*__base_(?:rd_)?regs\s*\+\s*'
                         r'(0x[0-9A-Fa-f]+),[^)]*?,\s*(\d+),\s*(?:None|"[A-Z0-9_]+")\)', text):
        blocks.append((int(m.group(1)), int(m.group(2), 16), int(m.group(3))))
    return base, blocks


def parse_purposes(path):
    if not os.path.exists(path):
        return []
    text = open(path, encoding="utf-8").read()
    m = re.search(r"KEY_PURPOSES = \[(.*?)\n    \]", text, re.S)
    if not m:
        return []
    return re.findall(r'^\s+\("([A-Z0-9_]+)",\s+(\d+)', m.group(1), re.M)


def parse_calc(path):
    """Fields espefuse computes (mem_definition.py: self.CALC.append(Field(name=...)))."""
    if not os.path.exists(path):
        return []
    text = open(path, encoding="utf-8").read()
    return sorted(set(re.findall(r'CALC\.append\(\s*Field\(\s*name="([A-Z0-9_]+)"', text)))


def extract(out, trees):
    lines = ["# eFuse definitions extracted by scripts/efuse_tables.py from espressif/esptool",
             "# (GPL-2.0-or-later; field positions only, no descriptions). Columns:",
             "# F map release name blk word pos len wr_dis rd_dis type show",
             "# B map release block read_offset words base",
             "# P chip release purpose number",
             "# C map release name   (computed by espefuse: any place)"]
    for label, tree in trees:
        lines.append("# release %s: esptool tag v%s (%s)" % (label, label, PINNED.get(label, "?")))
        defs = os.path.join(tree, "espefuse", "efuse_defs")
        for fn in sorted(os.listdir(defs)):
            if not fn.endswith(".yaml") or "beta" in fn:
                continue
            m = fn[:-5]
            for r in parse_yaml(os.path.join(defs, fn)):
                lines.append("F\t%s\t%s\t%s" % (m, label, "\t".join(map(str, r))))
            chip = m.split("_")[0]
            mem = os.path.join(tree, "espefuse", "efuse", chip, "mem_definition.py")
            if m == chip and os.path.exists(mem):
                base, blocks = parse_blocks(mem)
                for b, off, words in blocks:
                    lines.append("B\t%s\t%s\t%d\t0x%03X\t%d\t0x%08X" % (m, label, b, off, words, base))
                for name in parse_calc(mem):
                    lines.append("C\t%s\t%s\t%s" % (m, label, name))
                for name, num in parse_purposes(os.path.join(tree, "espefuse", "efuse", chip,
                                                             "fields.py")):
                    lines.append("P\t%s\t%s\t%s\t%s" % (chip, label, name, num))
        for c in CALC:
            lines.append("F\t%s\t%s\t%s\t%d\t%d\t%d\t%d\t%d\t%s\t%s\ty" % ((c[0], label) + c[1:]))
    open(out, "w").write("\n".join(lines) + "\n")


def load_tsv(path):
    F, B, P = {}, {}, {}
    for line in open(path, encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        c = line.rstrip("\n").split("\t")
        if c[0] == "F":
            F.setdefault(c[1], {}).setdefault(c[2], []).append(
                (c[3], int(c[4]), int(c[5]), int(c[6]), int(c[7]), int(c[8]), c[9], c[10], c[11]))
        elif c[0] == "B":
            B.setdefault((c[1], c[2]), []).append((int(c[3]), int(c[4], 16), int(c[5]), int(c[6], 16)))
        elif c[0] == "C":
            F.setdefault(c[1], {}).setdefault(c[2], []).append(
                (c[3], 0, 0, 0, 0, -1, "", "calc", "y"))
        elif c[0] == "P":
            P.setdefault((c[1], c[2]), []).append((c[3], int(c[4])))
    return F, B, P


def newest(releases):
    return sorted(releases, key=lambda r: [int(x) for x in r.split(".")])[-1]


def maps_of(F):
    """map name -> {release: rows}; the ESP32-H2 v0.0-v1.1 file only adds
    fields to esp32h2 (esp32h2/mem_definition.py extends the table)."""
    maps = {}
    for m, rels in F.items():
        target = "esp32h2" if m.startswith("esp32h2_v") else m
        for rel, rows in rels.items():
            maps.setdefault(target, {}).setdefault(rel, []).extend(rows)
    return maps


def kind(name, typ):
    if typ.startswith("bytes"):
        return "EFK_MAC" if name == "MAC" else "EFK_BYTES"
    return "EFK_UINT"


def c_str(s):
    return '"%s"' % s


def gen(tsv, out):
    F, B, P = load_tsv(tsv)
    maps = maps_of(F)
    o = ["/* Generated by scripts/efuse_tables.py gen scripts/efuse_defs.tsv: do not edit.",
         " * Source: espressif/esptool espefuse/efuse_defs/<map>.yaml, espefuse/efuse/<chip>/",
         " * mem_definition.py and fields.py at v4.12.0 and v5.3.1 (see the TSV header). */",
         '#include "formats/efuse_tables.h"', ""]
    names = []
    for m in sorted(maps):
        chip = m.split("_")[0]
        rels = maps[m]
        rel = newest(rels)
        # espefuse widens BLOCK_USR_DATA to the whole block (mem_definition.py)
        ident = sorted({(r[0], r[1], r[2], r[3], 256 if r[0] == "BLOCK_USR_DATA" else r[4])
                        if r[7] != "calc" else (r[0], 0, 0, 0, 0)
                        for rs in rels.values() for r in rs})
        o.append("static const struct efuse_ident_row %s_ident[] = {" % m.replace(".", "_"))
        o += ['\t{ "%s", %d, %d, %d, %d },' % r for r in ident]
        o.append("};")
        sym = m.replace(".", "_")
        dec = []
        if chip in AUDITED:
            seen = set()
            for r in rels[rel]:
                # show: n fields espefuse's summary never prints (ESP32-H2, -C5
                # DIS_USB_SERIAL_JTAG): decoding them would give facts the
                # summary of the same chip cannot
                if r[7] == "calc" or r[0] not in DECODE or r[0] in seen or r[8] != "y":
                    continue
                if r[0].startswith("WAFER_") and chip != "esp32p4":
                    continue
                seen.add(r[0])
                rd = [int(x) for x in r[6].split(",")] if r[6] else []
                more = sum(1 << x for x in rd[1:])
                dec.append('\t{ "%s", %d, %d, %d, %d, %d, %d, %s, %d },' % (
                    r[0], r[1], r[2], r[3], r[4], r[5], rd[0] if rd else -1, kind(r[0], r[7]), more))
            o.append("static const struct efuse_field_def %s_fields[] = {" % sym)
            o += dec
            o.append("};")
        pur = P.get((chip, rel)) or P.get((chip, newest([k[1] for k in P if k[0] == chip] or [rel])), [])
        table = {}
        for n, v in pur:
            table.setdefault(v, n)	# several names for one number: espefuse prints the first
        if table:
            o.append("static const char *const %s_purposes[] = {" % sym)
            o += ["\t[%d] = %s," % (v, c_str(n)) for v, n in sorted(table.items())]
            o.append("};")
        blocks = B.get((chip, rel)) or B.get((chip, newest([k[1] for k in B if k[0] == chip])), [])
        addr = ["0"] * 11
        words = ["0"] * 11
        base = blocks[0][3] if blocks else 0
        for b, off, w, _ in blocks:
            assert chip not in AUDITED or w <= 8, "EFUSE_BLOCK_WORDS is 8"
            addr[b] = "0x%08X" % (base + off)
            words[b] = str(w)
        o.append("static const struct efuse_chip_def %s_def = {" % sym)
        o.append('\t.chip = "%s", .map = "%s", .release = "%s", .audited = %s,' % (
            chip, m, rel, "true" if chip in AUDITED else "false"))
        o.append("\t.block_addr = { %s }," % ", ".join(addr))
        o.append("\t.block_words = { %s }," % ", ".join(words))
        if dec:
            o.append("\t.fields = %s_fields, .nfields = sizeof(%s_fields) / sizeof(%s_fields[0])," % (sym, sym, sym))
        o.append("\t.ident = %s_ident, .nident = sizeof(%s_ident) / sizeof(%s_ident[0])," % (sym, sym, sym))
        if table:
            o.append("\t.purposes = %s_purposes, .npurposes = sizeof(%s_purposes) / sizeof(%s_purposes[0])," % (sym, sym, sym))
        o.append('\t.rd_dis_field = "RD_DIS", .base = 0x%08X,' % base)
        o.append("};")
        o.append("")
        names.append(sym)
    o.append("const struct efuse_chip_def *const efuse_chip_defs[] = {")
    o += ["\t&%s_def," % n for n in names]
    o += ["\tNULL,", "};", ""]
    open(out, "w").write("\n".join(o))


def main(argv):
    if len(argv) >= 4 and argv[1] == "extract":
        extract(argv[2], [a.split("=", 1) for a in argv[3:]])
    elif len(argv) == 4 and argv[1] == "gen":
        gen(argv[2], argv[3])
    else:
        sys.stderr.write(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
