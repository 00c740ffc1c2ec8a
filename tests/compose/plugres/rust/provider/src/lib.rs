//! Implements test:plugres/things in Rust (tests/compose/plugres.wit): it
//! counts every thing and tag it makes and every one its destructor drops,
//! and says so when a thing with a negative value is dropped.

mod provider;

use std::sync::atomic::{AtomicU32, Ordering};

use provider::exports::test::plugres::things::{self, Counts, GuestTag, GuestThing, Pair, Tag, Thing, ThingBorrow};

static THINGS_MADE: AtomicU32 = AtomicU32::new(0);
static THINGS_DROPPED: AtomicU32 = AtomicU32::new(0);
static TAGS_MADE: AtomicU32 = AtomicU32::new(0);
static TAGS_DROPPED: AtomicU32 = AtomicU32::new(0);

struct Component;

struct Item {
    value: i32,
}

impl Item {
    fn thing(value: i32) -> Thing {
        Thing::new(<Item as GuestThing>::new(value))
    }
}

impl Drop for Item {
    fn drop(&mut self) {
        THINGS_DROPPED.fetch_add(1, Ordering::Relaxed);
        if self.value < 0 {
            println!("provider: dropped thing {}", self.value);
        }
    }
}

fn value(t: &Thing) -> i32 {
    t.get::<Item>().value
}

impl GuestThing for Item {
    fn new(value: i32) -> Self {
        THINGS_MADE.fetch_add(1, Ordering::Relaxed);
        Item { value }
    }
    fn value(&self) -> i32 {
        self.value
    }
    fn add(&self, other: ThingBorrow<'_>) -> i32 {
        self.value + other.get::<Item>().value
    }
    fn merge(&self, other: Thing) -> Thing {
        Item::thing(self.value + value(&other))
    }
    fn tag(&self) -> Tag {
        TAGS_MADE.fetch_add(1, Ordering::Relaxed);
        Tag::new(Label { value: self.value })
    }
    fn make(value: i32) -> Thing {
        Item::thing(value)
    }
    fn bump(old: Thing) -> Thing {
        Item::thing(value(&old) + 1)
    }
}

struct Label {
    value: i32,
}

impl Drop for Label {
    fn drop(&mut self) {
        TAGS_DROPPED.fetch_add(1, Ordering::Relaxed);
    }
}

impl GuestTag for Label {
    fn name(&self) -> String {
        format!("tag {}", self.value)
    }
    fn thing(&self) -> Thing {
        Item::thing(self.value)
    }
}

impl things::Guest for Component {
    type Thing = Item;
    type Tag = Label;

    fn split(t: Thing) -> Pair {
        let v = value(&t);
        let right = if v == 0 { None } else { Some(Item::thing(v - v / 2)) };
        Pair { left: Item::thing(v / 2), right }
    }
    fn join(p: Pair) -> Thing {
        Item::thing(value(&p.left) + p.right.as_ref().map_or(0, value))
    }
    fn sum(xs: Vec<ThingBorrow<'_>>) -> i32 {
        xs.iter().map(|x| x.get::<Item>().value).sum()
    }
    fn reverse(mut xs: Vec<Thing>) -> Vec<Thing> {
        xs.reverse();
        xs
    }
    fn maybe(t: Option<Thing>) -> Option<Thing> {
        t
    }
    fn check(t: ThingBorrow<'_>) -> i32 {
        let v = t.get::<Item>().value;
        if v < 0 {
            provider_refuse();
        }
        v
    }
    fn tally() -> Counts {
        Counts {
            things_made: THINGS_MADE.load(Ordering::Relaxed),
            things_dropped: THINGS_DROPPED.load(Ordering::Relaxed),
            tags_made: TAGS_MADE.load(Ordering::Relaxed),
            tags_dropped: TAGS_DROPPED.load(Ordering::Relaxed),
        }
    }
}

/// A trap of the provider's own, for the backtrace of a composition (an
/// unmangled name: a mangled one carries hashes of the build's paths).
#[inline(never)]
#[unsafe(no_mangle)]
pub extern "C" fn provider_refuse() -> ! {
    core::arch::wasm32::unreachable()
}

provider::export!(Component with_types_in provider);
