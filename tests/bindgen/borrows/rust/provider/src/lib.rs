//! Implements test:borrows/api in Rust: sums what each borrowed handle
//! holds. The bindings end each borrow of an imported thing, at any depth,
//! when the call returns.

mod provider;

use provider::exports::test::borrows::api::{Guest, GuestMine, MineBorrow, Pair, Pick, Things};
use provider::test::borrows::host::Thing;

struct Component;

struct Mine(u32);

impl GuestMine for Mine {
    fn new(v: u32) -> Self {
        Mine(v)
    }
    fn value(&self) -> u32 {
        self.0
    }
}

fn mine(b: &MineBorrow<'_>) -> u32 {
    b.get::<Mine>().0
}

impl Guest for Component {
    type Mine = Mine;

    fn sum_list(xs: Things<'_>) -> u32 {
        xs.iter().map(|t| t.value()).sum()
    }
    fn sum_mine(xs: Vec<MineBorrow<'_>>) -> u32 {
        xs.iter().map(mine).sum()
    }
    fn opt(x: Option<&Thing>) -> u32 {
        x.map_or(0, Thing::value)
    }
    fn pair_sum(p: Pair<'_>) -> u32 {
        p.a.value() + mine(&p.b) + p.n
    }
    fn picked(p: Pick<'_>) -> u32 {
        match p {
            Pick::One(t) => t.value(),
            Pick::Other(m) => mine(&m),
            Pick::None => 0,
        }
    }
    fn tuple_sum(t: (&Thing, MineBorrow<'_>)) -> u32 {
        t.0.value() + mine(&t.1)
    }
    fn pairs(ps: Vec<Pair<'_>>) -> u32 {
        ps.into_iter().map(Self::pair_sum).sum()
    }
}

provider::export!(Component with_types_in provider);
