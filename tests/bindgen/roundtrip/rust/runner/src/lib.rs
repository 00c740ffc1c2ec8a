//! The `runner` world in Rust: calls every import of the test component and
//! checks each answer; `run()` returns "ok: N checks" or the failures.

mod runner;

use runner::test::roundtrip::{lists, numbers, options, records, resources, strings, variants};
use records::{Person, Point};
use resources::Counter;
use variants::{Color, Perms, Shape};

struct Component;

struct Checks {
    count: u32,
    failures: Vec<String>,
}

impl Checks {
    fn eq<T: PartialEq + std::fmt::Debug>(&mut self, what: &str, found: T, expected: T) {
        self.count += 1;
        if found != expected {
            self.failures.push(format!("{what}: expected {expected:?}, found {found:?}"));
        }
    }
}

impl runner::Guest for Component {
    fn run() -> String {
        let mut c = Checks { count: 0, failures: Vec::new() };
        // numbers
        c.eq("add", numbers::add(200, -100, 60000, -30000, 4_000_000_000, -2_000_000_000, 1 << 40, -(1 << 41)), 200 - 100 + 60000 - 30000 + 4_000_000_000 - 2_000_000_000 + (1i64 << 40) - (1i64 << 41));
        c.eq("scale", numbers::scale(1.5, 2.25), 3.375);
        c.eq("flip", numbers::flip(false), true);
        c.eq("next-char", numbers::next_char('λ'), 'μ');
        c.eq("extremes", numbers::extremes(), (u8::MAX, u16::MAX, u32::MAX, u64::MAX));
        // strings
        c.eq("echo", strings::echo("héllo, wörld"), "héllo, wörld".to_string());
        c.eq("echo empty", strings::echo(""), String::new());
        c.eq("concat", strings::concat("ab", "cd"), "abcd".to_string());
        c.eq("count", strings::count(&["one".to_string(), "twö".to_string()]), 6);
        c.eq("split", strings::split("a bb ccc"), vec!["a".to_string(), "bb".into(), "ccc".into()]);
        // lists
        c.eq("sum", lists::sum(&[1, 2, 3, u32::MAX]), 6 + u32::MAX as u64);
        c.eq("sum empty", lists::sum(&[]), 0);
        c.eq("reverse-bytes", lists::reverse_bytes(&[1, 2, 3]), vec![3, 2, 1]);
        c.eq("flatten", lists::flatten(&[vec![1, 2], vec![], vec![3]]), vec![1, 2, 3]);
        c.eq("halves", lists::halves(&[1.0, -3.0]), vec![0.5, -1.5]);
        // records
        c.eq("translate", records::translate(Point { x: 1, y: 2 }, 10), Point { x: 11, y: 2 });
        let p = Person { name: "ada".into(), age: 36, tags: vec!["x".into()] };
        c.eq("older", records::older(p), Person { name: "ada".into(), age: 37, tags: vec!["x".into(), "older".into()] });
        c.eq("swap", records::swap((7, "seven".into())), ("seven".to_string(), 7));
        let pt = |x, y| Point { x, y };
        c.eq("centroid", records::centroid(pt(0, 9), pt(1, 9), pt(2, 9), pt(3, 9), pt(4, 9), pt(5, 9), pt(6, 9), pt(7, 9), pt(8, 9)), pt(4, 9));
        let people = records::people(3);
        c.eq("people", people.len(), 3);
        c.eq("people[2]", &people[2], &Person { name: "p2".into(), age: 2, tags: vec!["tt".into(), "tt".into()] });
        // variants, enums, flags
        c.eq("next-color", variants::next_color(Color::Blue), Color::Red);
        c.eq("toggle", variants::toggle(Perms::READ | Perms::EXEC), Perms::READ | Perms::WRITE | Perms::EXEC);
        c.eq("toggle back", variants::toggle(Perms::WRITE), Perms::empty());
        c.eq("area circle", variants::area(Shape::Circle(2.0)), 12.0);
        c.eq("area rect", variants::area(Shape::Rect((2.0, 3.0))), 6.0);
        c.eq("area named", variants::area(Shape::Named("four".into())), 4.0);
        c.eq("area big", variants::area(Shape::Big(1 << 50)), (1u64 << 50) as f64);
        c.eq("grow dot", variants::grow(Shape::Dot), Shape::Circle(1.0));
        c.eq("grow named", variants::grow(Shape::Named("box".into())), Shape::Named("big box".into()));
        c.eq("grow big", variants::grow(Shape::Big(u64::MAX / 4)), Shape::Big(u64::MAX / 4 * 2));
        c.eq("shapes", variants::shapes(), vec![Shape::Dot, Shape::Circle(0.5), Shape::Named("tri".into()), Shape::Big(1 << 40), Shape::Rect((1.5, 2.0))]);
        // options and results
        c.eq("double some", options::double(Some(21)), Some(42));
        c.eq("double none", options::double(None), None);
        c.eq("parse ok", options::parse("123"), Ok(123));
        c.eq("parse err", options::parse("x1"), Err("not a number: x1".to_string()));
        c.eq("check ok", options::check(5), Ok(()));
        c.eq("check err", options::check(-5), Err(()));
        c.eq("unit-ok", options::unit_ok(true), Ok(()));
        c.eq("unit-ok err", options::unit_ok(false), Err("refused".to_string()));
        c.eq("nested", options::nested(Some(Some("abc".into()))), Some(Some("ABC".to_string())));
        c.eq("nested inner none", options::nested(Some(None)), Some(None));
        c.eq("nested none", options::nested(None), None);
        c.eq("first-even", options::first_even(&[1, 3, 8, 10]), Some(8));
        c.eq("first-even none", options::first_even(&[1]), None);
        // resources
        let before = resources::drops();
        let a = Counter::new(5);
        a.add(3);
        c.eq("counter get", a.get(), 8);
        c.eq("peek", resources::peek(&a), 8);
        let b = Counter::new(10);
        let m = Counter::merge(a, b);
        c.eq("merge", m.get(), 18);
        c.eq("drops after merge", resources::drops() - before, 2);
        drop(m);
        c.eq("drops after drop", resources::drops() - before, 3);
        let many = resources::make_many(4);
        c.eq("make-many", many.iter().map(|c| c.get()).collect::<Vec<_>>(), vec![0, 1, 2, 3]);
        c.eq("total", resources::total(&many), 6);
        c.eq("drops after total", resources::drops() - before, 7);
        drop(many);
        c.eq("drops at end", resources::drops() - before, 7);
        if c.failures.is_empty() { format!("ok: {} checks", c.count) } else { c.failures.join("; ") }
    }
}

runner::export!(Component with_types_in runner);
