// A componentize-js component: `weld inspect` names JavaScript.
// REQUIRES: componentize-js
// RUN: !%tools/node_modules/.bin/componentize-js --wit %dir/../wit -n app -o %tmpdir/js.wasm % | inspect %tmpdir/js.wasm --summary
export function greet(name) {
  return `Hello, ${name}, from JavaScript!`;
}
