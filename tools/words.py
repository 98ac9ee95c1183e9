#!/usr/bin/env python3
"""Regenerates src/layout/dict/words.txt, the word list the line breaker segments with.

Source: the dictionary of jieba (https://github.com/fxsjy/jieba, MIT licence) as the jieba-rs crate ships it
(`src/data/dict.txt` in the cargo registry). Kept: words of 1 to 6 characters with their frequencies, sorted
by their UTF-8 bytes so the layout can binary-search the file without loading it; the first line carries the
total frequency of jieba's whole dictionary, so word probabilities stay jieba's own.
Usage: python3 tools/words.py [path/to/dict.txt]
"""
import glob, os, sys

src = sys.argv[1] if len(sys.argv) > 1 else sorted(
    glob.glob(os.path.expanduser("~/.cargo/registry/src/*/jieba-rs-*/src/data/dict.txt")))[-1]
kept, dropped = {}, 0
for line in open(src, encoding="utf-8"):
    parts = line.split()
    if len(parts) < 2:
        continue
    word, freq = parts[0], int(parts[1])
    if 1 <= len(word) <= 6 and " " not in word:
        kept[word] = kept.get(word, 0) + freq
    else:
        dropped += freq
out = os.path.join(os.path.dirname(__file__), "..", "src", "layout", "dict", "words.txt")
with open(out, "wb") as f:
    # First line: a tab and the frequency of all jieba's words (the probabilities' denominator).
    f.write(f"\t{sum(kept.values()) + dropped}\n".encode())
    for w in sorted(kept, key=lambda w: w.encode()):
        f.write(f"{w} {kept[w]}\n".encode())
print(f"{len(kept)} words from {src} -> {out}")
