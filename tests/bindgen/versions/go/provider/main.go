// Implements both versions of foo:bar/i in Go (tests/bindgen/versions.wit):
// the names carry the version (`FooBarV1_0_0I`, `FooBarV2_0_0I`).
package main

import (
	"strings"

	p "example.com/pair/bindings/provider"
)

type r1 struct{ n uint32 }

func (r *r1) Get() uint32 { return r.n + 1 }

type r2 struct{ s string }

func (r *r2) Get() string { return r.s }

func init() {
	v1 := &p.Exports.FooBarV1_0_0I
	v1.R.Constructor = func(n uint32) p.FooBarV1_0_0IR { return &r1{n} }
	v1.F = func(t p.FooBarV1_0_0IThing) p.FooBarV1_0_0IV { return p.FooBarV1_0_0IVX(t.A * 2) }
	v2 := &p.Exports.FooBarV2_0_0I
	v2.R.Constructor = func(s string) p.FooBarV2_0_0IR { return &r2{strings.Clone(s)} }
	v2.F = func(t p.FooBarV2_0_0IThing) p.FooBarV2_0_0IV { return p.FooBarV2_0_0IVX(t.A + t.A) }
}

func main() {}
