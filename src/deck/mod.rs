//! Decks: the model, TOML parsing with spans, validation with located
//! diagnostics, and the library of bundled and home decks. Knows nothing of
//! progress, scheduling or terminals.

mod cache;
mod cards;
mod cloze;
mod content;
mod diagnostic;
mod library;
mod model;
mod parse;
mod write;

pub use cache::content_hash;
pub use cards::{Cards, ItemTail, Outline};
pub use cloze::{Cloze, ClozeError, ClozeErrorKind, ClozeSegment};
pub use content::{ContentProblem, check_content, kind_alias};
pub use diagnostic::{Diagnostic, Location, Severity, SourceMap};
pub use library::{BUNDLED, Library, read_deck, read_deck_cached, toml_files, unreadable_folder};
pub use model::{Card, CardId, Content, Deck, DeckId, Item, Kind, Origin, Prompt};
pub(crate) use parse::check_id;
pub use parse::{Parsed, parse_bytes, parse_str, suggest};
pub use write::{quote, write};
