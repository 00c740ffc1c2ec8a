# The `py-upper` plugin in Python (componentize-py): upper case, as the C
# `upper` plugin does, so the cost table compares the same work.
import wit_world
from componentize_py_types import Err


class WitWorld(wit_world.WitWorld):
    def name(self) -> str:
        return "py-upper"

    def transform(self, input: str) -> str:
        if not input:
            raise Err("nothing to upper-case")
        return input.upper()
