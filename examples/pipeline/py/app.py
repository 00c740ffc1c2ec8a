# The summariser (componentize-py 0.25.1): reads the tidied lines as they
# arrive, in batches of up to 16, and returns a report.
from collections import Counter

import wit_world
from wit_world import exports


class Summary(exports.Summary):
    async def summarise(self, lines) -> str:
        count = 0
        chars = 0
        longest = ""
        words: Counter[str] = Counter()
        while not lines.writer_dropped:
            for line in await lines.read(16):
                count += 1
                chars += len(line)
                if len(line) > len(longest):
                    longest = line
                words.update(w.strip(".,;:!?\"'()").lower() for w in line.split())
        words.pop("", None)
        top = sorted(words.items(), key=lambda kv: (-kv[1], kv[0]))[:3]
        return "\n".join([
            f"lines: {count}",
            f"words: {sum(words.values())} ({len(words)} different)",
            f"characters: {chars}",
            f"longest: {longest!r}",
            "most common: " + ", ".join(f"{w} ({n})" for w, n in top),
        ])
