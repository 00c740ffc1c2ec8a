// Implements test:flagset/f in Go: each function inverts every member
// (tests/bindgen/flags.wit).
package main

import p "example.com/pair/bindings/provider"

const (
	all9  = p.FNine(0x1ff)
	all17 = p.FSeventeen(0x1ffff)
	all8  = p.FEight(0xff)
)

func flipAll(x p.FAll) p.FAll {
	return p.FAll{N: ^x.N & all9, S: ^x.S & all17, E: ^x.E & all8}
}

func init() {
	e := &p.Exports.F
	e.Flip9 = func(x p.FNine) p.FNine { return ^x & all9 }
	e.Flip17 = func(x p.FSeventeen) p.FSeventeen { return ^x & all17 }
	e.Flip8 = func(x p.FEight) p.FEight { return ^x & all8 }
	e.FlipAll = flipAll
	e.FlipList = func(xs []p.FAll) []p.FAll {
		out := make([]p.FAll, len(xs))
		for i, x := range xs {
			out[i] = flipAll(x)
		}
		return out
	}
	e.FlipOpt = func(x p.Option[p.FSeventeen]) p.Option[p.FNine] {
		if !x.Valid {
			return p.Option[p.FNine]{}
		}
		return p.Option[p.FNine]{Valid: true, Value: p.FNine(^x.Value) & all9}
	}
}

func main() {}
