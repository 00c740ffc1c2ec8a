// The `runner` world in Go: calls every import of the test component and
// checks each answer; run() returns "ok: N checks" or the failures.
package main

import (
	"fmt"
	"reflect"
	"strings"

	w "example.com/roundtrip/bindings/runner"
)

type checks struct {
	count    int
	failures []string
}

func (c *checks) eq(what string, found, expected any) {
	c.count++
	if !reflect.DeepEqual(found, expected) {
		c.failures = append(c.failures, fmt.Sprintf("%s: expected %v, found %v", what, expected, found))
	}
}

type (
	point  = w.RecordsPoint
	person = w.RecordsPerson
	shape  = w.VariantsShape
	f2     = w.Tuple2[float32, float32]
)

func run() string {
	c := &checks{}
	// numbers
	c.eq("add", w.NumbersAdd(200, -100, 60000, -30000, 4_000_000_000, -2_000_000_000, 1<<40, -(1<<41)),
		int64(200-100+60000-30000+4_000_000_000-2_000_000_000+(1<<40)-(1<<41)))
	c.eq("scale", w.NumbersScale(1.5, 2.25), 3.375)
	c.eq("flip", w.NumbersFlip(false), true)
	c.eq("next-char", w.NumbersNextChar('λ'), 'μ')
	c.eq("extremes", w.NumbersExtremes(), w.Tuple4[uint8, uint16, uint32, uint64]{F0: 0xff, F1: 0xffff, F2: 0xffffffff, F3: 0xffffffffffffffff})
	// strings
	c.eq("echo", w.StringsEcho("héllo, wörld"), "héllo, wörld")
	c.eq("echo empty", w.StringsEcho(""), "")
	c.eq("concat", w.StringsConcat("ab", "cd"), "abcd")
	c.eq("count", w.StringsCount([]string{"one", "twö"}), uint32(6))
	c.eq("split", w.StringsSplit("a bb ccc"), []string{"a", "bb", "ccc"})
	// lists
	c.eq("sum", w.ListsSum([]uint32{1, 2, 3, 0xffffffff}), uint64(6+0xffffffff))
	c.eq("sum empty", w.ListsSum(nil), uint64(0))
	c.eq("reverse-bytes", w.ListsReverseBytes([]uint8{1, 2, 3}), []uint8{3, 2, 1})
	c.eq("flatten", w.ListsFlatten([][]uint16{{1, 2}, {}, {3}}), []uint16{1, 2, 3})
	c.eq("halves", w.ListsHalves([]float64{1, -3}), []float64{0.5, -1.5})
	// records
	c.eq("translate", w.RecordsTranslate(point{X: 1, Y: 2}, 10), point{X: 11, Y: 2})
	c.eq("older", w.RecordsOlder(person{Name: "ada", Age: 36, Tags: []string{"x"}}),
		person{Name: "ada", Age: 37, Tags: []string{"x", "older"}})
	c.eq("swap", w.RecordsSwap(w.Tuple2[uint32, string]{F0: 7, F1: "seven"}), w.Tuple2[string, uint32]{F0: "seven", F1: 7})
	pt := func(x, y int32) point { return point{X: x, Y: y} }
	c.eq("centroid", w.RecordsCentroid(pt(0, 9), pt(1, 9), pt(2, 9), pt(3, 9), pt(4, 9), pt(5, 9), pt(6, 9), pt(7, 9), pt(8, 9)), pt(4, 9))
	people := w.RecordsPeople(3)
	c.eq("people", len(people), 3)
	if len(people) == 3 {
		c.eq("people[2]", people[2], person{Name: "p2", Age: 2, Tags: []string{"tt", "tt"}})
	}
	// variants, enums, flags
	c.eq("next-color", w.VariantsNextColor(w.VariantsColorBlue), w.VariantsColorRed)
	c.eq("toggle", w.VariantsToggle(w.VariantsPermsRead|w.VariantsPermsExec), w.VariantsPermsRead|w.VariantsPermsWrite|w.VariantsPermsExec)
	c.eq("toggle back", w.VariantsToggle(w.VariantsPermsWrite), w.VariantsPerms(0))
	c.eq("area circle", w.VariantsArea(w.VariantsShapeCircle(2)), 12.0)
	c.eq("area rect", w.VariantsArea(w.VariantsShapeRect(f2{F0: 2, F1: 3})), 6.0)
	c.eq("area named", w.VariantsArea(w.VariantsShapeNamed("four")), 4.0)
	c.eq("area big", w.VariantsArea(w.VariantsShapeBig(1<<50)), float64(1<<50))
	c.eq("grow dot", w.VariantsGrow(w.VariantsShapeDot()), w.VariantsShapeCircle(1))
	c.eq("grow named", w.VariantsGrow(w.VariantsShapeNamed("box")), w.VariantsShapeNamed("big box"))
	c.eq("grow big", w.VariantsGrow(w.VariantsShapeBig(0xffffffffffffffff/4)), w.VariantsShapeBig(0xffffffffffffffff/4*2))
	c.eq("shapes", w.VariantsShapes(), []shape{
		w.VariantsShapeDot(), w.VariantsShapeCircle(0.5), w.VariantsShapeNamed("tri"),
		w.VariantsShapeBig(1 << 40), w.VariantsShapeRect(f2{F0: 1.5, F1: 2}),
	})
	// options and results
	c.eq("double some", w.OptionsDouble(w.Some[uint32](21)), w.Some[uint32](42))
	c.eq("double none", w.OptionsDouble(w.None[uint32]()), w.None[uint32]())
	c.eq("parse ok", w.OptionsParse("123"), w.Ok[uint32, string](123))
	c.eq("parse err", w.OptionsParse("x1"), w.Err[uint32]("not a number: x1"))
	c.eq("check ok", w.OptionsCheck(5), w.Ok[w.Unit, w.Unit](w.Unit{}))
	c.eq("check err", w.OptionsCheck(-5), w.Err[w.Unit](w.Unit{}))
	c.eq("unit-ok", w.OptionsUnitOk(true), w.Ok[w.Unit, string](w.Unit{}))
	c.eq("unit-ok err", w.OptionsUnitOk(false), w.Err[w.Unit]("refused"))
	c.eq("nested", w.OptionsNested(w.Some(w.Some("abc"))), w.Some(w.Some("ABC")))
	c.eq("nested inner none", w.OptionsNested(w.Some(w.None[string]())), w.Some(w.None[string]()))
	c.eq("nested none", w.OptionsNested(w.None[w.Option[string]]()), w.None[w.Option[string]]())
	c.eq("first-even", w.OptionsFirstEven([]uint32{1, 3, 8, 10}), w.Some[uint32](8))
	c.eq("first-even none", w.OptionsFirstEven([]uint32{1}), w.None[uint32]())
	// resources
	before := w.ResourcesDrops()
	a := w.NewResourcesCounter(5)
	a.Add(3)
	c.eq("counter get", a.Get(), uint32(8))
	c.eq("peek", w.ResourcesPeek(a), uint32(8))
	b := w.NewResourcesCounter(10)
	m := w.ResourcesCounterMerge(a, b)
	c.eq("merge", m.Get(), uint32(18))
	c.eq("drops after merge", w.ResourcesDrops()-before, uint32(2))
	m.Drop()
	c.eq("drops after drop", w.ResourcesDrops()-before, uint32(3))
	many := w.ResourcesMakeMany(4)
	got := []uint32{}
	for _, x := range many {
		got = append(got, x.Get())
	}
	c.eq("make-many", got, []uint32{0, 1, 2, 3})
	c.eq("total", w.ResourcesTotal(many), uint32(6))
	c.eq("drops after total", w.ResourcesDrops()-before, uint32(7))
	c.eq("drops at end", w.ResourcesDrops()-before, uint32(7))
	if len(c.failures) == 0 {
		return fmt.Sprintf("ok: %d checks", c.count)
	}
	return strings.Join(c.failures, "; ")
}

func init() {
	w.Exports.Run = run
}

func main() {}
