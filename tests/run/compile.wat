;; Ahead-of-time compilation and the on-disk cache.
;; RUN[cwasm]: new %dir/limits.wat --wit %dir/limits.wit --world limits -o %tmpdir/l.wasm | compile %tmpdir/l.wasm -o %tmpdir/l.cwasm | run %tmpdir/l.cwasm --invoke 'add(20, 22)'
;; FAIL[cwasm-other-settings]: new %dir/limits.wat --wit %dir/limits.wit --world limits -o %tmpdir/l.wasm | compile %tmpdir/l.wasm -o %tmpdir/l.cwasm | run %tmpdir/l.cwasm --fuel 1000 --invoke 'add(20, 22)'
;; RUN[cwasm-same-settings]: new %dir/limits.wat --wit %dir/limits.wit --world limits -o %tmpdir/l.wasm | compile %tmpdir/l.wasm --fuel 1 -o %tmpdir/l.cwasm | run %tmpdir/l.cwasm --fuel 1000 --invoke 'add(20, 22)'
;; RUN[corrupt-cache]: new %dir/limits.wat --wit %dir/limits.wit --world limits -o %tmpdir/l.wasm | WELD_CACHE_DIR=%tmpdir/cache run %tmpdir/l.wasm --invoke 'add(1, 1)' | !sh -c 'for f in %tmpdir/cache/*.cwasm; do printf garbage >> "$f"; done' | WELD_CACHE_DIR=%tmpdir/cache run %tmpdir/l.wasm --invoke 'add(2, 2)'
;; RUN[foreign-cache]: new %dir/limits.wat --wit %dir/limits.wit --world limits -o %tmpdir/l.wasm | WELD_CACHE_DIR=%tmpdir/cache run %tmpdir/l.wasm --invoke 'add(1, 1)' | !sh -c 'for f in %tmpdir/cache/*.cwasm; do cp %dir/compile.wat "$f"; done' | WELD_CACHE_DIR=%tmpdir/cache run %tmpdir/l.wasm --invoke 'add(3, 3)'
;; FAIL[compile-core-library]: compile %dir/limits.wat -o %tmpdir/x.cwasm
(module)
