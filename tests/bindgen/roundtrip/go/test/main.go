// The `test` world in Go: each function does something checkable.
package main

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	w "example.com/roundtrip/bindings/test"
)

// counter is the exported resource's value.
type counter struct{ n uint32 }

func (c *counter) Add(n uint32) { c.n += n }
func (c *counter) Get() uint32  { return c.n }

var drops uint32

func init() {
	e := &w.Exports
	e.Numbers.Add = func(a uint8, b int8, c uint16, d int16, e uint32, f int32, g uint64, h int64) int64 {
		return int64(a) + int64(b) + int64(c) + int64(d) + int64(e) + int64(f) + int64(g) + h
	}
	e.Numbers.Scale = func(a float32, b float64) float64 { return float64(a) * b }
	e.Numbers.Flip = func(b bool) bool { return !b }
	e.Numbers.NextChar = func(c rune) rune { return c + 1 }
	e.Numbers.Extremes = func() w.Tuple4[uint8, uint16, uint32, uint64] {
		return w.Tuple4[uint8, uint16, uint32, uint64]{F0: 0xff, F1: 0xffff, F2: 0xffffffff, F3: 0xffffffffffffffff}
	}

	e.Strings.Echo = func(s string) string { return s }
	e.Strings.Concat = func(a, b string) string { return a + b }
	e.Strings.Count = func(words []string) uint32 {
		n := 0
		for _, word := range words {
			n += utf8.RuneCountInString(word)
		}
		return uint32(n)
	}
	e.Strings.Split = func(s string) []string { return strings.Split(s, " ") }

	e.Lists.Sum = func(xs []uint32) uint64 {
		var sum uint64
		for _, x := range xs {
			sum += uint64(x)
		}
		return sum
	}
	e.Lists.ReverseBytes = func(b []uint8) []uint8 {
		out := make([]uint8, len(b))
		for i, x := range b {
			out[len(b)-1-i] = x
		}
		return out
	}
	e.Lists.Flatten = func(xs [][]uint16) []uint16 {
		out := []uint16{}
		for _, x := range xs {
			out = append(out, x...)
		}
		return out
	}
	e.Lists.Halves = func(xs []float64) []float64 {
		out := make([]float64, len(xs))
		for i, x := range xs {
			out[i] = x / 2
		}
		return out
	}

	e.Records.Translate = func(p w.RecordsPoint, dx int32) w.RecordsPoint { return w.RecordsPoint{X: p.X + dx, Y: p.Y} }
	e.Records.Older = func(p w.RecordsPerson) w.RecordsPerson {
		p.Age++
		p.Tags = append(append([]string{}, p.Tags...), "older")
		return p
	}
	e.Records.Swap = func(t w.Tuple2[uint32, string]) w.Tuple2[string, uint32] {
		return w.Tuple2[string, uint32]{F0: t.F1, F1: t.F0}
	}
	e.Records.Centroid = func(a, b, c, d, e, f, g, h, i w.RecordsPoint) w.RecordsPoint {
		var x, y int32
		for _, p := range []w.RecordsPoint{a, b, c, d, e, f, g, h, i} {
			x += p.X
			y += p.Y
		}
		return w.RecordsPoint{X: x / 9, Y: y / 9}
	}
	e.Records.People = func(n uint8) []w.RecordsPerson {
		out := []w.RecordsPerson{}
		for i := range n {
			tags := []string{}
			for range i {
				tags = append(tags, strings.Repeat("t", int(i)))
			}
			out = append(out, w.RecordsPerson{Name: fmt.Sprintf("p%d", i), Age: i, Tags: tags})
		}
		return out
	}

	e.Variants.NextColor = func(c w.VariantsColor) w.VariantsColor { return (c + 1) % 3 }
	e.Variants.Toggle = func(p w.VariantsPerms) w.VariantsPerms { return p ^ w.VariantsPermsWrite }
	e.Variants.Area = func(s w.VariantsShape) float64 {
		switch s.Tag {
		case w.VariantsShapeTagCircle:
			r := float64(s.AsCircle())
			return 3 * r * r
		case w.VariantsShapeTagRect:
			r := s.AsRect()
			return float64(r.F0 * r.F1)
		case w.VariantsShapeTagNamed:
			return float64(len(s.AsNamed()))
		case w.VariantsShapeTagBig:
			return float64(s.AsBig())
		}
		return 0
	}
	e.Variants.Grow = func(s w.VariantsShape) w.VariantsShape {
		switch s.Tag {
		case w.VariantsShapeTagCircle:
			return w.VariantsShapeCircle(s.AsCircle() * 2)
		case w.VariantsShapeTagRect:
			r := s.AsRect()
			return w.VariantsShapeRect(w.Tuple2[float32, float32]{F0: r.F0 * 2, F1: r.F1 * 2})
		case w.VariantsShapeTagNamed:
			return w.VariantsShapeNamed("big " + s.AsNamed())
		case w.VariantsShapeTagBig:
			return w.VariantsShapeBig(s.AsBig() * 2)
		}
		return w.VariantsShapeCircle(1)
	}
	e.Variants.Shapes = func() []w.VariantsShape {
		return []w.VariantsShape{
			w.VariantsShapeDot(), w.VariantsShapeCircle(0.5), w.VariantsShapeNamed("tri"),
			w.VariantsShapeBig(1 << 40), w.VariantsShapeRect(w.Tuple2[float32, float32]{F0: 1.5, F1: 2}),
		}
	}

	e.Options.Double = func(x w.Option[uint32]) w.Option[uint32] {
		if !x.Valid {
			return w.None[uint32]()
		}
		return w.Some(x.Value * 2)
	}
	e.Options.Parse = func(s string) w.Result[uint32, string] {
		n, err := strconv.ParseUint(s, 10, 32)
		if err != nil {
			return w.Err[uint32]("not a number: " + s)
		}
		return w.Ok[uint32, string](uint32(n))
	}
	e.Options.Check = func(x int32) w.Result[w.Unit, w.Unit] {
		if x < 0 {
			return w.Err[w.Unit](w.Unit{})
		}
		return w.Ok[w.Unit, w.Unit](w.Unit{})
	}
	e.Options.UnitOk = func(ok bool) w.Result[w.Unit, string] {
		if ok {
			return w.Ok[w.Unit, string](w.Unit{})
		}
		return w.Err[w.Unit]("refused")
	}
	e.Options.Nested = func(x w.Option[w.Option[string]]) w.Option[w.Option[string]] {
		if x.Valid && x.Value.Valid {
			return w.Some(w.Some(strings.ToUpper(x.Value.Value)))
		}
		return x
	}
	e.Options.FirstEven = func(xs []uint32) w.Option[uint32] {
		for _, x := range xs {
			if x%2 == 0 {
				return w.Some(x)
			}
		}
		return w.None[uint32]()
	}

	e.Resources.Counter.Constructor = func(start uint32) w.ResourcesCounter { return &counter{start} }
	e.Resources.Counter.Merge = func(a, b w.ResourcesCounter) w.ResourcesCounter {
		return &counter{a.Get() + b.Get()}
	}
	e.Resources.Counter.Destructor = func(w.ResourcesCounter) { drops++ }
	e.Resources.Drops = func() uint32 { return drops }
	e.Resources.MakeMany = func(n uint32) []w.ResourcesCounter {
		out := []w.ResourcesCounter{}
		for i := range n {
			out = append(out, &counter{i})
		}
		return out
	}
	e.Resources.Total = func(cs []w.ResourcesCounter) uint32 {
		var sum uint32
		for _, c := range cs {
			sum += c.Get()
		}
		return sum
	}
	e.Resources.Peek = func(c w.ResourcesCounter) uint32 { return c.Get() }
}

func main() {}
