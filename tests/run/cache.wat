;; The compile cache's size limit and `weld cache`. Each entry for
;; limits.wat is about 15 KiB, so a 24K limit holds one, not two (fuel
;; changes the engine's settings and so makes a second entry).
;; RUN[info]: new %dir/limits.wat --wit %dir/limits.wit --world limits -o %tmpdir/l.wasm | WELD_CACHE_DIR=%tmpdir/c run %tmpdir/l.wasm --invoke 'add(1, 1)' | WELD_CACHE_DIR=%tmpdir/c WELD_CACHE_MAX_SIZE=2G cache info | !sed -e 's/([^)]*B)/(SIZE)/'
;; RUN[limit]: new %dir/limits.wat --wit %dir/limits.wit --world limits -o %tmpdir/l.wasm | WELD_CACHE_DIR=%tmpdir/c WELD_CACHE_MAX_SIZE=24K run %tmpdir/l.wasm --invoke 'add(1, 1)' | WELD_CACHE_DIR=%tmpdir/c WELD_CACHE_MAX_SIZE=24K run %tmpdir/l.wasm --fuel 100000 --invoke 'add(2, 2)' | !sh -c 'ls %tmpdir/c | wc -l'
;; RUN[zero]: new %dir/limits.wat --wit %dir/limits.wit --world limits -o %tmpdir/l.wasm | WELD_CACHE_DIR=%tmpdir/c WELD_CACHE_MAX_SIZE=0 run %tmpdir/l.wasm --invoke 'add(1, 1)' | !sh -c 'ls %tmpdir/c 2>/dev/null | wc -l'
;; RUN[clear]: new %dir/limits.wat --wit %dir/limits.wit --world limits -o %tmpdir/l.wasm | WELD_CACHE_DIR=%tmpdir/c run %tmpdir/l.wasm --invoke 'add(1, 1)' | WELD_CACHE_DIR=%tmpdir/c cache clear | !sed -e 's/([^)]*B)/(SIZE)/'
;; RUN[others]: !sh -c 'mkdir -p %tmpdir/c/cargo-target/debug && head -c 3072 /dev/zero > %tmpdir/c/cargo-target/debug/x' | WELD_CACHE_DIR=%tmpdir/c cache
;; FAIL[bad-limit]: new %dir/limits.wat --wit %dir/limits.wit --world limits -o %tmpdir/l.wasm | WELD_CACHE_DIR=%tmpdir/c WELD_CACHE_MAX_SIZE=lots run %tmpdir/l.wasm --invoke 'add(1, 1)'
(module)
