#!/usr/bin/python3
"""Removes the section header table from an ELF, as sstrip does: zeroes
e_shoff, e_shnum and e_shstrndx and cuts the file where the table began
(it is the last thing a GNU link writes). The loader needs none of it;
tools that read symbols through sections see none.
usage: elf_noshdr.py IN OUT"""
import struct
import sys

b = bytearray(open(sys.argv[1], 'rb').read())
assert b[:4] == b'\x7fELF'
is64, end = b[4] == 2, '<' if b[5] == 1 else '>'
if is64:
    shoff = struct.unpack_from(end + 'Q', b, 0x28)[0]
    struct.pack_into(end + 'Q', b, 0x28, 0)
    struct.pack_into(end + 'HH', b, 0x3C, 0, 0)
else:
    shoff = struct.unpack_from(end + 'I', b, 0x20)[0]
    struct.pack_into(end + 'I', b, 0x20, 0)
    struct.pack_into(end + 'HH', b, 0x30, 0, 0)
if shoff:
    del b[shoff:]
open(sys.argv[2], 'wb').write(b)
