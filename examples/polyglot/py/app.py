# The `format` interface in Python: it calls C (`words`), Rust (`math`), Go
# (`letters`) and Zig (`digest`).
from wit_world import exports
from wit_world.imports import digest, letters, math, words


class Format(exports.Format):
    def report(self, text: str) -> str:
        total = words.count(text)
        longer = words.count_longer(text, 4)
        share = math.percent(longer, total)
        longest = letters.longest(text)
        checksum = digest.fnv1a(text)
        return f"{total} words, {longer} longer than four letters ({share}%), longest: {longest}, fnv1a: {checksum:08x}"
