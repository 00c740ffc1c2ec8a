// The `rot13` plugin in JavaScript (componentize-js, built without
// wasi:http): each Latin letter moves 13 places.
export function name() {
  return "rot13";
}

export function transform(input) {
  if (input.length === 0) {
    throw "nothing to rotate";
  }
  return input.replace(/[a-z]/gi, (c) => {
    const base = c <= "Z" ? 65 : 97;
    return String.fromCharCode(((c.charCodeAt(0) - base + 13) % 26) + base);
  });
}
