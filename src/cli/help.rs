//! The command line in the learner's language. The derive attributes hold
//! the English text; [`command`] swaps every about, help and example text
//! for its translation, and replaces clap's English-only parts (headings,
//! `[OPTIONS]`, the help flag) with ours. [`help_texts`] lists the texts a
//! translation must cover (the catalogue test checks them all).

use std::ffi::OsString;

use clap::builder::{Str, StyledStr};
use clap::{Arg, ArgAction, CommandFactory};

use super::Cli;
use crate::i18n::{Lang, msg, tr, tr_dyn};

/// The global options, shown in full only in `learn --help`.
const GLOBALS: [&str; 5] = ["home", "learner", "store", "plain", "lang"];

fn translated(lang: Lang, en: &str) -> String {
    tr_dyn(lang, en).map_or_else(|| en.to_string(), str::to_string)
}

/// The command line with its help in `lang`.
pub(crate) fn command(lang: Lang) -> clap::Command {
    let help = Arg::new("help")
        .short('h')
        .long("help")
        .action(ArgAction::Help)
        .help(msg!("Print help"))
        .global(true)
        .display_order(200);
    let version = Arg::new("version")
        .short('V')
        .long("version")
        .action(ArgAction::Version)
        .help(msg!("Print version"))
        .display_order(201);
    let mut cmd = localize(Cli::command().arg(help).arg(version), lang);
    // The global options are listed once, in `learn --help`: each command
    // gets hidden copies (merged back by `merge_globals`) and one line.
    let globals: Vec<Arg> = GLOBALS
        .iter()
        .filter_map(|g| cmd.get_arguments().find(|a| a.get_id() == g))
        .map(|a| a.clone().global(false).hide(true))
        .collect();
    for g in GLOBALS {
        cmd = cmd.mut_arg(g, |a| a.global(false));
    }
    let line =
        tr(lang, "Global options: --home DIR, --learner NAME, --lang vi|en, --plain (`learn --help` tells more).");
    let names: Vec<String> = cmd.get_subcommands().map(|s| s.get_name().to_string()).collect();
    for name in &names {
        cmd = cmd.mut_subcommand(name, |sc| {
            let after = match sc.get_after_help() {
                Some(a) => format!("{a}\n\n{line}"),
                None => line.to_string(),
            };
            sc.args(globals.clone()).after_help(after)
        });
    }
    // clap's usage lines, with `[OPTIONS]` translated, read from a built copy.
    let mut built = cmd.clone();
    built.build();
    let usage = |c: &mut clap::Command| {
        let rendered = c.render_usage().to_string();
        let usage = rendered.split_once(": ").map_or(rendered.as_str(), |(_, u)| u).to_string();
        usage.replace("[OPTIONS]", &format!("[{}]", tr(lang, "OPTIONS")))
    };
    cmd = cmd.override_usage(usage(&mut built));
    for name in &names {
        if let Some(u) = built.find_subcommand_mut(name).map(&usage) {
            cmd = cmd.mut_subcommand(name, |sc| sc.override_usage(u));
        }
    }
    cmd
}

/// The global options given after the command (`learn run --home X`) count
/// as if given before it.
pub(crate) fn merge_globals(cli: &mut Cli, matches: &clap::ArgMatches) -> bool {
    use clap::parser::ValueSource;
    let Some((_, sub)) = matches.subcommand() else {
        return matches.value_source("home") == Some(ValueSource::EnvVariable);
    };
    let given = |m: &clap::ArgMatches, id: &str| m.value_source(id) == Some(ValueSource::CommandLine);
    if given(sub, "home") || cli.home.is_none() {
        cli.home = sub.get_one::<std::path::PathBuf>("home").cloned().or(cli.home.take());
    }
    if given(sub, "learner") || cli.learner.is_none() {
        cli.learner = sub.get_one::<String>("learner").cloned().or(cli.learner.take());
    }
    if given(sub, "store") || cli.store.is_none() {
        cli.store = sub.get_one::<String>("store").cloned().or(cli.store.take());
    }
    if given(sub, "lang") {
        cli.lang = sub.get_one::<super::LangArg>("lang").copied();
    }
    cli.plain |= sub.get_flag("plain");
    // Whether the home came from LEARN_HOME.
    !given(matches, "home") && !given(sub, "home") && cli.home.is_some()
}

/// Every text of one command and its subcommands, translated, under
/// translated headings.
fn localize(mut cmd: clap::Command, lang: Lang) -> clap::Command {
    let tx = |s: &StyledStr| translated(lang, &s.to_string());
    if let Some(a) = cmd.get_about().map(tx) {
        cmd = cmd.about(a);
    }
    if let Some(a) = cmd.get_long_about().map(tx) {
        cmd = cmd.long_about(a);
    }
    if let Some(a) = cmd.get_after_help().map(tx) {
        cmd = cmd.after_help(a);
    }
    let template = format!("{{about-with-newline}}\n{} {{usage}}\n\n{{all-args}}{{after-help}}", tr(lang, "Usage:"));
    cmd = cmd
        .help_template(template)
        .subcommand_help_heading(tr(lang, "Commands"))
        .subcommand_value_name(tr(lang, "COMMAND"));
    let ids: Vec<clap::Id> = cmd.get_arguments().map(|a| a.get_id().clone()).collect();
    for id in ids {
        cmd = cmd.mut_arg(id, |mut a| {
            let heading = if a.is_positional() { msg!("Arguments") } else { msg!("Options") };
            if let Some(h) = a.get_help().map(tx) {
                a = a.help(h);
            }
            if let Some(h) = a.get_long_help().map(tx) {
                a = a.long_help(h);
            }
            if let Some(names) = a.get_value_names() {
                let names: Vec<Str> =
                    names.iter().map(|n| tr_dyn(lang, n.as_str()).map_or_else(|| n.clone(), Str::from)).collect();
                a = a.value_names(names);
            }
            if a.get_action().takes_values() {
                a = a.hide_default_value(true).hide_possible_values(true);
            }
            if a.get_env().is_some() {
                a = a.hide_env(true);
            }
            a.help_heading(tr(lang, heading))
        });
    }
    let subs: Vec<String> = cmd.get_subcommands().map(|s| s.get_name().to_string()).collect();
    for s in subs {
        cmd = cmd.mut_subcommand(s, |sc| localize(sc, lang));
    }
    cmd
}

/// Every text of the command line a translation must cover: abouts,
/// examples, argument help and value names.
#[cfg(test)]
pub(crate) fn help_texts() -> Vec<String> {
    fn walk(cmd: &clap::Command, out: &mut Vec<String>) {
        out.extend(cmd.get_about().map(ToString::to_string));
        out.extend(cmd.get_long_about().map(ToString::to_string));
        out.extend(cmd.get_after_help().map(ToString::to_string));
        for a in cmd.get_arguments() {
            out.extend(a.get_help().map(ToString::to_string));
            out.extend(a.get_long_help().map(ToString::to_string));
            if a.get_action().takes_values() {
                out.extend(a.get_value_names().into_iter().flatten().map(ToString::to_string));
            }
        }
        for s in cmd.get_subcommands() {
            walk(s, out);
        }
    }
    let mut out = Vec::new();
    walk(&Cli::command(), &mut out);
    // Value names that read the same in every language.
    out.retain(|t| !matches!(t.as_str(), "N" | "S" | "MB" | "F" | "ID" | "K,..."));
    out.sort();
    out.dedup();
    out
}

/// `learn help [TOPIC]`: a command's help, or the formats guide.
pub(crate) fn print_help(lang: Lang, topic: Option<&str>) -> Result<(), String> {
    let mut cmd = command(lang);
    match topic {
        None => {
            let _ = cmd.print_help();
        }
        Some("formats") => print!("{}", tr(lang, FORMATS)),
        Some(name) => match cmd.find_subcommand_mut(name) {
            Some(sc) if !sc.is_hide_set() => {
                let _ = sc.print_help();
            }
            _ => return Err(name.to_string()),
        },
    }
    Ok(())
}

/// The formats, short enough for a terminal and without links, so an
/// installed binary explains them by itself.
const FORMATS: &str = msg!(
    "Deck files (TOML), in <home>/decks/<id>.toml:

  [deck]
  id = \"my-deck\"            letters, digits, . - _
  name = \"My deck\"
  language = \"en\"           or vi, ...

  [[cards]]
  id = \"capital\"
  kind = \"typed\"            basic, typed, choice, true_false or cloze
  question = \"Capital of Vietnam?\"
  answer = \"Hà Nội\"
  accept = [\"Ha Noi\"]       other spellings that count as right
  explanation = \"Shown after the answer.\"

  choice:      question, options = [\"a\", \"b\", \"c\"], answer = \"b\" (or answers = [\"a\", \"c\"])
  true_false:  statement = \"...\", answer = true
  cloze:       text = \"Each {{hidden part}} is asked on its own: {{c1::a}} and {{c1::b}} together.\"
  basic:       question, answer; reverse = true studies it both ways

`learn check FILE` shows every problem with its line and column.

Imports (`learn import FILE`):

  .csv / .tsv   a header row names the columns: question, answer, and
                optionally kind, options (separated by |), explanation,
                tags, id. Without a header: question, answer, tags.
                Quizlet exports (term TAB definition) and Anki's
                \"Notes in Plain Text\" export are read as they are.
  .md           cards as lines `Q: ...` and `A: ...`, or `C: a [hidden] word`,
                separated by lines holding only ---; optional TOML front
                matter between +++ lines (id, name, language, description,
                source).
  .apkg/.colpkg an Anki package: one deck per Anki deck (--merge-subdecks
                for one), media copied, --with-progress for the history.
  .toml         a deck file, checked and installed as it is.

Importing the same file again updates the deck; cards keep their progress.

Drafting a deck from an article (`learn generate FILE`): plain text,
Markdown or a saved web page (.txt, .md, .html), in Vietnamese or English.
The draft is a deck file to read and correct before studying it
(`learn check --lint FILE`); `learn help generate` tells more.
"
);

/// The language for help and usage errors, found before the command line
/// is parsed: `--lang`, else the config's `lang`, else the locale.
pub(crate) fn early_lang(args: &[OsString]) -> Lang {
    let value = |name: &str| -> Option<String> {
        let mut it = args.iter().skip(1).map(|a| a.to_string_lossy().into_owned());
        while let Some(a) = it.next() {
            if a == "--" {
                break;
            }
            if a == name {
                return it.next();
            }
            if let Some(v) = a.strip_prefix(name).and_then(|r| r.strip_prefix('=')) {
                return Some(v.to_string());
            }
        }
        None
    };
    if let Some(l) = value("--lang").as_deref().and_then(Lang::from_code) {
        return l;
    }
    let home = value("--home").map(std::path::PathBuf::from);
    let from_env = home.is_none() && std::env::var_os("LEARN_HOME").is_some_and(|h| !h.is_empty());
    let home = home.or_else(|| std::env::var_os("LEARN_HOME").filter(|h| !h.is_empty()).map(Into::into));
    let config_lang = std::env::current_dir()
        .ok()
        .and_then(|cwd| crate::paths::Paths::resolve(home, from_env, &cwd).ok())
        .and_then(|p| crate::config::Config::load(&p.config).ok())
        .and_then(|c| c.lang.as_deref().and_then(Lang::from_code));
    config_lang.unwrap_or_else(crate::context::locale_lang)
}
