// The text functions in Go, whose strings are UTF-8
// (tests/bindgen/utf16.wit).
package main

import (
	"strings"

	p "example.com/pair/bindings/provider"
)

func init() {
	e := &p.Exports.Text
	e.Echo = func(s string) string { return strings.Clone(s) }
	e.Upper = func(s string) string {
		return strings.Map(func(r rune) rune {
			if r >= 'a' && r <= 'z' {
				return r - 'a' + 'A'
			}
			return r
		}, s)
	}
	e.Lengths = func(words []string) []uint32 {
		out := make([]uint32, len(words))
		for i, w := range words {
			out[i] = uint32(len(w))
		}
		return out
	}
	e.Split = func(s string) []string {
		parts := strings.Split(s, " ")
		for i := range parts {
			parts[i] = strings.Clone(parts[i])
		}
		return parts
	}
	e.Join = func(x p.TextPair) string {
		b := "-"
		if x.B.Valid {
			b = x.B.Value
		}
		return x.A + "+" + b
	}
}

func main() {}
