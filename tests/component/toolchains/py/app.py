# A componentize-py component: `weld inspect` names Python.
# REQUIRES: componentize-py
# RUN: !componentize-py -d %dir/../wit -w app componentize app -p %dir -o %tmpdir/py.wasm | inspect %tmpdir/py.wasm --summary
# RUN[run]: !componentize-py -d %dir/../wit -w app componentize app -p %dir -o %tmpdir/py.wasm | run %tmpdir/py.wasm --invoke 'greet("weld")'
import wit_world


class WitWorld(wit_world.WitWorld):
    def greet(self, name: str) -> str:
        return f"Hello, {name}, from Python!"
