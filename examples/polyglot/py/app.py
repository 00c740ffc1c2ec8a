# The `format` interface in Python: it calls C (`words`), Rust (`math`) and
# Go (`letters`).
from wit_world import exports
from wit_world.imports import letters, math, words


class Format(exports.Format):
    def report(self, text: str) -> str:
        total = words.count(text)
        longer = words.count_longer(text, 4)
        share = math.percent(longer, total)
        longest = letters.longest(text)
        return f"{total} words, {longer} longer than four letters ({share}%), longest: {longest}"
