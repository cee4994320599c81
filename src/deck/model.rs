//! The validated deck: what `parse` produces and everything else reads.

use std::fmt;
use std::path::PathBuf;

use super::cards::Cards;
use super::cloze::{Cloze, ClozeSegment};

/// A deck's stable id (`bpo-vs-call-center.vi`); progress is keyed by it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DeckId(String);

/// A card's stable id within its deck (`kp-locations`, or `kp-1#2` for the
/// second deletion of a cloze, `x#reverse` for the reverse of a basic card).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CardId(String);

impl DeckId {
    /// An id the validator has already accepted (or a test's).
    pub fn new(id: impl Into<String>) -> DeckId {
        DeckId(id.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl CardId {
    /// An id the validator has already accepted (or a test's).
    pub fn new(id: impl Into<String>) -> CardId {
        CardId(id.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl PartialEq<str> for DeckId {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<str> for CardId {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl fmt::Display for DeckId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Display for CardId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Where a deck was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Compiled into the binary from the repository's `decks/`.
    Bundled(&'static str),
    File(PathBuf),
    /// Built in memory (an import, a generated draft), not read from a file.
    Generated,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Bundled(name) => write!(f, "(bundled) decks/{name}"),
            Origin::File(p) => write!(f, "{}", p.display()),
            Origin::Generated => f.write_str("(generated)"),
        }
    }
}

/// A validated deck.
#[derive(Debug, Clone)]
pub struct Deck {
    pub id: DeckId,
    pub name: String,
    pub language: String,
    pub description: Option<String>,
    pub source: Option<String>,
    /// Progress is kept under this key instead of the deck id, so editions
    /// of one deck (the same card ids in two languages) share a schedule.
    pub progress: Option<String>,
    /// Tone and vowel marks must be right in typed answers (a language deck).
    pub strict_marks: bool,
    pub cards: Cards,
    pub origin: Origin,
}

impl PartialEq for Deck {
    fn eq(&self, o: &Deck) -> bool {
        (&self.id, &self.name, &self.language, &self.description, &self.source, &self.progress)
            == (&o.id, &o.name, &o.language, &o.description, &o.source, &o.progress)
            && self.strict_marks == o.strict_marks
            && self.origin == o.origin
            && *self.cards == *o.cards
    }
}

/// The five card kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Basic,
    Typed,
    Choice,
    TrueFalse,
    Cloze,
}

impl Kind {
    pub const ALL: [Kind; 5] = [Kind::Basic, Kind::Typed, Kind::Choice, Kind::TrueFalse, Kind::Cloze];

    /// The name used in deck files.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Basic => "basic",
            Kind::Typed => "typed",
            Kind::Choice => "choice",
            Kind::TrueFalse => "true_false",
            Kind::Cloze => "cloze",
        }
    }

    pub fn from_name(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == s)
    }

    /// Kinds that `learn` grades itself (everything but basic).
    pub fn auto_graded(self) -> bool {
        self != Kind::Basic
    }
}

/// One card as written in the deck file.
#[derive(Debug, Clone, PartialEq)]
pub struct Card {
    pub id: CardId,
    pub content: Content,
    pub explanation: Option<String>,
    pub tags: Vec<String>,
    pub source: Option<String>,
    /// 1-based line of the card's `[[cards]]` header, for messages.
    pub line: usize,
}

/// What a card asks, by kind.
#[derive(Debug, Clone, PartialEq)]
pub enum Content {
    Basic {
        question: String,
        answer: String,
        reverse: bool,
    },
    Typed {
        question: String,
        answer: String,
        accept: Vec<String>,
    },
    /// `answers` are indices into `options`; `multiple` is true when the deck
    /// used `answers = [...]` (the learner picks several).
    Choice {
        question: String,
        options: Vec<String>,
        answers: Vec<usize>,
        multiple: bool,
    },
    TrueFalse {
        statement: String,
        answer: bool,
    },
    Cloze(Cloze),
}

impl Card {
    pub fn kind(&self) -> Kind {
        match self.content {
            Content::Basic { .. } => Kind::Basic,
            Content::Typed { .. } => Kind::Typed,
            Content::Choice { .. } => Kind::Choice,
            Content::TrueFalse { .. } => Kind::TrueFalse,
            Content::Cloze(_) => Kind::Cloze,
        }
    }

    /// The study items this card expands to: one, or one per cloze number,
    /// or two for a reversed basic card. Siblings share the card.
    pub fn items(&self) -> Vec<Item> {
        let item = |id: String, prompt: Prompt| Item { card_id: CardId::new(id), prompt };
        match &self.content {
            Content::Basic { question, answer, reverse } => {
                let mut v =
                    vec![item(self.id.to_string(), Prompt::Basic { front: question.clone(), back: answer.clone() })];
                if *reverse {
                    v.push(item(
                        format!("{}#reverse", self.id.as_str()),
                        Prompt::Basic { front: answer.clone(), back: question.clone() },
                    ));
                }
                v
            }
            Content::Typed { question, answer, accept } => vec![item(
                self.id.to_string(),
                Prompt::Typed { question: question.clone(), answer: answer.clone(), accept: accept.clone() },
            )],
            Content::Choice { question, options, answers, multiple } => vec![item(
                self.id.to_string(),
                Prompt::Choice {
                    question: question.clone(),
                    options: options.clone(),
                    answers: answers.clone(),
                    multiple: *multiple,
                },
            )],
            Content::TrueFalse { statement, answer } => {
                vec![item(self.id.to_string(), Prompt::TrueFalse { statement: statement.clone(), answer: *answer })]
            }
            Content::Cloze(cloze) => cloze
                .numbers()
                .into_iter()
                .map(|n| {
                    item(
                        format!("{}#{n}", self.id.as_str()),
                        Prompt::Typed { question: cloze.prompt(n), answer: cloze.answer(n), accept: cloze.accepted(n) },
                    )
                })
                .collect(),
        }
    }

    /// The ids of the items this card expands to, without building their
    /// prompts (cheap: used to match progress at start-up).
    pub fn item_ids(&self) -> Vec<String> {
        self.outline().item_ids()
    }

    /// The card's question text, for listings.
    pub fn headline(&self) -> String {
        match &self.content {
            Content::Basic { question, .. } | Content::Typed { question, .. } | Content::Choice { question, .. } => {
                question.clone()
            }
            Content::TrueFalse { statement, .. } => statement.clone(),
            Content::Cloze(c) => c
                .segments
                .iter()
                .map(|s| match s {
                    ClozeSegment::Text(t) => t.clone(),
                    ClozeSegment::Deletion { text, .. } => text.clone(),
                })
                .collect(),
        }
    }
}

/// One thing the learner is asked: a card, or one side/deletion of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub card_id: CardId,
    pub prompt: Prompt,
}

/// What to show and how the answer is checked.
#[derive(Debug, Clone, PartialEq)]
pub enum Prompt {
    Basic {
        front: String,
        back: String,
    },
    /// Typed cards and cloze deletions.
    Typed {
        question: String,
        answer: String,
        accept: Vec<String>,
    },
    Choice {
        question: String,
        options: Vec<String>,
        answers: Vec<usize>,
        multiple: bool,
    },
    TrueFalse {
        statement: String,
        answer: bool,
    },
}

impl Deck {
    /// The key the learner's progress in this deck is stored under: the
    /// deck's `progress` when it shares progress with other editions, else
    /// its id.
    pub fn progress_key(&self) -> &str {
        self.progress.as_deref().unwrap_or(self.id.as_str())
    }

    /// All study items of the deck, in deck order.
    pub fn items(&self) -> Vec<(usize, Item)> {
        self.cards.iter().enumerate().flat_map(|(i, c)| c.items().into_iter().map(move |it| (i, it))).collect()
    }

    /// Number of cards by kind, in [`Kind::ALL`] order.
    pub fn kind_counts(&self) -> [usize; 5] {
        let mut counts = [0; 5];
        for kind in (0..self.cards.len()).filter_map(|i| self.cards.kind(i)) {
            counts[kind as usize] += 1;
        }
        counts
    }
}
