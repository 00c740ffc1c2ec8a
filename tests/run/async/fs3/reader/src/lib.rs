//! Lists and reads the granted folders with wasi:filesystem 0.3.0, whose
//! descriptor methods are async imports.

mod reader;

use reader::Guest;
use reader::wasi::filesystem::preopens::get_directories;
use reader::wasi::filesystem::types::{DescriptorFlags, OpenFlags, PathFlags};

struct Component;

impl Guest for Component {
    async fn run() -> Vec<String> {
        let mut out = Vec::new();
        for (dir, name) in get_directories() {
            match dir.stat().await {
                Ok(stat) => out.push(format!("{name}: {:?}", stat.type_)),
                Err(e) => out.push(format!("{name}: stat failed: {e:?}")),
            }
            let (entries, done) = dir.read_directory();
            let mut names: Vec<String> =
                entries.collect().await.into_iter().map(|e| format!("{} ({:?})", e.name, e.type_)).collect();
            names.sort();
            out.push(format!("entries: {} ({:?})", names.join(", "), done.read().await));
            let read = DescriptorFlags::READ;
            match dir.open_at(PathFlags::empty(), "hello.txt", OpenFlags::empty(), read).await {
                Ok(file) => {
                    let (bytes, done) = file.read_via_stream(0);
                    let bytes = bytes.collect().await;
                    out.push(format!("hello.txt: {:?} ({:?})", String::from_utf8_lossy(&bytes), done.read().await));
                }
                Err(e) => out.push(format!("hello.txt: {e:?}")),
            }
            match dir.open_at(PathFlags::empty(), "missing.txt", OpenFlags::empty(), read).await {
                Ok(_) => out.push("missing.txt: opened".into()),
                Err(e) => out.push(format!("missing.txt: {e:?}")),
            }
        }
        out
    }
}

reader::export!(Component with_types_in reader);
