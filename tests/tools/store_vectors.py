#!/usr/bin/env python3
"""Test vectors for the sealed store (docs/store.md), computed with Python's `cryptography`
package: an implementation independent of .NET's, so the C# tests that check these values
check the construction, not the code against itself. Run: python3 tests/tools/store_vectors.py"""
import hashlib, hmac, struct
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDFExpand

SECRET = b"correct horse battery staple 2026"
SALT = b"EdgeAlpr store v2"
FILE_ID = bytes(range(16))
NONCE = bytes(range(100, 112))
IMAGE = b"\xff\xd8\xff\xe0 not really a JPEG \xff\xd9"

prk = hmac.new(SALT, SECRET, hashlib.sha256).digest()  # HKDF-Extract
def expand(info): return HKDFExpand(hashes.SHA256(), 32, info).derive(prk)

keys = {p: expand(p.encode()) for p in ["images", "image-names", "manifest", "key-check", "hotlist-copy"]}
page_key = expand(b"pages/" + FILE_ID)
print("prk", prk.hex())
for p, k in keys.items(): print(p, k.hex())
print("page_key", page_key.hex())

# Header of a data file (kind 1) with FILE_ID.
h = bytearray(4096)
h[0:10] = b"EDGEALPRPG"; h[10:12] = struct.pack("<H", 1); h[12] = 1
h[16:20] = struct.pack("<i", 8192); h[20:36] = FILE_ID
h[36:68] = hmac.new(keys["key-check"], FILE_ID, hashlib.sha256).digest()
h[68:100] = hashlib.sha256(bytes(h[0:68])).digest()
# Page 3: plaintext byte i is i % 251.
plain = bytes(i % 251 for i in range(8192))
aad = FILE_ID + bytes([1]) + struct.pack("<I", 3)
sealed = AESGCM(page_key).encrypt(NONCE, plain, aad)  # ciphertext || tag
page = struct.pack("<I", 3) + NONCE + sealed
zero_pages = b""
for i in range(3):  # pages 0-2: zeros, sealed with nonces 0..2 in their last byte
    n = bytes(11) + bytes([i])
    zero_pages += struct.pack("<I", i) + n + AESGCM(page_key).encrypt(n, bytes(8192), FILE_ID + bytes([1]) + struct.pack("<I", i))
data_file = bytes(h) + zero_pages + page
print("data_file_sha256", hashlib.sha256(data_file).hexdigest(), "length", len(data_file))
print("page3_tag", sealed[-16:].hex())
print("page3_ciphertext_sha256", hashlib.sha256(sealed[:-16]).hexdigest())

sha = hashlib.sha256(IMAGE).digest()
name = hmac.new(keys["image-names"], sha, hashlib.sha256).hexdigest()
image_file = b"EDGEALPRIM\x01\x00" + NONCE + AESGCM(keys["images"]).encrypt(NONCE, IMAGE, name.encode())
print("image_sha256", sha.hex())
print("image_name", name)
print("image_file", image_file.hex())
with open("/tmp/store-vector-data.bin", "wb") as f: f.write(data_file)
