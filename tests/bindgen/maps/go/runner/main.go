// Calls every function of test:maps/m from Go and prints what came back,
// entries in the order received (tests/bindgen/maps.wit).
package main

import (
	"fmt"
	"strings"

	r "example.com/pair/bindings/runner"
)

func counts(b *strings.Builder, c []r.Tuple2[string, uint32]) {
	b.WriteString("{")
	for i, kv := range c {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(b, "%s: %d", kv.F0, kv.F1)
	}
	b.WriteString("}")
}

func run() string {
	var b strings.Builder
	b.WriteString("merge ")
	counts(&b, r.MMerge(r.MCounts{{F0: "b", F1: 2}, {F0: "a", F1: 1}}, r.MCounts{{F0: "a", F1: 10}, {F0: "c", F1: 3}}))
	b.WriteString("; empty ")
	counts(&b, r.MMerge(r.MCounts{}, r.MCounts{}))
	b.WriteString("; invert ")
	counts(&b, r.MInvert([]r.Tuple2[uint32, string]{{F0: 7, F1: "seven"}, {F0: 1, F1: "one"}, {F0: 7, F1: "again"}}))
	items := []r.Tuple2[string, r.MItem]{
		{F0: "émile", F1: r.MItem{Tags: []r.Tuple2[string, []uint32]{{F0: "x", F1: []uint32{1, 2}}}, Score: 9}},
		{F0: "bob", F1: r.MItem{Tags: []r.Tuple2[string, []uint32]{}, Score: 1}},
		{F0: "zoë", F1: r.MItem{Tags: []r.Tuple2[string, []uint32]{{F0: "y", F1: nil}, {F0: "z", F1: []uint32{3}}}, Score: 5}},
	}
	b.WriteString("; pick")
	picked := r.MPick(items, 5)
	for _, kv := range picked.Value {
		fmt.Fprintf(&b, " %c(%d:", kv.F0, kv.F1.Score)
		for _, t := range kv.F1.Tags {
			fmt.Fprintf(&b, " %s=%v", t.F0, t.F1)
		}
		b.WriteString(")")
	}
	fmt.Fprintf(&b, "; pick none %v", r.MPick(items, 100).Valid)
	b.WriteString("; sizes ")
	counts(&b, r.MSizes([]r.Tuple2[string, []r.Tuple2[string, uint8]]{
		{F0: "two", F1: []r.Tuple2[string, uint8]{{F0: "a", F1: 1}, {F0: "b", F1: 2}}},
		{F0: "none", F1: nil},
	}))
	return b.String()
}

func init() {
	r.Exports.Run = run
}

func main() {}
