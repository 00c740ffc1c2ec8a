// Calls every function of test:flagset/f from Go with flags that set the
// highest member of each width and prints what came back, as the C runner
// does (tests/bindgen/flags.wit).
package main

import (
	"fmt"
	"strings"

	r "example.com/pair/bindings/runner"
)

func run() string {
	var b strings.Builder
	nine := r.FNineI | r.FNineA
	seventeen := r.FSeventeenQ | r.FSeventeenI
	eight := r.FEightH
	fmt.Fprintf(&b, "flip9 %x; ", uint32(r.FFlip9(nine)))
	fmt.Fprintf(&b, "flip17 %x; ", uint32(r.FFlip17(seventeen)))
	fmt.Fprintf(&b, "flip8 %x; ", uint32(r.FFlip8(eight)))
	all := r.FAll{N: nine, S: seventeen, E: eight}
	back := r.FFlipAll(all)
	fmt.Fprintf(&b, "all %x %x %x; ", uint32(back.N), uint32(back.S), uint32(back.E))
	b.WriteString("list")
	for _, a := range r.FFlipList([]r.FAll{all, {N: r.FNineB}}) {
		fmt.Fprintf(&b, " [%x %x %x]", uint32(a.N), uint32(a.S), uint32(a.E))
	}
	opt := r.FFlipOpt(r.Option[r.FSeventeen]{Valid: true, Value: seventeen})
	some := 0
	value := uint32(0)
	if opt.Valid {
		some = 1
		value = uint32(opt.Value)
	}
	fmt.Fprintf(&b, "; opt %d %x", some, value)
	return b.String()
}

func init() {
	r.Exports.Run = run
}

func main() {}
