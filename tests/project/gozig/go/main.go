// The `name` interface in Go (bindings: package `namer`, written by weld build).
package main

import "example.com/namer/namer"

func init() {
	namer.Exports.Name.Get = func() string { return "Go" }
}

func main() {}
