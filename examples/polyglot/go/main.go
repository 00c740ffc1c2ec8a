// The `letters` interface in Go. `weld build` generates the bindings into
// the package `lettering` (the world's name) of a copy of this module.
package main

import (
	"strings"
	"unicode/utf8"

	"example.com/lettering/lettering"
)

func longest(text string) string {
	best := ""
	for _, word := range strings.Fields(text) {
		if utf8.RuneCountInString(word) > utf8.RuneCountInString(best) {
			best = word
		}
	}
	return best
}

func init() {
	lettering.Exports.Letters.Longest = longest
}

func main() {}
