# componentize-py 0.25.1 makes a `wasi:cli/run@0.3.0` command (an async
# `run`); `weld run` passes the arguments after the component to it.
# REQUIRES: componentize-py
# RUN: !componentize-py -d %dir/../wit -w command componentize app -p %dir -o %tmpdir/c.wasm | run %tmpdir/c.wasm one two
import sys

import wit_world
from wit_world.exports import Run


class Run(Run):
    async def run(self) -> None:
        print("hello from a Python WASI 0.3 command:", sys.argv[1:])
