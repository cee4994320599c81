//! The command line: clap derive types, no logic. `app` turns these into a
//! `Context` and dispatches to `commands`. The help is shown in the
//! learner's language (`help`), and usage errors are rendered by `usage`;
//! so that every word can be translated, clap's own additions (defaults,
//! possible values, environment variables) are hidden and each help text
//! says them itself.

mod help;
mod man;
mod usage;

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[cfg(test)]
pub(crate) use help::help_texts;
pub(crate) use help::{command, early_lang, merge_globals, print_help};
pub(crate) use man::render as render_man;
pub(crate) use usage::render_error;

const ABOUT: &str = "Study decks of questions in the terminal, spaced out by FSRS-6 so they stick.";

const AFTER_HELP: &str = "\
Examples:
  learn run                          study what is due in the default deck
  learn run bpo-vs-call-center.en    study the English edition
  learn review                       drill the cards you last got wrong
  learn quiz -n 10                   a ten-question exam; the schedule is untouched
  learn check decks/                 validate deck files
  learn decks                        list decks with new / learning / due counts

Home: --home, else LEARN_HOME, else the current directory when it holds learn.toml,
progress/learn.db or decks/*.toml, else ~/.local/share/learn. `learn paths` shows
what was chosen and why. `learn help formats` describes the deck and import formats.";

/// `learn [--home DIR] [--learner NAME] [--plain] <command>`
#[derive(Debug, Parser)]
#[command(name = "learn", version, about = ABOUT, after_help = AFTER_HELP)]
#[command(max_term_width = 100, disable_help_flag = true, disable_version_flag = true, disable_help_subcommand = true)]
pub(crate) struct Cli {
    /// Home folder holding decks/, progress/ and learn.toml (also LEARN_HOME).
    #[arg(long, global = true, value_name = "DIR", env = "LEARN_HOME", hide_env_values = true, display_order = 100)]
    pub home: Option<PathBuf>,

    /// Whose progress to use (also LEARN_LEARNER; else config `learner`, else the OS user).
    #[arg(
        long,
        global = true,
        value_name = "NAME",
        env = "LEARN_LEARNER",
        hide_env_values = true,
        display_order = 101
    )]
    pub learner: Option<String>,

    /// Where progress is kept: a postgresql:// URL or a file (also LEARN_STORE; else config `store`, else progress/learn.db).
    #[arg(long, global = true, value_name = "URL", env = "LEARN_STORE", hide_env_values = true, display_order = 102)]
    pub store: Option<String>,

    /// Line-by-line prompts on stdin/stdout (automatic when stdin is not a terminal).
    #[arg(long, global = true, display_order = 102)]
    pub plain: bool,

    /// Language of the interface: vi or en (else config `lang`, else the locale).
    #[arg(long, global = true, value_name = "LANG", display_order = 103)]
    pub lang: Option<LangArg>,

    #[command(subcommand)]
    pub command: Command,
}

/// The interface languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum LangArg {
    Vi,
    En,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Study what is due, then new cards.
    #[command(after_help = "\
Examples:
  learn run                              the config's decks (first use: the Vietnamese deck)
  learn run bpo-vs-call-center.en --new 5
  learn run decks/my-deck.toml --limit 30

Keys during a session are shown on screen: undo the last answer, flag the card
for a fix, skip it for today, quit. Every answer is saved before the next card.")]
    Run(RunArgs),

    /// Drill the cards you last got wrong.
    #[command(after_help = "\
Examples:
  learn review                           cards missed in the last 7 days
  learn review --since 30d
  learn review --no-reschedule           practise without touching the schedule

A card missed again comes back until it is answered right once.")]
    Review(ReviewArgs),

    /// A scored exam; the schedule is untouched.
    #[command(after_help = "\
Examples:
  learn quiz                             20 auto-graded questions
  learn quiz -n 10 --seed 7              the same draw and option order every time
  learn quiz --kinds choice,true_false --feedback

Misses count for `learn review`.")]
    Quiz(QuizArgs),

    /// Bring a deck in: TOML, CSV/TSV (spreadsheets, Quizlet, Anki text), Markdown, Anki .apkg.
    #[command(after_help = "\
Examples:
  learn import vocab.csv                 a spreadsheet: question, answer (+ tags, explanation, id)
  learn import set.tsv --name \"Từ vựng\"  a Quizlet export (term TAB definition)
  learn import notes.md --dry-run        show what would change, write nothing
  learn import deck.toml                 install a TOML deck as it is
  learn import shared.apkg --with-progress   an Anki package, with its review history

The deck goes to <home>/decks/<id>.toml (id: --deck-id, else from the file name).
Importing the same file again updates that deck: cards keep their ids and progress.
`learn help formats` describes each format.")]
    Import(ImportArgs),

    /// Draft a deck from an article (plain text, Markdown or a saved web page), offline.
    #[command(after_help = "\
Examples:
  learn generate onboarding.txt              a draft deck in <home>/decks/onboarding.toml
  learn generate chapter.md --review         go through the draft: keep, edit or drop each card
  learn generate page.html -o - | less       the deck on standard output
  learn --lang en generate notes.txt --deck-id week-12 --name \"Week 12\"

The article's language is told from its words (Vietnamese or English); when they
do not tell, --lang given on the command line names it. The same article always
gives the same deck.
Every card names its section and quotes the sentence it rests on: read them
before studying (`learn check --lint` the file). An existing deck is not
overwritten without --force. docs/generate.md tells what each card maker looks for.")]
    Generate(GenerateArgs),

    /// Validate deck files.
    #[command(after_help = "\
Examples:
  learn check                 the home's decks
  learn check decks/ my.toml  folders and files
  learn check --lint          also cards that are valid but test badly

Exit status: 0 when there are no errors (warnings do not fail), 1 otherwise.")]
    Check(CheckArgs),

    /// List decks: cards, what is due today and what today brings.
    #[command(after_help = "\
Examples:
  learn decks                      the decks in this home (and the bundled ones)
  learn --learner lan decks        with lan's new / learning / due counts

CARDS counts the cards in the deck file; the other columns count study items
(a reversed card is two items, a cloze card one per deletion). DUE TODAY and
NEW TODAY are what `learn run` would bring now, the daily limits applied.")]
    Decks(DecksArgs),

    /// Write cards or the review log as CSV or JSON.
    #[command(after_help = "\
Examples:
  learn export cards                     CSV on standard output
  learn export reviews --format json -o reviews.json

The reviews CSV starts with the columns the FSRS optimizer reads:
card_id, review_time (ms), review_rating, review_state, review_duration (ms).")]
    Export(ExportArgs),

    /// Progress: today, cards, due forecast, answers per day, true retention, memory.
    #[command(after_help = "\
Examples:
  learn stats                            every deck, the last 30 days
  learn stats bpo-vs-call-center.vi --days 90
  learn stats --json > stats.json        every figure, for scripts (docs/stats.md)

True retention counts reviews passed (not Again), young (interval under 21
days) and mature, as Anki's statistics do.")]
    Stats(StatsArgs),

    /// Fit the FSRS parameters to your own review history (as Anki's Optimize).
    #[command(after_help = "\
Examples:
  learn optimize                         fit to every deck's history, for you
  learn optimize bpo-vs-call-center.vi   fit to one deck's history, for that deck
  learn optimize --dry-run               fit and compare; save nothing
  learn optimize --reset                 back to learn.toml's parameters or the defaults

The fitted parameters are saved in the progress store, for this learner, only
when they predict your answers better than the ones in force; `learn run` uses
them from the next session on. Needs 400 reviews of cards seen on an earlier day.")]
    Optimize(OptimizeArgs),

    /// Cards flagged during study, with their notes; clear a flag once fixed.
    #[command(after_help = "\
Examples:
  learn flags                                        every flag, with the card's question and the note
  learn flags --clear bpo-vs-call-center.vi/kp-locations   the card was fixed: clear its flag

During a session, f (or :f with a note in a typed answer) flags the card;
u right after takes the flag back.")]
    Flags(FlagsArgs),

    /// The trainer's report: every learner's progress and the cards the group misses.
    #[command(after_help = "\
Examples:
  learn report                           every learner, answers of the last 30 days
  learn report bpo-vs-call-center.vi --since 7d
  learn report --json > report.json      every figure, for scripts
  learn report --html report.html        one page with charts, readable on a phone

On SQLite it covers every learner of the home (--learner names them when they
study); on PostgreSQL, everyone a trainer's login may read.")]
    Report(ReportArgs),

    /// Set up a shared PostgreSQL store: schema, roles, learners and trainers (docs/team.md).
    #[command(after_help = "\
Examples:
  learn admin init-postgres postgresql://admin@db.example/learn
  learn --store postgresql://admin@db.example/learn admin add-learner lan
  learn --store postgresql://admin@db.example/learn admin add-trainer minh

Run these as the database's owner. Each add- command prints the address to put in
the person's learn.toml; a learner sees only their own progress, a trainer reads
everyone's and writes nothing.")]
    Admin(AdminArgs),

    /// Show the home, deck, store and config paths and where each came from.
    #[command(after_help = "\
Examples:
  learn paths                      which home is in use, and why
  LEARN_HOME=/tmp/h learn paths")]
    Paths,

    /// Shell completions: source the output in your shell's startup file.
    #[command(after_help = "\
Examples:
  learn completions bash > ~/.local/share/bash-completion/completions/learn
  learn completions zsh > ~/.zfunc/_learn          (with fpath+=~/.zfunc in .zshrc)
  learn completions fish > ~/.config/fish/completions/learn.fish")]
    Completions(CompletionsArgs),

    /// The manual page, in roff: `learn man > learn.1`, then `man ./learn.1`.
    #[command(after_help = "\
Examples:
  learn man | man -l -                    read it now
  learn man > ~/.local/share/man/man1/learn.1   install it for `man learn`")]
    Man,

    /// Help on a command, or on a topic: `learn help run`, `learn help formats`.
    Help(HelpArgs),
}

#[derive(Debug, Args)]
pub(crate) struct CompletionsArgs {
    /// The shell: bash, zsh, fish, powershell or elvish.
    #[arg(value_name = "SHELL")]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub(crate) struct HelpArgs {
    /// A command (run, review, quiz, ...) or a topic: formats.
    #[arg(value_name = "TOPIC")]
    pub topic: Option<String>,
}

#[derive(Debug, Args)]
pub(crate) struct RunArgs {
    /// Deck ids or deck files (default: the config's `decks`).
    #[arg(value_name = "DECK")]
    pub decks: Vec<String>,
    /// At most this many new cards in this session (within `new_per_day`).
    #[arg(long, value_name = "N")]
    pub new: Option<u32>,
    /// Stop after this many answers.
    #[arg(long, value_name = "N")]
    pub limit: Option<u32>,
}

#[derive(Debug, Args)]
pub(crate) struct ReviewArgs {
    /// Deck ids or deck files (default: every deck).
    #[arg(value_name = "DECK")]
    pub decks: Vec<String>,
    /// Drill the cards whose latest answer was wrong: what `learn review` always does (accepted for scripts).
    #[arg(long)]
    pub missed: bool,
    /// How far back to look, like 7d, 12h or 2w (default: 7d).
    #[arg(long, value_name = "AGE", default_value = "7d")]
    pub since: String,
    /// Practise without changing the schedule.
    #[arg(long)]
    pub no_reschedule: bool,
}

#[derive(Debug, Args)]
pub(crate) struct QuizArgs {
    /// Deck ids or deck files (default: the config's `decks`).
    #[arg(value_name = "DECK")]
    pub decks: Vec<String>,
    /// Number of questions (default: 20).
    #[arg(short = 'n', long = "count", value_name = "N", default_value_t = 20)]
    pub count: usize,
    /// Seed for the draw and the option order (reproducible exams).
    #[arg(long, value_name = "S")]
    pub seed: Option<u64>,
    /// Card kinds to ask, separated by commas: basic, typed, choice, true_false, cloze (default: the auto-graded ones).
    #[arg(long, value_name = "K,...", value_delimiter = ',')]
    pub kinds: Vec<KindArg>,
    /// Show right/wrong after each answer instead of only at the end.
    #[arg(long)]
    pub feedback: bool,
}

/// Card kinds, as named in deck files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum KindArg {
    Basic,
    Typed,
    Choice,
    #[value(name = "true_false")]
    TrueFalse,
    Cloze,
}

#[derive(Debug, Args)]
pub(crate) struct ImportArgs {
    /// Files to import.
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,
    /// Input format: auto, toml, csv, tsv, markdown or anki (default: auto, from the extension and the content).
    #[arg(long, value_name = "F")]
    pub format: Option<String>,
    /// Deck id to write (default: a slug of the file name).
    #[arg(long, value_name = "ID")]
    pub deck_id: Option<String>,
    /// Deck name.
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// Print the plan and write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Overwrite a deck that came from elsewhere (or a bundled deck's id).
    #[arg(long)]
    pub replace: bool,
    /// Anki packages: bring the review history over for the current learner.
    #[arg(long)]
    pub with_progress: bool,
    /// Anki packages: one deck, subdecks as tags, instead of a deck per subdeck.
    #[arg(long)]
    pub merge_subdecks: bool,
    /// Refuse files larger than this many megabytes (default: 50).
    #[arg(long, value_name = "MB", default_value_t = 50.0)]
    pub max_size: f64,
}

#[derive(Debug, Args)]
pub(crate) struct GenerateArgs {
    /// The article: plain text, Markdown or a saved web page (HTML).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Input format: auto, text, markdown or html (default: auto, from the extension and the content).
    #[arg(long, value_name = "F")]
    pub format: Option<String>,
    /// Deck id to write (default: a slug of the file name).
    #[arg(long, value_name = "ID")]
    pub deck_id: Option<String>,
    /// Deck name (default: the article's title).
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// Write the deck to this file, or to standard output with - (default: <home>/decks/<id>.toml).
    #[arg(short = 'o', long = "output", value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// Overwrite an existing deck file.
    #[arg(long)]
    pub force: bool,
    /// Go through the draft card by card (keep, edit in $EDITOR, drop) before it is written.
    #[arg(long)]
    pub review: bool,
    /// Refuse articles larger than this many megabytes (default: 10).
    #[arg(long, value_name = "MB", default_value_t = 10.0)]
    pub max_size: f64,
}

#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    /// Deck files or folders (default: the home's decks and the bundled ones).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Show every warning, not one line per kind of warning.
    #[arg(long)]
    pub verbose: bool,
    /// Also list the linter's suggestions: cards that are valid but test badly.
    #[arg(long)]
    pub lint: bool,
}

#[derive(Debug, Args)]
pub(crate) struct DecksArgs {}

#[derive(Debug, Args)]
pub(crate) struct ReportArgs {
    /// Deck ids or deck files (default: every deck).
    #[arg(value_name = "DECK")]
    pub decks: Vec<String>,
    /// How far back to count answers, like 7d, 12h or 2w (default: 30d).
    #[arg(long, value_name = "AGE", default_value = "30d")]
    pub since: String,
    /// Every figure as JSON.
    #[arg(long, conflicts_with = "html")]
    pub json: bool,
    /// Write the report as one self-contained HTML page to this file.
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub(crate) struct AdminArgs {
    #[command(subcommand)]
    pub action: AdminAction,
}

#[derive(Debug, Subcommand)]
pub(crate) enum AdminAction {
    /// Create or upgrade the schema, the learner and trainer roles and row-level security.
    InitPostgres {
        /// The database, as postgresql://USER@HOST:PORT/DATABASE (an owner's connection).
        #[arg(value_name = "URL")]
        url: String,
    },
    /// Create a learner's login: reads and writes only their own progress.
    AddLearner {
        /// The login and learner name: letters, digits, _ - and . only.
        #[arg(value_name = "NAME")]
        name: String,
    },
    /// Create a trainer's login: reads every learner's progress, writes nothing.
    AddTrainer {
        /// The login name: letters, digits, _ - and . only.
        #[arg(value_name = "NAME")]
        name: String,
    },
}

#[derive(Debug, Args)]
pub(crate) struct FlagsArgs {
    /// Clear the flag on this card (DECK/CARD: a deck id and a card id), for the current learner.
    #[arg(long, value_name = "DECK/CARD")]
    pub clear: Option<String>,
}

#[derive(Debug, Args)]
pub(crate) struct ExportArgs {
    /// What to export: cards (one row per card and learner: state, due, stability, difficulty) or reviews (the review log, one row per answer).
    #[arg(value_name = "WHAT")]
    pub what: ExportWhat,
    /// Output format: csv or json (default: csv).
    #[arg(long, value_name = "F", default_value = "csv")]
    pub format: ExportFormat,
    /// Write to this file instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ExportWhat {
    Cards,
    Reviews,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ExportFormat {
    Csv,
    Json,
}

#[derive(Debug, Args)]
pub(crate) struct StatsArgs {
    /// Deck ids or deck files (default: every deck).
    #[arg(value_name = "DECK")]
    pub decks: Vec<String>,
    /// Days of the answers-per-day chart (default: 30).
    #[arg(long, value_name = "N", default_value_t = 30)]
    pub days: u32,
    /// Every figure as JSON, in the schema of docs/stats.md.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub(crate) struct OptimizeArgs {
    /// Deck ids or deck files: fit to their history, for them (default: every deck, for the learner).
    #[arg(value_name = "DECK")]
    pub decks: Vec<String>,
    /// Fit and compare, but save nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Forget the fitted parameters (of the decks named, else all of the learner's).
    #[arg(long, conflicts_with = "dry_run")]
    pub reset: bool,
}
