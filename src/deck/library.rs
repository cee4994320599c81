//! All decks a command can see: the bundled ones (compiled in) and the home's
//! `decks/*.toml`; a home deck with the same id overrides a bundled one. A bad
//! deck is reported and skipped; it never stops the others from loading.

use std::path::{Path, PathBuf};

use super::diagnostic::{Diagnostic, Severity};
use super::model::{Deck, Origin};
use super::parse::{Parsed, parse_bytes};

include!(concat!(env!("OUT_DIR"), "/bundled.rs"));

/// The decks that loaded and the problems of those that did not (and the
/// warnings of those that did).
#[derive(Debug, Default)]
pub struct Library {
    pub decks: Vec<Deck>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Library {
    /// Bundled decks plus `decks_dir/*.toml`. A missing folder is no error.
    pub fn load(decks_dir: &Path) -> Library {
        let mut lib = Library::default();
        for (name, text) in BUNDLED {
            let p = parse_bytes(text.as_bytes(), Origin::Bundled(name), &format!("(bundled) decks/{name}"));
            lib.add(p, true);
        }
        for path in toml_files(decks_dir).unwrap_or_default() {
            lib.add(read_deck(&path), false);
        }
        lib.decks.sort_by(|a, b| a.id.cmp(&b.id));
        lib
    }

    fn add(&mut self, parsed: Parsed, bundled: bool) {
        // A bundled deck's warnings are the project's business, not the learner's.
        if !bundled {
            self.diagnostics.extend(parsed.diagnostics);
        }
        let Some(deck) = parsed.deck else { return };
        match self.decks.iter().position(|d| d.id == deck.id) {
            Some(i) if matches!(self.decks[i].origin, Origin::Bundled(_)) && !bundled => {
                self.decks[i] = deck;
            }
            Some(i) => self.diagnostics.push(Diagnostic {
                severity: Severity::Error,
                file: deck.origin.to_string(),
                location: None,
                card: None,
                message: format!(
                    "deck id `{}` is already used by `{}`; this file is skipped",
                    deck.id, self.decks[i].origin
                ),
                help: Some("give one of the decks another `id` in its [deck] table".into()),
                related: vec![],
            }),
            None => self.decks.push(deck),
        }
    }

    /// A deck by id.
    pub fn get(&self, id: &str) -> Option<&Deck> {
        self.decks.iter().find(|d| d.id.0 == id)
    }

    /// Errors among the diagnostics (decks that were skipped).
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| d.severity == Severity::Error)
    }
}

/// Reads and parses one deck file; an unreadable file becomes a diagnostic.
pub fn read_deck(path: &Path) -> Parsed {
    let label = path.display().to_string();
    match std::fs::read(path) {
        Ok(bytes) => parse_bytes(&bytes, Origin::File(path.to_path_buf()), &label),
        Err(e) => Parsed {
            deck: None,
            diagnostics: vec![Diagnostic {
                severity: Severity::Error,
                file: label,
                location: None,
                card: None,
                message: format!("could not read the deck: {}", crate::error::io_reason(&e)),
                help: Some("check that the file exists and is readable".into()),
                related: vec![],
            }],
        },
    }
}

/// The `*.toml` files directly in `dir`, sorted by name.
pub fn toml_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "toml"))
        .collect();
    v.sort();
    Ok(v)
}
