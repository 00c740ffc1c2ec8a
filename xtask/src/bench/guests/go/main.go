// The bench guest (../../bindgen/guest.wit) in Go on weld's bindings: the
// same logic as ../../bindgen/guest.c. `weld build` puts the bindings in
// the package `guest`.
package main

import (
	"fmt"

	"example.com/benchguest/guest"
)

type token struct{ n uint32 }

func (t *token) Value() uint32 { return t.n }

func init() {
	api := &guest.Exports.Api
	api.Token.Constructor = func(n uint32) guest.ApiToken { return &token{n} }
	api.Echo = func(s string) string { return s }
	api.Items = func(n uint32) []guest.ApiItem {
		items := make([]guest.ApiItem, n)
		for i := range n {
			items[i] = guest.ApiItem{Id: i, Name: fmt.Sprintf("item-%d", i), Score: float64(i) * 0.5}
		}
		return items
	}
	// Makes, looks into and drops n resources.
	api.Churn = func(n uint32) uint32 {
		var sum uint32
		for i := range n {
			h := guest.NewApiTokenHandle(&token{i})
			sum += h.Value().(*token).n
			h.Drop()
		}
		return sum
	}
}

func main() {}
