//! Completions (`completions/`) and man pages (`man/`) are generated from the clap definitions and
//! committed. This test fails when they are stale; `EPI_BLESS=1 cargo test --test generated`
//! rewrites them (and removes pages of commands that no longer exist).

use std::path::Path;

#[test]
fn completions_and_man_pages_are_up_to_date() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let files = epi::generated::all_files();
    let bless = std::env::var_os("EPI_BLESS").is_some();
    let mut stale = Vec::new();
    for (rel, contents) in &files {
        let path = root.join(rel);
        if std::fs::read(&path).ok().as_deref() != Some(contents.as_slice()) {
            if bless {
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(&path, contents).unwrap();
            } else {
                stale.push(rel.clone());
            }
        }
    }
    for dir in ["completions", "man"] {
        for entry in std::fs::read_dir(root.join(dir)).unwrap() {
            let rel = format!("{dir}/{}", entry.unwrap().file_name().to_string_lossy());
            if !files.iter().any(|(f, _)| *f == rel) {
                if bless {
                    std::fs::remove_file(root.join(&rel)).unwrap();
                } else {
                    stale.push(format!("{rel} (no longer generated)"));
                }
            }
        }
    }
    assert!(
        stale.is_empty(),
        "stale generated files: {stale:?}\nregenerate with: EPI_BLESS=1 cargo test --test generated"
    );
}

#[test]
fn every_command_has_a_man_page() {
    let names: Vec<String> = epi::generated::man_pages()
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    for page in [
        "man/epi.1",
        "man/epi-policy-trust.1",
        "man/epi-policy-abac-s3-prefix.1",
        "man/epi-policy-lint.1",
        "man/epi-s3-csi-scaffold.1",
        "man/epi-completions.1",
    ] {
        assert!(
            names.contains(&page.to_string()),
            "{page} missing from {names:?}"
        );
    }
}

#[test]
fn completions_command_prints_the_committed_script() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = assert_cmd::Command::cargo_bin("epi")
        .unwrap()
        .args(["completions", "bash"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        out.stdout,
        std::fs::read(root.join("completions/epi.bash")).unwrap()
    );
}
