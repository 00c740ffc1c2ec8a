// A C command: arguments, environment variables, a preopened folder, and an
// exit code, each granted only when asked for.
// REQUIRES: clang
// RUN[args]: !clang --target=wasm32-wasi -O2 % -o %tmpdir/cmd.wasm | run %tmpdir/cmd.wasm -- args one "two words"
// RUN[env-denied]: !clang --target=wasm32-wasi -O2 % -o %tmpdir/cmd.wasm | run %tmpdir/cmd.wasm -- env GREETING
// RUN[env]: !clang --target=wasm32-wasi -O2 % -o %tmpdir/cmd.wasm | run %tmpdir/cmd.wasm --env GREETING=hello -- env GREETING
// RUN[dir-denied]: !clang --target=wasm32-wasi -O2 % -o %tmpdir/cmd.wasm | run %tmpdir/cmd.wasm -- cat /data/message.txt
// RUN[dir]: !clang --target=wasm32-wasi -O2 % -o %tmpdir/cmd.wasm | run %tmpdir/cmd.wasm --dir-ro %dir/data::/data -- cat /data/message.txt
// RUN[dir-write-denied]: !clang --target=wasm32-wasi -O2 % -o %tmpdir/cmd.wasm | run %tmpdir/cmd.wasm --dir-ro %tmpdir::/out -- write /out/new.txt
// RUN[dir-write]: !clang --target=wasm32-wasi -O2 % -o %tmpdir/cmd.wasm | run %tmpdir/cmd.wasm --dir %tmpdir::/out -- write /out/new.txt
// EXIT(3)[exit]: !clang --target=wasm32-wasi -O2 % -o %tmpdir/cmd.wasm | run %tmpdir/cmd.wasm -- exit 3
// EXIT(33)[exit-33]: !clang --target=wasm32-wasi -O2 % -o %tmpdir/cmd.wasm | run %tmpdir/cmd.wasm exit 33
// RUN[trailing]: !clang --target=wasm32-wasi -O2 % -o %tmpdir/cmd.wasm | run %tmpdir/cmd.wasm --env A=1 args -v "" --env x=y
// RUN[env-odd]: !clang --target=wasm32-wasi -O2 % -o %tmpdir/cmd.wasm | run %tmpdir/cmd.wasm "--env=EQ=a=b=c" --env EMPTY= --env "SP=two  spaces" env EQ EMPTY SP
// The preview1 adapter turns a non-zero `proc_exit` into `wasi:cli/exit.exit(err)`: a component made
// from the module exits 1, as under wasmtime.
// EXIT(1)[component]: !clang --target=wasm32-wasi -O2 % -o %tmpdir/cmd.wasm | new %tmpdir/cmd.wasm -o %tmpdir/cmd.component.wasm | run %tmpdir/cmd.component.wasm exit 3
// FAIL[no-such-dir]: !clang --target=wasm32-wasi -O2 % -o %tmpdir/cmd.wasm | run %tmpdir/cmd.wasm --dir %dir/missing -- args
// FAIL[env-missing]: !clang --target=wasm32-wasi -O2 % -o %tmpdir/cmd.wasm | run %tmpdir/cmd.wasm --env WELD_SURELY_UNSET_VARIABLE -- args
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
    if (argc < 2) {
        printf("usage: command args|env|cat|write|exit ...\n");
        return 0;
    }
    const char *what = argv[1];
    if (strcmp(what, "args") == 0) {
        for (int i = 2; i < argc; i++) printf("arg %d: %s\n", i - 1, argv[i]);
    } else if (strcmp(what, "env") == 0) {
        for (int i = 2; i < argc; i++) {
            const char *v = getenv(argv[i]);
            printf("%s=%s\n", argv[i], v ? v : "(unset)");
        }
    } else if (strcmp(what, "cat") == 0) {
        FILE *f = fopen(argv[2], "r");
        if (!f) {
            printf("cannot open %s\n", argv[2]);
            return 0;
        }
        char buf[256];
        size_t n = fread(buf, 1, sizeof buf - 1, f);
        buf[n] = 0;
        printf("%s", buf);
        fclose(f);
    } else if (strcmp(what, "write") == 0) {
        FILE *f = fopen(argv[2], "w");
        printf(f ? "wrote %s\n" : "cannot write %s\n", argv[2]);
        if (f) fclose(f);
    } else if (strcmp(what, "exit") == 0) {
        exit(atoi(argv[2]));
    }
    return 0;
}
