//! The rules of `docs/architecture.md`, checked against the source: the pure
//! core touches nothing above it nor the outside world, each outside crate
//! stays in its module, and the documented layout lists every module.

use std::path::{Path, PathBuf};

use crate::support::repo;

/// Every `.rs` file under `dir`, with its text (tests included: the core's
/// tests are pure too).
fn sources(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else { return out };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(sources(&p));
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push((p.clone(), std::fs::read_to_string(&p).expect("read source")));
        }
    }
    out
}

fn src() -> PathBuf {
    repo().join("src")
}

/// The top-level module a file belongs to (`schedule` for `src/schedule/queue.rs`).
fn module_of(path: &Path) -> String {
    let rel = path.strip_prefix(src()).expect("under src");
    let first = rel.components().next().expect("a component").as_os_str().to_string_lossy().into_owned();
    first.trim_end_matches(".rs").to_string()
}

#[test]
fn the_pure_core_uses_nothing_above_it_and_no_outside_world() {
    let allowed: &[(&str, &[&str])] = &[
        ("text", &[]),
        ("schedule", &[]),
        ("session", &["deck", "schedule", "text"]),
        ("stats", &["schedule", "text"]),
        ("cohort", &["schedule", "store"]),
        ("lint", &["deck", "text"]),
        ("generate", &["deck", "lint", "text"]),
    ];
    let forbidden_calls = [
        "std::fs",
        "std::env",
        "Utc::now",
        "Instant::now",
        "SystemTime",
        "stdin()",
        "stdout()",
        "println!",
        "eprintln!",
    ];
    let mut problems = Vec::new();
    for (path, text) in sources(&src()) {
        let module = module_of(&path);
        let Some((_, ok)) = allowed.iter().find(|(m, _)| *m == module) else { continue };
        for (n, line) in text.lines().enumerate() {
            for used in line.split("crate::").skip(1) {
                let name: String = used.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                // i18n is a leaf every module may use: messages, no I/O.
                if name != module && name != "i18n" && !ok.contains(&name.as_str()) {
                    problems.push(format!("{}:{}: `{module}` uses `crate::{name}`", path.display(), n + 1));
                }
            }
            for call in forbidden_calls {
                if line.contains(call) && !line.trim_start().starts_with("//") {
                    problems.push(format!(
                        "{}:{}: `{module}` touches the outside world: {call}",
                        path.display(),
                        n + 1
                    ));
                }
            }
        }
    }
    assert!(problems.is_empty(), "the core must stay pure (docs/architecture.md):\n{}", problems.join("\n"));
}

#[test]
fn outside_crates_stay_in_their_modules() {
    // (crate path as written in `use`, the modules or files where it may appear)
    let rules: &[(&str, &[&str])] = &[
        ("rusqlite::", &["src/store/", "src/import/anki/"]),
        ("postgres::", &["src/store/"]),
        ("dialoguer::", &["src/ui/"]),
        ("console::", &["src/ui/"]),
        ("ctrlc::", &["src/ui/"]),
        ("fsrs::", &["src/schedule/"]),
        ("toml_edit::", &["src/deck/", "src/import/", "src/config.rs"]),
        ("toml::", &["src/deck/", "src/import/", "src/config.rs"]),
    ];
    let mut problems = Vec::new();
    for (path, text) in sources(&src()) {
        let rel = path.strip_prefix(repo()).expect("in repo").to_string_lossy().replace('\\', "/");
        for (name, places) in rules {
            let uses = text.lines().any(|l| {
                let l = l.trim_start();
                !l.starts_with("//")
                    && (l.contains(&format!(" {name}")) || l.starts_with(name) || l.contains(&format!("({name}")))
            });
            if uses && !places.iter().any(|p| rel.starts_with(p)) {
                problems.push(format!("{rel} uses {name} (allowed only in {})", places.join(", ")));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_deck_parser_model_and_writer_do_no_file_io() {
    let io_files = ["library.rs", "cache.rs"];
    let mut problems = Vec::new();
    for (path, text) in sources(&src().join("deck")) {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        if io_files.contains(&name) {
            continue;
        }
        if text.contains("std::fs") || text.contains("File::open") {
            problems.push(path.display().to_string());
        }
    }
    assert!(problems.is_empty(), "file I/O outside deck/library.rs and deck/cache.rs: {problems:?}");
}

#[test]
fn the_documented_layout_lists_every_module() {
    let doc = std::fs::read_to_string(repo().join("docs/architecture.md")).expect("docs/architecture.md");
    let layout = doc.split("```").nth(1).expect("a layout block");
    let mut missing = Vec::new();
    for e in std::fs::read_dir(src()).expect("src").flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let shown = if e.path().is_dir() { format!("{name}/") } else { name.clone() };
        if !layout.lines().any(|l| l.trim_start().starts_with(&shown)) {
            missing.push(shown);
        }
    }
    for line in layout.lines().filter(|l| l.starts_with("  ")) {
        let entry = line.split_whitespace().next().unwrap_or_default();
        if !entry.is_empty() && !src().join(entry.trim_end_matches('/')).exists() {
            missing.push(format!("{entry} (documented but absent)"));
        }
    }
    assert!(missing.is_empty(), "docs/architecture.md's layout does not match src/: {missing:?}");
}
