// componentize-js components import wasi:http by default, which weld's
// runner does not provide: weld says exactly what is missing before running.
// Built without the http features, the same source runs.
// REQUIRES: componentize-js
// FAIL[default]: !%tools/node_modules/.bin/componentize-js --wit %dir/../../component/toolchains/wit -n app -o %tmpdir/js.wasm % | run %tmpdir/js.wasm --invoke 'greet("weld")'
// RUN[no-http]: !%tools/node_modules/.bin/componentize-js --wit %dir/../../component/toolchains/wit -n app -d http fetch-event -o %tmpdir/js.wasm % | run %tmpdir/js.wasm --invoke 'greet("weld")'
export function greet(name) {
  return `Hello, ${name}, from JavaScript!`;
}
