//! The runner of tests/bindgen/import-params.wit (wit-bindgen's
//! simple-import-params-results test, written for weld's bindings).

mod runner;

use runner::a::b::i::*;

struct Component;

impl runner::Guest for Component {
    async fn run() {
        one_argument(1).await;
        assert_eq!(one_result().await, 2);
        assert_eq!(one_argument_and_result(3).await, 4);
        two_arguments(5, 6).await;
        assert_eq!(two_arguments_and_result(7, 8).await, 9);
        // WASI's sync host functions work inside an async export's task.
        println!("all checked");
    }
}

runner::export!(Component with_types_in runner);
