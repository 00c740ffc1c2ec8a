#!/bin/sh
# check-rust.sh DIR: compiles DIR/src/*.rs (generated bindings) as modules of
# one library crate for wasm32-wasip1 with warnings as errors.
set -eu
dir=$1
here=$(cd "$(dirname "$0")" && pwd)
cat > "$dir/Cargo.toml" <<TOML
[package]
name = "bindings-check"
version = "0.0.0"
edition = "2024"

[lib]
path = "src/lib.rs"

[workspace]

# The same profile as every guest, so they share one build of std.
[profile.release]
opt-level = "s"
panic = "abort"
TOML
: > "$dir/src/lib.rs"
for f in "$dir"/src/*.rs; do
  name=$(basename "$f" .rs)
  [ "$name" = lib ] && continue
  echo "pub mod $name;" >> "$dir/src/lib.rs"
done
sh "$here/rust-guest.sh" "$dir"
