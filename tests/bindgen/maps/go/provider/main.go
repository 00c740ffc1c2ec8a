// Implements test:maps/m in Go (tests/bindgen/maps.wit).
package main

import p "example.com/pair/bindings/provider"

func merge(a, b p.MCounts) p.MCounts {
	out := append(p.MCounts{}, a...)
	for _, e := range b {
		found := false
		for i := range out {
			if out[i].F0 == e.F0 {
				out[i].F1 += e.F1
				found = true
				break
			}
		}
		if !found {
			out = append(out, e)
		}
	}
	return out
}

func init() {
	e := &p.Exports.M
	e.Merge = merge
	e.Invert = func(x []p.Tuple2[uint32, string]) []p.Tuple2[string, uint32] {
		out := []p.Tuple2[string, uint32]{}
		for _, kv := range x {
			out = append(out, p.Tuple2[string, uint32]{F0: kv.F1, F1: kv.F0})
		}
		return out
	}
	e.Pick = func(items []p.Tuple2[string, p.MItem], min uint32) p.Option[[]p.Tuple2[rune, p.MItem]] {
		out := []p.Tuple2[rune, p.MItem]{}
		for _, kv := range items {
			if kv.F1.Score >= min {
				out = append(out, p.Tuple2[rune, p.MItem]{F0: []rune(kv.F0)[0], F1: kv.F1})
			}
		}
		if len(out) == 0 {
			return p.Option[[]p.Tuple2[rune, p.MItem]]{}
		}
		return p.Option[[]p.Tuple2[rune, p.MItem]]{Valid: true, Value: out}
	}
	e.Sizes = func(x []p.Tuple2[string, []p.Tuple2[string, uint8]]) []p.Tuple2[string, uint32] {
		out := []p.Tuple2[string, uint32]{}
		for _, kv := range x {
			out = append(out, p.Tuple2[string, uint32]{F0: kv.F0, F1: uint32(len(kv.F1))})
		}
		return out
	}
}

func main() {}
