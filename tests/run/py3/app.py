# componentize-py 0.25.1 on a WASI 0.3 world: an async export, with every
# `wasi:cli/imports@0.3.0` interface imported (and WASI 0.2, which its
# runtime still uses), run by `weld run` on its 0.2 + 0.3 host.
# REQUIRES: componentize-py
# RUN: !componentize-py -d %dir/wit -w asyncapp componentize app -p %dir -o %tmpdir/a.wasm | run %tmpdir/a.wasm --invoke 'compute(21)'
# RUN[list]: !componentize-py -d %dir/wit -w asyncapp componentize app -p %dir -o %tmpdir/a.wasm | run %tmpdir/a.wasm --list
# FAIL[p2-only]: !componentize-py -d %dir/wit -w asyncapp componentize app -p %dir -o %tmpdir/a.wasm | run %tmpdir/a.wasm --wasi 0.2 --invoke 'compute(21)'
import wit_world


class WitWorld(wit_world.WitWorld):
    async def compute(self, n: int) -> int:
        return n * 2
