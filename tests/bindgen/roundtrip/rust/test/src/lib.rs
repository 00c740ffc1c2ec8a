//! The `test` world in Rust: each function does something checkable.

mod test;

use std::cell::Cell;

use test::exports::test::roundtrip::{lists, numbers, options, records, resources, strings, variants};
use records::{Person, Point};
use resources::{Counter, CounterBorrow, GuestCounter};
use variants::{Color, Perms, Shape};

struct Component;

impl numbers::Guest for Component {
    fn add(a: u8, b: i8, c: u16, d: i16, e: u32, f: i32, g: u64, h: i64) -> i64 {
        a as i64 + b as i64 + c as i64 + d as i64 + e as i64 + f as i64 + g as i64 + h
    }
    fn scale(a: f32, b: f64) -> f64 {
        a as f64 * b
    }
    fn flip(b: bool) -> bool {
        !b
    }
    fn next_char(c: char) -> char {
        char::from_u32(c as u32 + 1).unwrap_or('?')
    }
    fn extremes() -> (u8, u16, u32, u64) {
        (u8::MAX, u16::MAX, u32::MAX, u64::MAX)
    }
}

impl strings::Guest for Component {
    fn echo(s: String) -> String {
        s
    }
    fn concat(a: String, b: String) -> String {
        a + &b
    }
    fn count(words: Vec<String>) -> u32 {
        words.iter().map(|w| w.chars().count() as u32).sum()
    }
    fn split(s: String) -> Vec<String> {
        s.split(' ').map(String::from).collect()
    }
}

impl lists::Guest for Component {
    fn sum(xs: Vec<u32>) -> u64 {
        xs.iter().map(|x| *x as u64).sum()
    }
    fn reverse_bytes(mut b: Vec<u8>) -> Vec<u8> {
        b.reverse();
        b
    }
    fn flatten(xs: Vec<Vec<u16>>) -> Vec<u16> {
        xs.into_iter().flatten().collect()
    }
    fn halves(xs: Vec<f64>) -> Vec<f64> {
        xs.iter().map(|x| x / 2.0).collect()
    }
}

impl records::Guest for Component {
    fn translate(p: Point, dx: i32) -> Point {
        Point { x: p.x + dx, y: p.y }
    }
    fn older(mut p: Person) -> Person {
        p.age += 1;
        p.tags.push("older".to_string());
        p
    }
    fn swap(t: (u32, String)) -> (String, u32) {
        (t.1, t.0)
    }
    fn centroid(a: Point, b: Point, c: Point, d: Point, e: Point, f: Point, g: Point, h: Point, i: Point) -> Point {
        let all = [a, b, c, d, e, f, g, h, i];
        Point { x: all.iter().map(|p| p.x).sum::<i32>() / 9, y: all.iter().map(|p| p.y).sum::<i32>() / 9 }
    }
    fn people(n: u8) -> Vec<Person> {
        (0..n).map(|i| Person { name: format!("p{i}"), age: i, tags: vec!["t".repeat(i as usize); i as usize] }).collect()
    }
}

impl variants::Guest for Component {
    fn next_color(c: Color) -> Color {
        match c {
            Color::Red => Color::Green,
            Color::Green => Color::Blue,
            Color::Blue => Color::Red,
        }
    }
    fn toggle(p: Perms) -> Perms {
        p ^ Perms::WRITE
    }
    fn area(s: Shape) -> f64 {
        match s {
            Shape::Circle(r) => 3.0 * (r as f64) * (r as f64),
            Shape::Rect((w, h)) => (w * h) as f64,
            Shape::Dot => 0.0,
            Shape::Named(n) => n.len() as f64,
            Shape::Big(n) => n as f64,
        }
    }
    fn grow(s: Shape) -> Shape {
        match s {
            Shape::Circle(r) => Shape::Circle(r * 2.0),
            Shape::Rect((w, h)) => Shape::Rect((w * 2.0, h * 2.0)),
            Shape::Dot => Shape::Circle(1.0),
            Shape::Named(n) => Shape::Named(format!("big {n}")),
            Shape::Big(n) => Shape::Big(n * 2),
        }
    }
    fn shapes() -> Vec<Shape> {
        vec![Shape::Dot, Shape::Circle(0.5), Shape::Named("tri".into()), Shape::Big(1 << 40), Shape::Rect((1.5, 2.0))]
    }
}

impl options::Guest for Component {
    fn double(x: Option<u32>) -> Option<u32> {
        x.map(|x| x * 2)
    }
    fn parse(s: String) -> Result<u32, String> {
        s.parse().map_err(|_| format!("not a number: {s}"))
    }
    fn check(x: i32) -> Result<(), ()> {
        if x < 0 { Err(()) } else { Ok(()) }
    }
    fn unit_ok(ok: bool) -> Result<(), String> {
        if ok { Ok(()) } else { Err("refused".into()) }
    }
    fn nested(x: Option<Option<String>>) -> Option<Option<String>> {
        x.map(|inner| inner.map(|s| s.to_uppercase()))
    }
    fn first_even(xs: Vec<u32>) -> Option<u32> {
        xs.into_iter().find(|x| x % 2 == 0)
    }
}

thread_local! {
    static DROPS: Cell<u32> = const { Cell::new(0) };
}

struct MyCounter(Cell<u32>);

impl Drop for MyCounter {
    fn drop(&mut self) {
        DROPS.with(|d| d.set(d.get() + 1));
    }
}

impl GuestCounter for MyCounter {
    fn new(start: u32) -> Self {
        MyCounter(Cell::new(start))
    }
    fn add(&self, n: u32) {
        self.0.set(self.0.get() + n);
    }
    fn get(&self) -> u32 {
        self.0.get()
    }
    fn merge(a: Counter, b: Counter) -> Counter {
        let sum = a.get::<MyCounter>().get() + b.get::<MyCounter>().get();
        Counter::new(MyCounter(Cell::new(sum)))
    }
}

impl resources::Guest for Component {
    type Counter = MyCounter;
    fn drops() -> u32 {
        DROPS.with(|d| d.get())
    }
    fn make_many(n: u32) -> Vec<Counter> {
        (0..n).map(|i| Counter::new(MyCounter(Cell::new(i)))).collect()
    }
    fn total(cs: Vec<Counter>) -> u32 {
        cs.iter().map(|c| c.get::<MyCounter>().get()).sum()
    }
    fn peek(c: CounterBorrow<'_>) -> u32 {
        c.get::<MyCounter>().get()
    }
}

test::export!(Component with_types_in test);
