// A trap in C built with debug info: the backtrace names the function and
// the source line.
// REQUIRES: clang
// EXIT(134): !clang --target=wasm32-wasi -g -O0 % -o %tmpdir/trap.wasm | run %tmpdir/trap.wasm
#include <stdio.h>

static int divide(int a, int b) {
    if (b == 0) __builtin_trap();
    return a / b;
}

int main(void) {
    printf("%d\n", divide(10, 0));
    return 0;
}
