// Calls each `now` and `get` from Go (tests/bindgen/same-name.wit).
package main

import (
	"fmt"

	r "example.com/pair/bindings/runner"
)

func init() {
	r.Exports.Run = func() string {
		return fmt.Sprintf("a.now %d, a.get %d, b.now %d, b.get %s, now %.1f",
			r.ANow(), r.AGet(41), r.BNow(), r.BGet("hi"), r.Now())
	}
}

func main() {}
