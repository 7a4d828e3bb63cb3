#!/usr/bin/env python3
"""Checks fwaudit's esp.* facts against what Espressif's tools say about the
shared test vectors (../shared/vectors): esptool's own test images and keys
(README.md, esptool/image_info/*.txt) and the real-world firmware
(realworld/README.md); tampered copies made here; hostile inputs.

usage: esp_vectors.py esptool|realworld|tamper|hostile SHARED FWAUDIT TMPDIR
Prints one line per check; exits 1 at the first failure.
"""
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import zlib

MODE, SHARED, FWAUDIT, TMP = sys.argv[1:5]
VEC = os.path.join(SHARED, "vectors")
TOP = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
ESPTOOL = os.path.join(VEC, "esptool")
SECURE = os.path.join(ESPTOOL, "secure_images")
IMAGES = os.path.join(ESPTOOL, "images")
REAL = os.path.join(VEC, "realworld")
checks = 0


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def check(cond, msg):
    global checks
    if not cond:
        fail(msg)
    checks += 1


def run(args, want=None):
    p = subprocess.run([FWAUDIT] + args, capture_output=True, text=True)
    if want is not None and p.returncode != want:
        fail("exit %d, want %d: fwaudit %s\n%s%s" % (p.returncode, want, " ".join(args),
                                                     p.stdout[-2000:], p.stderr[-2000:]))
    return p


def facts(path, kind=None):
    args = ["scan", "--facts-only", path] + (["--kind", kind] if kind else [])
    p = run(args, 0)
    return json.loads(p.stdout)


def fact(doc, name):
    rec = doc["facts"].get(name)
    return None if rec is None else rec["value"]


def only_image(doc):
    imgs = fact(doc, "esp.images")
    check(imgs is not None and len(imgs) == 1, "one image expected")
    return imgs[0]


# --- espsecure's key digest, computed from the PEM files (python3-cryptography)

def pem_digest(path):
    """SHA-256 of the key area of a signature block made with this key
    (espsecure digest_sbv2_public_key / _digest_sbv2_public_key)."""
    import hashlib
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec, rsa
    data = open(path, "rb").read()
    try:
        key = serialization.load_pem_private_key(data, None).public_key()
    except ValueError:
        key = serialization.load_pem_public_key(data)
    if isinstance(key, rsa.RSAPublicKey):
        nums = key.public_numbers()
        n, e = nums.n, nums.e
        rinv = (1 << (2 * 3072)) % n
        mdash = (-pow(n, -1, 1 << 32)) & 0xFFFFFFFF
        raw = (n.to_bytes(384, "little") + struct.pack("<I", e) +
               rinv.to_bytes(384, "little") + struct.pack("<I", mdash))
    else:
        nums = key.public_numbers()
        size = key.curve.key_size
        clen = {192: 24, 256: 32, 384: 48}[size]
        curve = {192: 1, 256: 2, 384: 3}[size]
        pad = b"\0" * 16 if size == 192 else b""   # P-192: X|Y then 16 zero bytes
        raw = (bytes([curve]) + nums.x.to_bytes(clen, "little") +
               nums.y.to_bytes(clen, "little") + pad)
    return hashlib.sha256(raw).hexdigest()


def have_cryptography():
    try:
        import cryptography  # noqa: F401
        return True
    except ImportError:
        return False


# --- esptool vectors -------------------------------------------------------

def readme_table():
    """FILE -> WHAT -> EXPECTED -> DIGEST(S) lines of vectors/README.md."""
    rows = {}
    for line in open(os.path.join(VEC, "README.md")):
        parts = [p.strip() for p in line.split(" -> ")]
        if len(parts) == 4 and parts[0].endswith((".bin", ".pem")):
            rows[parts[0]] = parts
    return rows


def digests_in(text):
    return re.findall(r"\b[0-9a-f]{64}\b", text)


def parse_image_info(path):
    """esptool.py image_info --version 2 text -> dict."""
    info = {"segments": []}
    section = None
    for line in open(path):
        line = line.rstrip("\n")
        if line.startswith("Application information"):
            section = "app"
        elif line.startswith("Bootloader information"):
            section = "bl"
        m = re.match(r"\s+(\d+)\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)", line)
        if m:
            info["segments"].append(tuple(int(g, 16) if i else int(g)
                                          for i, g in enumerate(m.groups())))
            continue
        if ": " not in line:
            continue
        k, v = line.split(": ", 1)
        info[(section + ":" if section else "") + k.strip()] = v.strip()
    return info


def compare_image_info(name, img, info):
    check(img["entry"] == "0x%08x" % int(info["Entry point"], 16), name + ": entry point")
    check(img["segment_count"] == int(info["Segments"]), name + ": segment count")
    check(img["flash_size"] == info["Flash size"], name + ": flash size")
    check(img["flash_freq"] == info["Flash freq"], name + ": flash freq")
    check(img["flash_mode"] == info["Flash mode"], name + ": flash mode")
    check(img["wp_pin"] == int(info["WP pin"].split()[0], 16), name + ": WP pin")
    check(img["chip_id"] == int(info["Chip ID"].split()[0]), name + ": chip id")
    minrev = re.match(r"(v[\d.]+), \(legacy min_rev = (\d+)\)", info["Minimal chip revision"])
    check(img["min_chip_rev"] == minrev.group(1), name + ": min chip rev")
    check(img["min_chip_rev_legacy"] == int(minrev.group(2)), name + ": legacy min rev")
    check(img["max_chip_rev"] == info["Maximal chip revision"], name + ": max chip rev")
    segs = [(s["index"], s["length"], int(s["load_addr"], 16), s["offset"])
            for s in img["segments"]]
    check(segs == info["segments"], name + ": segments %s != %s" % (segs, info["segments"]))
    cs = re.match(r"0x([0-9a-f]+) \((valid|invalid)", info["Checksum"])
    check(img["checksum"] == int(cs.group(1), 16), name + ": checksum value")
    check(img["checksum_valid"] == (cs.group(2) == "valid"), name + ": checksum validity")
    if "Validation hash" in info:
        h = re.match(r"([0-9a-f]{64}) \((valid|invalid)", info["Validation hash"])
        check(img["hash_appended"] and img["hash"] == h.group(1), name + ": hash value")
        check(img["hash_valid"] == (h.group(2) == "valid"), name + ": hash validity")
    else:
        check(not img["hash_appended"], name + ": no appended hash")
    if "app:Project name" in info:
        app = img["app"]
        check(app["project"] == info["app:Project name"], name + ": project name")
        check(app["version"] == info["app:App version"], name + ": app version")
        check(app["date"] + " " + app["time"] == info["app:Compile time"], name + ": compile time")
        check(app["elf_sha256"] == info["app:ELF file SHA256"], name + ": ELF SHA-256")
        check(app["idf_version"] == info["app:ESP-IDF"], name + ": IDF version")
        check(app["secure_version"] == int(info["app:Secure version"]), name + ": secure version")
        mn = info["app:Minimal eFuse block revision"].split(".")
        check(app["min_efuse_blk_rev_full"] == int(mn[0]) * 100 + int(mn[1]),
              name + ": min eFuse block revision")
        check(img["role"] == "app", name + ": role app")
    else:
        check("app" not in img, name + ": no app descriptor")
    if "bl:Bootloader version" in info:
        bl = img["bootloader_desc"]
        check(bl["version"] == int(info["bl:Bootloader version"]), name + ": bootloader version")
        check(bl["idf_version"] == info["bl:ESP-IDF"], name + ": bootloader IDF version")
        check(bl["date_time"] == info["bl:Compile time"], name + ": bootloader compile time")
        check(img["role"] == "bootloader", name + ": role bootloader")


def find_vector(name):
    for d in (SECURE, IMAGES):
        p = os.path.join(d, name)
        if os.path.exists(p):
            return p
    return None


def esptool_vectors():
    rows = readme_table()
    keys_ok = have_cryptography()
    if not keys_ok:
        print("note: python3-cryptography missing: key files not cross-checked")
    # Key files: the digest the README gives is what espsecure computes.
    for fname, row in sorted(rows.items()):
        if not fname.endswith(".pem") or not keys_ok:
            continue
        want = digests_in(row[3])
        check(len(want) == 1 and pem_digest(os.path.join(SECURE, fname)) == want[0],
              fname + ": key digest as the README gives")
    # Signed images: every block valid with the embedded key, digests as given.
    for fname, row in sorted(rows.items()):
        if not re.match(r"bootloader_(multi_)?signed_v2_\w+\.bin$", fname):
            continue
        img = only_image(facts(os.path.join(SECURE, fname)))
        want = re.findall(r"block(\d) ([0-9a-f]{64})", row[3])
        blocks = img["signature_blocks"]
        check(img["role"] == "bootloader" and img["chip"] == "esp32", fname + ": ESP32 bootloader")
        check(img["signature_sector"] == 0x8000, fname + ": signature sector at 0x8000")
        check(len(blocks) == len(want), fname + ": %d blocks" % len(want))
        scheme = {"rsa": "RSA-3072", "ecdsa192": "ECDSA-P192", "ecdsa256": "ECDSA-P256",
                  "ecdsa384": "ECDSA-P384"}[fname.split("_v2_")[1][:-4]]
        for (idx, dg), b in zip(want, blocks):
            check(b["index"] == int(idx) and b["key_digest"] == dg,
                  "%s: block %s key digest %s" % (fname, idx, dg[:16]))
            check(b["valid"] and b["crc_valid"] and b["digest_matches"] and b["signature_valid"],
                  "%s: block %s valid" % (fname, idx))
            check(b["scheme"] == scheme, "%s: block %s scheme %s" % (fname, idx, scheme))
        check(img["sbv2_valid"] and img["sbv2_valid_blocks"] == len(want), fname + ": signed")
        # "VALID with key.pem (block0), key2.pem (block1), key3.pem (block2);
        # INVALID with key4": the embedded keys are those keys, key4 is none.
        if keys_ok:
            base = "%s_secure_boot_signing_key" % fname.split("_v2_")[1][:-4]
            for i, suffix in enumerate(["", "2", "3"][:len(blocks)]):
                check(blocks[i]["key_digest"] == pem_digest(os.path.join(SECURE, base + suffix + ".pem")),
                      "%s: block %d is signed by %s%s.pem" % (fname, i, base, suffix))
            k4 = pem_digest(os.path.join(SECURE, base + "4.pem"))
            check(all(b["key_digest"] != k4 for b in blocks), fname + ": key4 signs no block")
        # The signed payload is bootloader_unsigned_v2.bin.
        import hashlib
        payload = open(os.path.join(SECURE, fname), "rb").read()[:0x8000]
        check(payload == open(os.path.join(SECURE, "bootloader_unsigned_v2.bin"), "rb").read(),
              fname + ": payload is bootloader_unsigned_v2.bin")
        check(img["signed_digest"] == hashlib.sha256(payload).hexdigest(), fname + ": signed digest")
    # rsa_public_key_digest.bin is the digest fwaudit computes for the RSA key.
    rsa = only_image(facts(os.path.join(SECURE, "bootloader_signed_v2_rsa.bin")))
    check(open(os.path.join(SECURE, "rsa_public_key_digest.bin"), "rb").read().hex() ==
          rsa["signature_blocks"][0]["key_digest"], "rsa_public_key_digest.bin == block 0 key digest")
    for f in ("ecdsa192_public_key_digest_v2.bin", "ecdsa256_public_key_digest_v2.bin"):
        want = digests_in(rows[f][3])[0]
        check(open(os.path.join(SECURE, f), "rb").read().hex() == want, f + ": as the README gives")
        if keys_ok:
            pem = f.replace("public_key_digest_v2.bin", "secure_boot_signing_key_v2.pem")
            check(pem_digest(os.path.join(SECURE, pem)) == want, pem + ": digest")
    # Unsigned, SBv1 and plain images.
    img = only_image(facts(os.path.join(SECURE, "bootloader_unsigned_v2.bin")))
    check(img["signature_blocks"] == [] and img["sbv2_valid"] is False and
          img["signature_sector"] is None, "bootloader_unsigned_v2.bin: no signature (INVALID for every key)")
    img = only_image(facts(os.path.join(SECURE, "bootloader_signed.bin")))
    check(img["sbv1"]["present"] and img["sbv1"]["offset"] == 21696 and img["sbv2_valid"] is False,
          "bootloader_signed.bin: Secure Boot V1 trailer after the image, no V2 sector")
    img = only_image(facts(os.path.join(SECURE, "bootloader.bin")))
    check(not img["sbv1"]["present"] and img["sbv2_valid"] is False, "bootloader.bin: unsigned")
    img = only_image(facts(os.path.join(SECURE, "hello-world-signed.bin")))
    check(img["role"] == "app" and img["checksum_valid"] and img["hash_valid"] and
          img["sbv2_valid"] is False and img["signature_blocks"] == [],
          "hello-world-signed.bin: checksum+SHA256 valid, no V2 block")
    check(img["sbv1"]["present"] and img["sbv1"]["offset"] == 0x2FFB0 and img["length"] == 0x2FFB0,
          "hello-world-signed.bin: V1 trailer at 0x2FFB0")
    d = facts(os.path.join(SECURE, "bootloader_digested.bin"))
    check(fact(d, "esp.secure_boot_v1.bootloader_digest")["present"],
          "bootloader_digested.bin: V1 digest block at 0x0")
    check(fact(d, "esp.images")[0]["offset"] == 0x1000, "bootloader_digested.bin: bootloader at 0x1000")
    # Flash-encrypted images alone are ciphertext: refused as unknown, exit 2.
    for f in sorted(os.listdir(SECURE)):
        if "encrypted" in f:
            p = run(["scan", "--facts-only", os.path.join(SECURE, f)], 2)
            check("unknown content" in p.stderr, f + ": ciphertext alone is not recognised")
    # image_info: every header field, segment, checksum, hash and descriptor.
    infos = sorted(os.listdir(os.path.join(ESPTOOL, "image_info")))
    check(len(infos) >= 10, "image_info outputs present")
    for txt in infos:
        name = txt.replace(".v2.txt", ".bin")
        path = find_vector(name)
        check(path is not None, name + ": vector for " + txt)
        img = only_image(facts(path))
        compare_image_info(name, img, parse_image_info(os.path.join(ESPTOOL, "image_info", txt)))
    # images/: the README's SHA-256 of each file, and each file parses.
    for line in open(os.path.join(VEC, "README.md")):
        m = re.match(r"images/(\S+) -> sha256 ([0-9a-f]{64})", line)
        if not m:
            continue
        d = facts(os.path.join(IMAGES, m.group(1)))
        check(d["inputs"][0]["sha256"] == m.group(2), m.group(1) + ": input SHA-256")
    d = facts(os.path.join(IMAGES, "partitions_singleapp.bin"))
    check(parts_of(d) == [("factory", "app", "factory", 0x10000, 0x100000), ("rfdata", "data", "phy", 0x110000, 0x40000),
                          ("wifidata", "data", "nvs", 0x150000, 0x40000)],
          "partitions_singleapp.bin: factory, rfdata (phy), wifidata (nvs)")
    check(fact(d, "esp.partition_table")["md5_present"] is False, "partitions_singleapp.bin: no MD5 entry")


# --- real-world vectors ------------------------------------------------------

def images_by(doc):
    return {(i.get("partition") or i["role"]): i for i in fact(doc, "esp.images")}


def parts_of(doc):
    return [(p["label"], p["type"], p["subtype"], p["offset"], p["size"]) for p in fact(doc, "esp.partitions")]


def realworld():
    want_sha = {}
    for line in open(os.path.join(REAL, "README.md")):
        m = re.match(r"\| (\S+\.bin) \| (\d+) \| ([0-9a-f]{64}) \|", line)
        if m:
            want_sha[m.group(1)] = (int(m.group(2)), m.group(3))
    # The set grows (a bootloader key came with the SB V1 dump); the files
    # checked below must all be listed, keys are inputs to other tests.
    check(len(want_sha) >= 7, "realworld README lists at least 7 files")
    docs = {}
    for f in sorted(want_sha):
        if f.endswith("key.bin"):
            continue
        docs[f] = d = facts(os.path.join(REAL, f))
        check(d["inputs"][0]["size"] == want_sha[f][0] and d["inputs"][0]["sha256"] == want_sha[f][1],
              f + ": size and SHA-256 as the README gives")

    # 1. wifi creds dump
    d = docs["esp32_wifi_creds_2mb_flash_dump.bin"]
    check(d["inputs"][0]["kind"] == "esp-flash" and fact(d, "esp.chip") == "esp32", "wifi dump: ESP32 flash dump")
    im = images_by(d)
    bl, app = im["bootloader"], im["factory"]
    check(bl["offset"] == 0x1000 and bl["segment_count"] == 3 and bl["entry"] == "0x40080638" and
          bl["checksum"] == 0x44 and bl["checksum_valid"] and bl["hash_valid"] and
          bl["hash"].startswith("bd0bfa54") and bl["hash"].endswith("62a0"), "wifi dump: bootloader")
    check(bl["bootloader_desc"]["idf_version"] == "v5.5.1-dirty" and
          bl["bootloader_desc"]["date_time"] == "Nov 27 2025 23:38:13", "wifi dump: bootloader descriptor")
    check(bl["max_chip_rev"] == "v3.99" and bl["flash_mode"] == "DIO" and bl["flash_freq"] == "40m" and
          bl["flash_size"] == "2MB", "wifi dump: rev v0.0-v3.99, DIO 40 MHz, 2MB")
    check(parts_of(d) == [("nvs", "data", "nvs", 0x9000, 0x6000), ("phy_init", "data", "phy", 0xf000, 0x1000),
                          ("factory", "app", "factory", 0x10000, 0x100000)], "wifi dump: partition table")
    check(fact(d, "esp.partition_table")["md5_valid"], "wifi dump: MD5 entry valid")
    check(app["segment_count"] == 6 and app["entry"] == "0x40081510" and app["length"] == 0xe1f00 and
          app["checksum"] == 0x01 and app["checksum_valid"] and app["hash_valid"] and
          app["hash"].startswith("ca725730") and app["hash"].endswith("f600"), "wifi dump: factory app")
    a = app["app"]
    check(a["project"] == "projet_securite" and a["version"] == "1" and a["idf_version"] == "v5.5.1-dirty" and
          a["date"] == "Nov 27 2025" and a["time"] == "23:36:59" and a["secure_version"] == 0,
          "wifi dump: app descriptor")
    check(not app["sbv2_valid"] and app["signature_blocks"] == [] and not app["sbv1"]["present"],
          "wifi dump: no SBv2 sig, no SBv1 trailer")
    check(fact(d, "esp.otadata") is None and fact(d, "esp.ota")["slots"] == 0, "wifi dump: no otadata")
    check(fact(d, "esp.flash_encryption.state") == "plaintext", "wifi dump: not flash-encrypted")

    # 2. ESP-AT, first 2 MiB of 4 MB
    d = docs["esp32_esp-at_flash_first_2mb.bin"]
    im = images_by(d)
    bl, app = im["bootloader"], im["ota_0"]
    check(bl["segment_count"] == 4 and bl["entry"] == "0x40080034" and bl["checksum"] == 0xa9 and
          bl["checksum_valid"] and not bl["hash_appended"] and bl["flash_size"] == "4MB" and
          bl["max_chip_rev"] == "v0.0", "esp-at: bootloader")
    check(parts_of(d) == [("phy_init", "data", "phy", 0xf000, 0x1000), ("otadata", "data", "ota", 0x10000, 0x2000),
                          ("nvs", "data", "nvs", 0x12000, 0xe000), ("at_customize", "0x40", "0x00", 0x20000, 0xe0000),
                          ("ota_0", "app", "ota_0", 0x100000, 0x180000), ("ota_1", "app", "ota_1", 0x280000, 0x180000)],
          "esp-at: partition table")
    check(fact(d, "esp.partition_table")["md5_present"] is False, "esp-at: no MD5 entry")
    check(app["segment_count"] == 8 and app["entry"] == "0x40080d4c" and app["length"] == 0xca590 and
          app["checksum"] == 0xaa and app["checksum_valid"] and not app["hash_appended"] and "app" not in app and
          app["flash_size"] == "2MB", "esp-at: ota_0 image (no app descriptor)")
    # ota_1 is not contained in the file: the slot is listed as unread (what
    # it holds is unknown), never left out as if it were not there.
    check(im["ota_1"]["parsed"] is None and im["ota_1"]["unread"] and
          im["ota_1"]["reason"].startswith("not in the input") and
          {p["label"]: p["in_dump"] for p in fact(d, "esp.partitions")}["ota_1"] == "absent",
          "esp-at: ota_1 not contained in the file")
    od = fact(d, "esp.otadata")
    check(od["entries"][0]["seq"] == 1 and od["entries"][0]["crc"] == 0x4743989a and od["entries"][0]["crc_valid"]
          and od["active_entry"] == 0 and od["boot_partition"] == "ota_0", "esp-at: otadata seq 1 -> ota_0")
    content = {p["label"]: p["content"] for p in fact(d, "esp.partitions")}
    check(content["phy_init"] == "phy_init" and content["at_customize"] == "erased", "esp-at: PHYINIT, at_customize erased")
    check(fact(d, "esp.dump")["covers_flash"] is False, "esp-at: partial dump")

    # 3. flash-encrypted dump with Secure Boot V1
    d = docs["esp32_flashenc_sbv1_dump_0x0-0x120000.bin"]
    check(d["inputs"][0]["kind"] == "esp-flash", "encrypted dump: recognised as a flash dump")
    check(fact(d, "esp.flash_encryption.state") == "encrypted" and
          fact(d, "esp.flash_encryption.bootloader") == "ciphertext", "encrypted dump: flash encryption recognised")
    imgs = fact(d, "esp.images")
    check(len(imgs) == 1 and imgs[0]["encrypted"] and imgs[0]["role"] == "bootloader" and not imgs[0]["parsed"],
          "encrypted dump: bootloader is ciphertext, not checked")
    regions = fact(d, "esp.flash_encryption.plaintext_regions")
    check(regions == [{"content": "nvs", "offset": 0x11000, "size": 0x5000, "label": "unlisted@0x11000"}],
          "encrypted dump: NVS pages 0-4 at 0x11000 are plaintext")
    check(fact(d, "esp.partitions") is None, "encrypted dump: partition table unreadable")

    # 4. Tasmota factory image
    d = docs["esp32_tasmota32.factory.bin"]
    im = images_by(d)
    bl = im["bootloader"]
    check(bl["segment_count"] == 3 and bl["entry"] == "0x40080554" and bl["checksum"] == 0x51 and bl["hash_valid"]
          and bl["hash"].startswith("cb0d5304") and bl["bootloader_desc"]["idf_version"] == "5.3.4.260127" and
          bl["max_chip_rev"] == "v655.35" and bl["flash_size"] == "4MB", "tasmota: bootloader")
    check(parts_of(d) == [("nvs", "data", "nvs", 0x9000, 0x5000), ("otadata", "data", "ota", 0xe000, 0x2000),
                          ("safeboot", "app", "factory", 0x10000, 0xd0000), ("app0", "app", "ota_0", 0xe0000, 0x2d0000),
                          ("spiffs", "data", "spiffs", 0x3b0000, 0x50000)], "tasmota: partition table")
    for label, entry, length, cs, h in (("safeboot", "0x400818f0", 0xc1320, 0x6f, "c75bb683"),
                                        ("app0", "0x40083118", 0x209420, 0x12, "58f3202a")):
        i = im[label]
        check(i["segment_count"] == 6 and i["entry"] == entry and i["length"] == length and i["checksum"] == cs and
              i["checksum_valid"] and i["hash_valid"] and i["hash"].startswith(h) and
              i["app"]["project"] == "" and i["app"]["version"] == "" and
              i["app"]["idf_version"] == "5.3.4.260127" and i["secure_version"] == 0 and not i["sbv2_valid"],
              "tasmota: " + label)
    od = fact(d, "esp.otadata")
    check(od["entries"][0]["seq"] == 1 and od["boot_partition"] == "app0", "tasmota: otadata -> ota_0 (app0)")
    check({p["label"]: p["content"] for p in fact(d, "esp.partitions")}["nvs"] == "erased", "tasmota: NVS erased")

    # 5. ESP32-C61 merged image
    d = docs["esp32c61_merged_factory.bin"]
    check(fact(d, "esp.chip") == "esp32c61", "c61: chip")
    im = images_by(d)
    bl, app = im["bootloader"], im["factory"]
    check(bl["offset"] == 0 and bl["chip_id"] == 20 and bl["segment_count"] == 3 and bl["entry"] == "0x4083c554" and
          bl["checksum"] == 0x33 and bl["hash_valid"] and bl["hash"].startswith("941d81ee") and
          bl["max_chip_rev"] == "v0.99" and bl["flash_size"] == "2MB" and bl["flash_mode"] == "DIO" and
          bl["flash_freq"] == "40m", "c61: bootloader at 0x0")
    check(parts_of(d) == [("nvs", "data", "nvs", 0x9000, 0x6000), ("phy_init", "data", "phy", 0xf000, 0x1000),
                          ("factory", "app", "factory", 0x10000, 0x100000)], "c61: partition table")
    check(app["segment_count"] == 5 and app["entry"] == "0x4080029c" and app["length"] == 0x22650 and
          app["checksum"] == 0xa7 and app["hash"].startswith("1531f2f2") and app["hash_valid"] and
          app["app"]["project"] == "M5-STAMP-S3BAT-Test" and app["app"]["version"] == "1" and
          app["app"]["idf_version"] == "v5.3.3-dirty" and app["app"]["date"] == "Aug 25 2025" and
          app["app"]["time"] == "15:03:37", "c61: factory app")

    # 6. ESP32-S2 app with SBv2
    d = docs["esp32s2_sbv2_signed_app.bin"]
    i = only_image(d)
    check(d["inputs"][0]["kind"] == "esp-app" and i["chip"] == "esp32s2" and i["max_chip_rev"] == "v1.99" and
          i["flash_size"] == "4MB" and i["flash_freq"] == "80m", "s2 app: ESP32-S2 app image")
    check(i["segment_count"] == 6 and i["entry"] == "0x40025080" and i["length"] == 0xf0000 and
          i["checksum"] == 0x3e and i["hash_valid"] and i["hash"].startswith("f07367f9"), "s2 app: image")
    check(i["app"]["project"] == "secure-boot" and i["app"]["version"] == "1.1" and
          i["app"]["idf_version"] == "v5.2.3" and i["app"]["date"] == "Mar 31 2025", "s2 app: descriptor")
    b = i["signature_blocks"]
    check(i["signature_sector"] == 0xf0000 and len(b) == 1 and b[0]["valid"] and b[0]["scheme"] == "RSA-3072" and
          b[0]["key_digest"] == "d9cc221cf23091182ddc2d9c90af98c447286f4d8aff04b447b996a6c2c82497",
          "s2 app: SBv2 block 0 valid, RSA, key digest d9cc221c...")


# --- tampered copies -----------------------------------------------------------

def fix_crc(buf, off):
    struct.pack_into("<I", buf, off + 1196, zlib.crc32(bytes(buf[off:off + 1196])) & 0xFFFFFFFF)


def tamper():
    sig = 0x8000
    blk = [sig + i * 1216 for i in range(3)]
    for scheme, key_at, sig_at in (("rsa", 36 + 100, 812 + 5), ("ecdsa256", 40, 101 + 3),
                                   ("ecdsa384", 60, 149 + 3), ("ecdsa192", 40, 101 + 3)):
        src = os.path.join(SECURE, "bootloader_multi_signed_v2_%s.bin" % scheme)
        orig = only_image(facts(src))
        data = bytearray(open(src, "rb").read())

        # Embedded key altered, CRC fixed: that block invalid, digest differs;
        # the other two still valid. (espsecure verify_signature, which checks
        # only with the key it is given, would still say "valid".)
        t = bytearray(data)
        t[blk[0] + key_at] ^= 0x01
        fix_crc(t, blk[0])
        p = os.path.join(TMP, scheme + "-key.bin")
        open(p, "wb").write(t)
        b = only_image(facts(p))["signature_blocks"]
        check(b[0]["crc_valid"] and not b[0]["valid"] and b[0]["key_digest"] != orig["signature_blocks"][0]["key_digest"],
              scheme + ": altered key (CRC fixed) -> block 0 invalid, key digest differs")
        check(b[1]["valid"] and b[2]["valid"], scheme + ": altered key -> blocks 1, 2 still valid")
        # These are ESP32 bootloaders: the ROM reads block 0 only.
        i = only_image(facts(p))
        check(i["sbv2_blocks_checked_by_rom"] == 1 and i["sbv2_valid"] is False and i["sbv2_valid_blocks"] == 2,
              scheme + ": ESP32 reads block 0 only -> image not validly signed")

        # Middle block broken (signature byte, CRC left wrong): 0 and 2 valid.
        t = bytearray(data)
        t[blk[1] + sig_at] ^= 0x40
        p = os.path.join(TMP, scheme + "-mid.bin")
        open(p, "wb").write(t)
        i = only_image(facts(p))
        b = i["signature_blocks"]
        check(b[0]["valid"] and not b[1]["valid"] and not b[1]["crc_valid"] and b[2]["valid"] and
              i["sbv2_valid_blocks"] == 2, scheme + ": middle block broken -> blocks 0 and 2 still valid")
        # ...and with its magic gone.
        t[blk[1]] = 0x00
        open(p, "wb").write(t)
        b = only_image(facts(p))["signature_blocks"]
        check([x["index"] for x in b] == [0, 1, 2] and b[0]["valid"] and not b[1]["valid"] and b[2]["valid"],
              scheme + ": middle block magic gone -> 0 and 2 valid")

        # Signature bits flipped, CRC fixed: invalid (signature_valid false).
        t = bytearray(data)
        for k in range(3):
            t[blk[k] + sig_at] ^= 0x01
            fix_crc(t, blk[k])
        p = os.path.join(TMP, scheme + "-sig.bin")
        open(p, "wb").write(t)
        i = only_image(facts(p))
        check(all(x["crc_valid"] and x["digest_matches"] and not x["signature_valid"] and not x["valid"]
                  for x in i["signature_blocks"]) and i["sbv2_valid"] is False,
              scheme + ": flipped signature bits -> every block invalid")

        # One byte of the signed image changed: digests no longer match.
        t = bytearray(data)
        t[0x100] ^= 0x01
        p = os.path.join(TMP, scheme + "-img.bin")
        open(p, "wb").write(t)
        i = only_image(facts(p))
        check(not i["checksum_valid"] and not i["hash_valid"] and
              all(not x["digest_matches"] and not x["valid"] for x in i["signature_blocks"]),
              scheme + ": image byte changed -> checksum, hash and every block digest wrong")

    # Unknown curve (CRC fixed) and bad CRC: clean "invalid", exit 0.
    src = os.path.join(SECURE, "bootloader_signed_v2_ecdsa256.bin")
    t = bytearray(open(src, "rb").read())
    t[sig + 36] = 7
    fix_crc(t, sig)
    p = os.path.join(TMP, "curve7.bin")
    open(p, "wb").write(t)
    b = only_image(facts(p))["signature_blocks"][0]
    check(not b["valid"] and b["scheme"] == "unknown" and "curve 7" in b["reason"], "unknown curve -> invalid, reason")

    # With the hardened eFuse summary (digests cb2791a3 / 901a7409 burned,
    # slot 2 revoked): RSA blocks 0 and 1 trusted, block 2's key not burned.
    # The esptool vectors are ESP32 images and this summary an ESP32-C3's:
    # they cannot be one device, so the scans say --separate-units (only the
    # key digests are compared here).
    efuse = os.path.join(VEC, "efuse", "esp32c3_hardened.summary.json")
    p = run(["scan", "--facts-only", os.path.join(SECURE, "bootloader_multi_signed_v2_rsa.bin"), efuse], 2)
    check("chip esp32 (image header at 0x0) contradicts" in p.stderr and "chip esp32c3" in p.stderr,
          "ESP32 image with ESP32-C3 eFuses: exit 2 naming both")
    d = json.loads(run(["scan", "--facts-only", "--separate-units", os.path.join(SECURE, "bootloader_multi_signed_v2_rsa.bin"),
                        efuse], 0).stdout)
    s = fact(d, "esp.secure_boot.signatures")
    check([(x["block"], x["in_efuse"], x["revoked"]) for x in s] == [(0, True, False), (1, True, False), (2, False, False)],
          "multi-signed RSA + eFuse: blocks 0, 1 burned; block 2 not")
    check(fact(d, "esp.secure_boot.images")[0]["accepted"] is True, "multi-signed RSA + eFuse: accepted")
    rep = json.loads(run(["scan", "--format", "json", "--separate-units", os.path.join(SECURE, "bootloader_multi_signed_v2_rsa.bin"),
                          efuse]).stdout)
    verdicts = {r["id"]: r["verdict"] for r in rep["rules"]}
    check(verdicts["ESP-IMG-SIGNER-BURNED"] == "pass" and verdicts["ESP-IMG-NO-UNTRUSTED-SIGNER"] == "fail",
          "rules: signer burned passes, the unburned block-2 key is a finding")
    # An ECDSA image against the same eFuse: no block's key is burned.
    rep = json.loads(run(["scan", "--format", "json", "--separate-units", os.path.join(SECURE, "bootloader_signed_v2_ecdsa256.bin"),
                          efuse]).stdout)
    verdicts = {r["id"]: r["verdict"] for r in rep["rules"]}
    check(verdicts["ESP-IMG-SIGNER-BURNED"] == "fail", "rules: image signed by a key not in eFuse fails")
    # Without eFuse facts the key rules are not tested.
    rep = json.loads(run(["scan", "--format", "json", os.path.join(SECURE, "bootloader_signed_v2_rsa.bin")]).stdout)
    verdicts = {r["id"]: r["verdict"] for r in rep["rules"]}
    check(verdicts["ESP-IMG-SIGNER-BURNED"] == "not_tested" and verdicts["ESP-IMG-BOOTLOADER-SIGNED"] == "pass",
          "rules: without eFuse the signer rule is not_tested")
    # The altered-key image with eFuse: block 0's new key is not burned.
    d = json.loads(run(["scan", "--facts-only", "--separate-units", os.path.join(TMP, "rsa-key.bin"), efuse], 0).stdout)
    s = fact(d, "esp.secure_boot.signatures")
    check(s[0]["valid"] is False and s[0]["in_efuse"] is False, "altered key + eFuse: block 0 key not burned")


# --- hostile inputs ----------------------------------------------------------

def write(name, data):
    p = os.path.join(TMP, name)
    open(p, "wb").write(data)
    return p


def hostile():
    app = open(os.path.join(REAL, "esp32s2_sbv2_signed_app.bin"), "rb").read()
    # Truncated image: exit 2, the offset where it breaks.
    p = run(["scan", write("trunc.bin", app[:0x5000])], 2)
    check("trunc.bin: offset 0x18:" in p.stderr and "segment 0" in p.stderr and "runs past the end" in p.stderr,
          "truncated app -> exit 2 naming segment 0 at 0x18: " + p.stderr.strip())
    p = run(["scan", write("hdr.bin", app[:20]), "--kind", "esp-app"], 2)
    check("offset 0x0:" in p.stderr and "truncated" in p.stderr, "20-byte image -> exit 2: " + p.stderr.strip())
    # Wrong magic.
    p = run(["scan", write("magic.bin", b"\xe8" + app[1:0x2000]), "--kind", "esp-app"], 2)
    check("magic is 0xe8" in p.stderr, "wrong magic -> exit 2: " + p.stderr.strip())
    p = run(["scan", os.path.join(TMP, "magic.bin")], 2)
    check("unknown content" in p.stderr, "wrong magic, no --kind -> not recognised, exit 2")
    # Segment count past the maximum / past the end.
    p = run(["scan", write("count.bin", app[:1] + b"\x11" + app[2:]), "--kind", "esp-app"], 2)
    check("offset 0x1:" in p.stderr and "segment count 17" in p.stderr, "17 segments -> exit 2: " + p.stderr.strip())
    t = bytearray(app[:0x30000])
    t[1] = 16                       # claims 16 segments; the data runs out
    p = run(["scan", write("count16.bin", bytes(t)), "--kind", "esp-app"], 2)
    check("offset 0x" in p.stderr and ("runs past the end" in p.stderr or "truncated" in p.stderr),
          "segment count past the end -> exit 2: " + p.stderr.strip())
    t = bytearray(app)
    struct.pack_into("<I", t, 0x1C, 0x7FFFFFF0)  # segment 0 length
    p = run(["scan", write("seglen.bin", bytes(t))], 2)
    check("offset 0x18:" in p.stderr and "length 0x7ffffff0" in p.stderr, "segment length past the end -> exit 2: " +
          p.stderr.strip())
    # Signature block with a bad CRC / unknown curve: facts, exit 0.
    t = bytearray(app)
    t[0xf0000 + 1196] ^= 0xFF
    i = only_image(facts(write("badcrc.bin", bytes(t))))
    check(not i["signature_blocks"][0]["crc_valid"] and not i["sbv2_valid"], "bad signature CRC -> block invalid")
    # Partition table binary too short: exit 2 with offset.
    tbl = open(os.path.join(IMAGES, "partitions_singleapp.bin"), "rb").read()
    p = run(["scan", write("tbl.bin", tbl[:20]), "--kind", "esp-partition-table"], 2)
    check("offset 0x0:" in p.stderr and "truncated" in p.stderr, "short partition table -> exit 2: " + p.stderr.strip())

    # Damage inside a dump is a fact, not an error.
    dump = bytearray(open(os.path.join(REAL, "esp32_wifi_creds_2mb_flash_dump.bin"), "rb").read())
    # (a) partition entries overlapping and past the end of the 2 MB flash,
    #     MD5 recomputed so only the geometry is wrong.
    import hashlib
    t = bytearray(dump)
    struct.pack_into("<I", t, 0x8000 + 32 + 4, 0xa000)      # phy_init now inside nvs
    struct.pack_into("<I", t, 0x8000 + 64 + 8, 0x300000)    # factory runs past 2 MB
    t[0x8000 + 96 + 16:0x8000 + 96 + 32] = hashlib.md5(bytes(t[0x8000:0x8000 + 96])).digest()
    p = write("overlap.bin", bytes(t))
    d = facts(p)
    probs = fact(d, "esp.partition_table")["problems"]
    check(any("overlap" in x and "'nvs'" in x and "'phy_init'" in x for x in probs), "dump: overlapping partitions reported")
    check(any("'factory'" in x and "past the end" in x for x in probs), "dump: partition past the flash end reported")
    rep = json.loads(run(["scan", "--format", "json", p]).stdout)
    check({r["id"]: r["verdict"] for r in rep["rules"]}["ESP-IMG-PARTITION-TABLE"] == "fail",
          "dump: ESP-IMG-PARTITION-TABLE fails")
    # (b) a table entry past the end of the dump and a damaged entry.
    t = bytearray(dump)
    struct.pack_into("<I", t, 0x8000 + 64 + 4, 0x1F0000)     # factory at 0x1F0000 (+1 MiB > 2 MiB)
    t[0x8000 + 96:0x8000 + 128] = b"\x12\x34" + b"\x00" * 30  # MD5 entry destroyed
    d = facts(write("past.bin", bytes(t)))
    parts = {x["label"]: x for x in fact(d, "esp.partitions")}
    pt = fact(d, "esp.partition_table")
    check(parts["factory"]["in_dump"] == "partial" and pt["damaged"] and "0x8060" in pt["damage"],
          "dump: entry past the end of the dump, damaged entry -> facts")
    # (c) the app's segment length past its partition: image listed with the error.
    t = bytearray(dump)
    struct.pack_into("<I", t, 0x10000 + 0x1C, 0x7FFFFFF0)
    d = facts(write("badapp.bin", bytes(t)))
    im = images_by(d)["factory"]
    check(im["parsed"] is False and "offset 0x10018" in im["error"], "dump: broken app image -> listed with offset")
    rep = json.loads(run(["scan", "--format", "json", os.path.join(TMP, "badapp.bin")]).stdout)
    check({r["id"]: r["verdict"] for r in rep["rules"]}["ESP-IMG-INTEGRITY"] == "fail", "dump: ESP-IMG-INTEGRITY fails")
    # (d) cut inside the app: truncated dump still analysed.
    # Truncated is not tampered: the image is not known to be damaged, so
    # parsed is null (not false) and the integrity rule is not_tested with
    # "truncated at"; (c) above, damage inside the input, still fails.
    d = facts(write("cut.bin", bytes(dump[:0x10000 + 0x8000])))
    im = images_by(d)["factory"]
    check(im["parsed"] is None and im["truncated"] is True and im["truncated_at"] == 0x18000 and
          im["reason"].startswith("truncated at 0x18000") and "past the end" in im["error"],
          "dump cut inside the app -> truncated, not a parse failure")
    rep = json.loads(run(["scan", "--format", "json", os.path.join(TMP, "cut.bin")]).stdout)
    r = {r["id"]: r for r in rep["rules"]}["ESP-IMG-INTEGRITY"]
    check(r["verdict"] == "not_tested" and "truncated at 0x18000" in r["reason"],
          "dump cut inside the app: ESP-IMG-INTEGRITY not_tested, reason 'truncated at'")
    # Cut inside the signature sector of a signed app: signed or not is not
    # in the input (sbv2_valid null), so the signing rule is not_tested.
    sd = open(os.path.join(TOP, "samples", "secure", "flash.bin"), "rb").read()
    ota0 = images_by(facts(write("whole.bin", sd)))["ota_0"]
    cut = ota0["signature_sector"] + 0x100   # inside block 0
    d = facts(write("cutsig.bin", sd[:cut]))
    im = images_by(d)["ota_0"]
    check(im["parsed"] is True and im["sbv2_valid"] is None and im["truncated_at"] == cut,
          "dump cut inside the signature sector -> sbv2_valid null, truncated_at")
    rep = json.loads(run(["scan", "--format", "json", os.path.join(TMP, "cutsig.bin")]).stdout)
    r = {r["id"]: r for r in rep["rules"]}
    check(r["ESP-IMG-APP-SIGNED"]["verdict"] == "not_tested" and
          "truncated at 0x%x" % cut in r["ESP-IMG-APP-SIGNED"]["reason"] and
          r["ESP-IMG-INTEGRITY"]["verdict"] == "pass",
          "signature sector cut off: APP-SIGNED not_tested, the intact image still passes integrity")
    # (e) otadata with bad CRCs in a standalone file.
    od = bytearray(b"\xff" * 0x2000)
    od[0:4] = b"\x05\x00\x00\x00"
    od[28:32] = b"\x00\x00\x00\x00"
    p = run(["scan", "--facts-only", "--kind", "esp-otadata", write("od.bin", bytes(od))], 0)
    o = json.loads(p.stdout)["facts"]["esp.otadata"]["value"]
    check(o["active_entry"] == -1 and o["entries"][0]["crc_valid"] is False, "otadata with a bad CRC -> no active entry")
    # Random bytes with a flash-dump layout do not crash.
    rnd = bytearray(os.urandom(0x40000))
    rnd[0x1000:0x1000 + 24] = dump[0x1000:0x1000 + 24]
    rnd[0x8000:0x9000] = dump[0x8000:0x9000]
    p = run(["scan", "--facts-only", write("rnd.bin", bytes(rnd))])
    check(p.returncode in (0, 2), "random dump -> clean exit (%d)" % p.returncode)


def main():
    if not os.path.isdir(VEC):
        print("skip: %s is absent" % VEC)
        sys.exit(77)
    {"esptool": esptool_vectors, "realworld": realworld, "tamper": tamper, "hostile": hostile}[MODE]()
    print("%s: %d checks passed" % (MODE, checks))


main()
