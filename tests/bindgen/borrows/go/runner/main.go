// The runner of tests/bindgen/borrows.wit in Go: lends things (from the
// host) and mines (the provider's own) inside lists, options, records,
// variants and tuples, as the C runner does.
package main

import (
	"fmt"

	r "example.com/pair/bindings/runner"
)

func run() string {
	t1, t2, t3 := r.NewHostThing(1), r.NewHostThing(2), r.NewHostThing(4)
	m1, m2 := r.NewApiMine(10), r.NewApiMine(20)
	defer func() {
		for _, t := range []r.HostThing{t1, t2, t3} {
			t.Drop()
		}
		m1.Drop()
		m2.Drop()
	}()
	sumList := r.ApiSumList(r.ApiThings{t1, t2, t3})
	sumMine := r.ApiSumMine([]r.ApiMine{m1, m2})
	optSome, optNone := r.ApiOpt(r.Some(t2)), r.ApiOpt(r.None[r.HostThing]())
	pairSum := r.ApiPairSum(r.ApiPair{A: t1, B: m1, N: 100})
	picked := []uint32{r.ApiPicked(r.ApiPickOne(t3)), r.ApiPicked(r.ApiPickOther(m2)), r.ApiPicked(r.ApiPickNone())}
	tupleSum := r.ApiTupleSum(r.Tuple2[r.HostThing, r.ApiMine]{F0: t2, F1: m1})
	pairs := r.ApiPairs([]r.ApiPair{{A: t1, B: m2, N: 5}, {A: t3, B: m1, N: 6}})
	// Every handle is still ours: the provider only borrowed them.
	still := t3.Value() + m2.Value()
	return fmt.Sprintf("sum-list %d, sum-mine %d, opt %d %d, pair-sum %d, picked %d %d %d, tuple-sum %d, pairs %d, still %d",
		sumList, sumMine, optSome, optNone, pairSum, picked[0], picked[1], picked[2], tupleSum, pairs, still)
}

func init() {
	r.Exports.Run = run
}

func main() {}
