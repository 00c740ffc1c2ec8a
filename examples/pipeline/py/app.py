# The summariser (componentize-py 0.25.1): reads the tidied lines as they
# arrive, in batches of up to 16, and returns a report (with the number of
# batches it read: a read takes what has arrived since the last one).
from collections import Counter

import wit_world
from wit_world import exports


class Summary(exports.Summary):
    async def summarise(self, lines) -> str:
        count = 0
        batches = 0
        chars = 0
        longest = ""
        words: Counter[str] = Counter()
        while not lines.writer_dropped:
            batch = await lines.read(16)
            if batch:
                batches += 1
            for line in batch:
                count += 1
                chars += len(line)
                if len(line) > len(longest):
                    longest = line
                words.update(w.strip(".,;:!?\"'()").lower() for w in line.split())
        words.pop("", None)
        top = sorted(words.items(), key=lambda kv: (-kv[1], kv[0]))[:3]
        return "\n".join([
            f"lines: {count} (read in {batches} batch{'' if batches == 1 else 'es'})",
            f"words: {sum(words.values())} ({len(words)} different)",
            f"characters: {chars}",
            f"longest: {longest!r}",
            "most common: " + ", ".join(f"{w} ({n})" for w, n in top),
        ])
