//! The runner of tests/bindgen/borrows.wit in Rust: lends things (from
//! the host) and mines (the provider's own) inside lists, options, records,
//! variants and tuples, as the C runner does.

mod runner;

use runner::test::borrows::api::{self, Mine, Pair, Pick};
use runner::test::borrows::host::Thing;

struct Component;

impl runner::Guest for Component {
    fn run() -> String {
        let (t1, t2, t3) = (Thing::new(1), Thing::new(2), Thing::new(4));
        let (m1, m2) = (Mine::new(10), Mine::new(20));
        let sum_list = api::sum_list(vec![&t1, &t2, &t3]);
        let sum_mine = api::sum_mine(&[&m1, &m2]);
        let (opt_some, opt_none) = (api::opt(Some(&t2)), api::opt(None));
        let pair_sum = api::pair_sum(Pair { a: &t1, b: &m1, n: 100 });
        let picked =
            [api::picked(Pick::One(&t3)), api::picked(Pick::Other(&m2)), api::picked(Pick::None)];
        let tuple_sum = api::tuple_sum((&t2, &m1));
        let pairs = api::pairs(&[Pair { a: &t1, b: &m2, n: 5 }, Pair { a: &t3, b: &m1, n: 6 }]);
        // Every handle is still ours: the provider only borrowed them.
        let still = t3.value() + m2.value();
        format!(
            "sum-list {sum_list}, sum-mine {sum_mine}, opt {opt_some} {opt_none}, pair-sum {pair_sum}, picked {} {} {}, tuple-sum {tuple_sum}, pairs {pairs}, still {still}",
            picked[0], picked[1], picked[2]
        )
    }
}

runner::export!(Component with_types_in runner);
