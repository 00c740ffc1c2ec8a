// A C program built by Debian's clang for wasm32-wasi becomes a component
// with no flags: weld applies the preview1 command adapter itself.
// REQUIRES: clang
// RUN: !clang --target=wasm32-wasi -O2 % -o %tmpdir/hello.wasm | new %tmpdir/hello.wasm -o %tmpdir/hello.component.wasm | inspect %tmpdir/hello.component.wasm --summary
// RUN[run]: !clang --target=wasm32-wasi -O2 % -o %tmpdir/hello.wasm | new %tmpdir/hello.wasm -o %tmpdir/hello.component.wasm | run %tmpdir/hello.component.wasm
// RUN[run-module]: !clang --target=wasm32-wasi -O2 % -o %tmpdir/hello.wasm | run %tmpdir/hello.wasm
#include <stdio.h>

int main(void) {
    printf("hello from C\n");
    return 0;
}
