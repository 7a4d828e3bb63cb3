#!/usr/bin/env python3
"""Clones the real CVE records of ../shared/vectors/cve into N records in the
cvelistV5 layout (cves/YEAR/NNxxx/CVE-YEAR-NNNNN.json, 4-space indent), for
bench/bench_vulndb.sh.

Each clone gets a new ID and, so that a component matches a realistic handful
of records rather than one in 23 of all of them, its product: vendor and
product names (and CPEs) become vendorP / prodP with P = clone % PRODUCTS, and
the product names in its description become prodP too (the n/a records are
found by their description). The 23 real records stay as they are, so the real
components (esp-idf, mbedtls, openssl, ...) still find theirs.

usage: make_vulndb_feed.py SRC_DIR OUT_DIR N [PRODUCTS]
"""
import copy
import glob
import json
import os
import re
import sys

NAMES = re.compile(r"ESP-IDF|ESF-IDF|Espressif|Mbed ?TLS|PolarSSL|lwIP|FreeRTOS|"
                   r"BusyBox|Dropbear|OpenSSL|Zephyr|ESP8266_NONOS_SDK|ESP32|Bluetooth",
                   re.I)


def rename_affected(affected, p):
    for a in affected:
        if a.get("product", "n/a") != "n/a":
            a["vendor"] = "vendor%d" % p
            a["product"] = "prod%d" % p
        if "cpes" in a:
            a["cpes"] = ["cpe:2.3:a:vendor%d:prod%d:*:*:*:*:*:*:*:*" % (p, p)]
        a.pop("packageName", None)


def clone_cve5(d, cid, p):
    d = copy.deepcopy(d)
    d["cveMetadata"]["cveId"] = cid
    conts = [d["containers"]["cna"]] + d["containers"].get("adp", [])
    for c in conts:
        rename_affected(c.get("affected", []), p)
        for desc in c.get("descriptions", []):
            desc["value"] = NAMES.sub("prod%d" % p, desc["value"])
    return d


def clone_nvd(d, cid, p):
    d = copy.deepcopy(d)
    cve = d["vulnerabilities"][0]["cve"]
    cve["id"] = cid
    for desc in cve.get("descriptions", []):
        desc["value"] = NAMES.sub("prod%d" % p, desc["value"])
    for cfg in cve.get("configurations", []):
        for node in cfg["nodes"]:
            for m in node["cpeMatch"]:
                f = m["criteria"].split(":")
                f[3], f[4] = "vendor%d" % p, "prod%d" % p
                m["criteria"] = ":".join(f)
    return d


def main():
    src, out, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    products = int(sys.argv[4]) if len(sys.argv) > 4 else 20000
    real = [(f, json.load(open(f))) for f in sorted(glob.glob(src + "/CVE-*.json"))]
    real += [(f, json.load(open(f))) for f in sorted(glob.glob(src + "/nvd/*.json"))]
    for f, d in real:
        os.makedirs(out + "/real", exist_ok=True)
        with open(out + "/real/" + os.path.basename(f) + ("" if "nvd" not in f else ".nvd.json"), "w") as fp:
            json.dump(d, fp, indent=4, ensure_ascii=False)
    for i in range(n - len(real)):
        _, d = real[i % len(real)]
        year, num = 2000 + i % 26, 100000 + i
        cid = "CVE-%d-%d" % (year, num)
        p = i % products
        d2 = clone_nvd(d, cid, p) if "vulnerabilities" in d else clone_cve5(d, cid, p)
        folder = "%s/cves/%d/%dxxx" % (out, year, num // 1000)
        os.makedirs(folder, exist_ok=True)
        with open("%s/%s.json" % (folder, cid), "w") as fp:
            json.dump(d2, fp, indent=4, ensure_ascii=False)


if __name__ == "__main__":
    main()
