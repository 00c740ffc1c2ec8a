// Implements test:borrows/api in Go: sums what each borrowed handle holds.
// A Go export drops each borrow of an imported resource it receives, at any
// depth, before it returns (tests/bindgen/borrows.wit).
package main

import p "example.com/pair/bindings/provider"

type mine struct{ v uint32 }

func (m *mine) Value() uint32 { return m.v }

// take is the value of a lent thing; the borrow ends here.
func take(t p.HostThing) uint32 {
	defer t.Drop()
	return t.Value()
}

func pairSum(x p.ApiPair) uint32 { return take(x.A) + x.B.Value() + x.N }

func init() {
	e := &p.Exports.Api
	e.Mine.Constructor = func(v uint32) p.ApiMine { return &mine{v} }
	e.SumList = func(xs p.ApiThings) uint32 {
		var sum uint32
		for _, t := range xs {
			sum += take(t)
		}
		return sum
	}
	e.SumMine = func(xs []p.ApiMine) uint32 {
		var sum uint32
		for _, m := range xs {
			sum += m.Value()
		}
		return sum
	}
	e.Opt = func(x p.Option[p.HostThing]) uint32 {
		if !x.Valid {
			return 0
		}
		return take(x.Value)
	}
	e.PairSum = pairSum
	e.Picked = func(x p.ApiPick) uint32 {
		switch x.Tag {
		case p.ApiPickTagOne:
			return take(x.AsOne())
		case p.ApiPickTagOther:
			return x.AsOther().Value()
		}
		return 0
	}
	e.TupleSum = func(t p.Tuple2[p.HostThing, p.ApiMine]) uint32 { return take(t.F0) + t.F1.Value() }
	e.Pairs = func(ps []p.ApiPair) uint32 {
		var sum uint32
		for _, x := range ps {
			sum += pairSum(x)
		}
		return sum
	}
}

func main() {}
