// Implements test:resources/store and user in Go: exported resources made
// by a constructor and by a fallible static function, in lists, options and
// results, through aliases (tests/bindgen/resources.wit).
package main

import p "example.com/pair/bindings/provider"

type data struct{ bytes []uint8 }

func (d *data) Size() uint32 { return uint32(len(d.bytes)) }

func sized(n uint32) p.StoreBlob { return &data{make([]uint8, n)} }

func init() {
	s := &p.Exports.Store
	s.Blob.Constructor = func(init []uint8) p.StoreBlob { return &data{append([]uint8(nil), init...)} }
	s.Blob.Create = func(n uint32) p.Result[p.StoreBlob, string] {
		if n == 0 {
			return p.Result[p.StoreBlob, string]{IsErr: true, Err: "empty"}
		}
		return p.Result[p.StoreBlob, string]{Ok: sized(n)}
	}
	s.Blob.Many = func(n uint32) []p.StoreBlob {
		out := make([]p.StoreBlob, n)
		for i := range out {
			out[i] = sized(uint32(i))
		}
		return out
	}
	s.Make = sized
	s.Sizes = func(xs []p.StoreBlob) []uint32 {
		out := make([]uint32, len(xs))
		for i, x := range xs {
			out[i] = x.Size()
		}
		return out
	}
	s.PeekAlias = func(b p.StoreBlob) uint32 { return b.Size() }
	u := &p.Exports.User
	u.Wrap = func(b p.StoreBlob) p.StoreBlob { return sized(b.Size() + 1) }
	u.Peek = func(b p.StoreBlob) uint32 { return b.Size() }
	u.Maybe = func(b p.Option[p.StoreBlob]) p.Option[p.StoreBlob] { return b }
	u.All = func(b []p.StoreBlob) p.Result[[]p.StoreBlob, uint32] {
		if len(b) == 0 {
			return p.Result[[]p.StoreBlob, uint32]{IsErr: true, Err: 0}
		}
		return p.Result[[]p.StoreBlob, uint32]{Ok: b}
	}
}

func main() {}
