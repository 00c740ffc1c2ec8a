# The `format` interface in Python: it calls C (`words`) and WAT (`math`).
from wit_world import exports
from wit_world.imports import math, words


class Format(exports.Format):
    def report(self, text: str) -> str:
        total = words.count(text)
        longer = words.count_longer(text, 4)
        share = math.percent(longer, total)
        return f"{total} words, {longer} longer than four letters ({share}%)"
