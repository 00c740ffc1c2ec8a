// Calls both versions of foo:bar/i from Go (tests/bindgen/versions.wit), as
// the C runner does.
package main

import (
	"fmt"

	r "example.com/pair/bindings/runner"
)

func run() string {
	v1 := r.FooBarV1_0_0IF(r.FooBarV1_0_0IThing{A: 21})
	v2 := r.FooBarV2_0_0IF(r.FooBarV2_0_0IThing{A: "ab"})
	r1 := r.NewFooBarV1_0_0IR(41)
	defer r1.Drop()
	r2 := r.NewFooBarV2_0_0IR("two")
	defer r2.Drop()
	return fmt.Sprintf("1.0.0: f=%d get=%d; 2.0.0: f=%s get=%s", v1.AsX(), r1.Get(), v2.AsX(), r2.Get())
}

func init() {
	r.Exports.Run = run
}

func main() {}
