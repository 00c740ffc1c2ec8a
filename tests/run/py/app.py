# --invoke with every WAVE value kind, against a componentize-py component.
# REQUIRES: componentize-py
# RUN: !componentize-py -d %dir/wit -w values componentize app -p %dir -o %tmpdir/v.wasm | run %tmpdir/v.wasm --invoke 'ints(255, -128, 65535, -32768, 4294967295, -2147483648, 1, -2)' --invoke 'floats(1.5, 2.25)' --invoke "letter('a')" --invoke 'shout("hello")' --invoke 'truth(false)' --invoke 'reverse([1, 2, 3])' --invoke 'swap(("x", 7))' --invoke 'move-point({x: 1, y: 2}, 10)' --invoke 'area(circle(1.0))' --invoke 'area(rect({x: 2, y: 3}))' --invoke 'area(empty)' --invoke 'next-color(blue)' --invoke 'toggle({read, exec})' --invoke 'half(some(8))' --invoke 'half(none)' --invoke 'parse("42")' --invoke 'parse("forty-two")' --invoke 'demo:values/kinds.shout("qualified")'
# RUN[list]: !componentize-py -d %dir/wit -w values componentize app -p %dir -o %tmpdir/v.wasm | run %tmpdir/v.wasm --list
# FAIL[type-mismatch]: !componentize-py -d %dir/wit -w values componentize app -p %dir -o %tmpdir/v.wasm | run %tmpdir/v.wasm --invoke 'next-color(purple)'
import wit_world
from wit_world.exports import Kinds
from wit_world.exports.kinds import Color, Perms, Point, Shape_Circle, Shape_Empty, Shape_Rect
from componentize_py_types import Err


class Kinds(Kinds):
    def ints(self, a, b, c, d, e, f, g, h):
        return a + b + c + d + e + f + g + h

    def floats(self, a, b):
        return a * b

    def letter(self, c):
        return chr(ord(c) + 1)

    def shout(self, s):
        return s.upper() + "!"

    def truth(self, b):
        return not b

    def reverse(self, xs):
        return list(reversed(xs))

    def swap(self, t):
        return (t[1], t[0])

    def move_point(self, p, dx):
        return Point(p.x + dx, p.y)

    def area(self, s):
        if isinstance(s, Shape_Circle):
            return 3.0 * s.value * s.value
        if isinstance(s, Shape_Rect):
            return float(s.value.x * s.value.y)
        return 0.0

    def next_color(self, c):
        return Color((c.value + 1) % 3)

    def toggle(self, p):
        return Perms(~p.value & 7)

    def half(self, n):
        return None if n is None else n // 2

    def parse(self, s):
        if s.isdigit():
            return int(s)
        raise Err(f"not a number: {s}")
