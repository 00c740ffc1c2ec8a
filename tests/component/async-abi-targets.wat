;; `targets` against a world that says otherwise: a sync export lifted async
;; (`jobs.run`), an async export lifted sync (`version`), an import the
;; world wants async (`log`) and a stream payload (`stream<string>` wanted,
;; `stream<u8>` found). wasm-tools must refuse it too.
;; FAIL: new %dir/async-abi.wat --wit %dir/async-abi.wit -o %tmpdir/c.wasm | targets %tmpdir/c.wasm --wit %dir/async-abi-other.wit
