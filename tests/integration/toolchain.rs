//! The minimum Rust version we state is the real one: `rust-version` in
//! `Cargo.toml` and the README agree, and no locked dependency needs more.

use crate::support::repo;

/// "1.89.0" and "1.89" as comparable numbers.
fn version(v: &str) -> Vec<u32> {
    let mut parts: Vec<u32> = v.split('.').map(|p| p.parse().unwrap_or(0)).collect();
    parts.resize(3, 0);
    parts
}

#[test]
fn rust_version_covers_every_locked_dependency_and_matches_the_readme() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = std::process::Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--locked", "--offline"])
        .current_dir(repo())
        .output()
        .expect("run cargo metadata");
    assert!(out.status.success(), "cargo metadata failed: {}", String::from_utf8_lossy(&out.stderr));
    let meta: serde_json::Value = serde_json::from_slice(&out.stdout).expect("cargo metadata JSON");
    let packages = meta["packages"].as_array().expect("packages");
    let ours = packages.iter().find(|p| p["name"] == "learn").expect("the learn package");
    let stated = ours["rust_version"].as_str().expect("Cargo.toml states rust-version");
    let (needed, by) = packages
        .iter()
        .filter(|p| p["name"] != "learn")
        .filter_map(|p| Some((p["rust_version"].as_str()?, p["name"].as_str()?)))
        .max_by_key(|(v, _)| version(v))
        .expect("some dependency states a rust-version");
    assert!(
        version(stated) >= version(needed),
        "Cargo.toml says rust-version {stated}, but the locked `{by}` needs {needed}: raise rust-version (and the README)"
    );
    let readme = std::fs::read_to_string(repo().join("README.md")).expect("README");
    assert!(
        readme.contains(&format!("({stated} or newer)")),
        "the README must state the same minimum Rust version as Cargo.toml ({stated})"
    );
    assert!(readme.contains("cargo install --locked"), "the README's install line uses --locked");
}
