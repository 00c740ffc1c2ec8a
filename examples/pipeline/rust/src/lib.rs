//! The reader (Rust for wasm32-wasip3, weld's async bindings): a WASI 0.3
//! command that reads lines from the file named by its first argument (or
//! from stdin), streams them through the C tidier into the Python
//! summariser, and prints the summariser's report. `weld build` writes the
//! bindings module, `reader.rs`, beside this file in its build copy.

mod reader;

use std::io::{BufRead, BufReader};

use reader::demo::pipeline::{summary, tidy};
use reader::{spawn, wit_stream};

struct Reader;

impl reader::exports::wasi::cli::run::Guest for Reader {
    async fn run() -> Result<(), ()> {
        let input: Box<dyn BufRead> = match std::env::args().nth(1) {
            Some(path) => match std::fs::File::open(&path) {
                Ok(file) => Box::new(BufReader::new(file)),
                Err(e) => {
                    eprintln!("error: cannot read `{path}`: {e}");
                    return Err(());
                }
            },
            None => Box::new(std::io::stdin().lock()),
        };
        let (mut writer, lines) = wit_stream::new::<String>();
        // The tidier returns its output stream at once and fills it as
        // lines come in; the summariser reads that stream to its end.
        let tidied = tidy::tidy(lines).await;
        // Each line is written as soon as it is read: no stage holds the
        // whole input. Dropping the writer at the end ends the stream.
        spawn(async move {
            for line in input.lines() {
                let line = match line {
                    Ok(line) => line,
                    Err(e) => {
                        eprintln!("error: reading the input: {e}");
                        break;
                    }
                };
                if writer.write_one(line).await.is_some() {
                    // The tidier stopped reading.
                    break;
                }
            }
        });
        let report = summary::summarise(tidied).await;
        println!("{report}");
        Ok(())
    }
}

reader::export!(Reader with_types_in reader);
