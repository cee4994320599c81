//! Parse the arguments, resolve the context, dispatch to a command, render
//! any error, and return the exit code.

use std::ffi::OsString;
use std::process::ExitCode;

use clap::parser::ValueSource;
use clap::{CommandFactory, FromArgMatches};

use crate::cli::{Cli, Command, LangArg};
use crate::commands;
use crate::context::{Context, Overrides};
use crate::error::{Error, Result};
use crate::i18n::Lang;

/// Runs `learn` with these arguments (the first is the program name).
pub fn run<I: IntoIterator<Item = OsString>>(args: I) -> ExitCode {
    let matches = match Cli::command().try_get_matches_from(args) {
        Ok(m) => m,
        Err(e) => {
            // Help and version go to stdout with status 0; usage errors to stderr with 2.
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(2);
        }
    };
    let home_from_env = matches.value_source("home") == Some(ValueSource::EnvVariable);
    match dispatch(cli, home_from_env) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            if !matches!(e, Error::Reported { .. }) {
                eprintln!("error: {e}");
            }
            ExitCode::from(e.exit_code())
        }
    }
}

fn dispatch(cli: Cli, home_from_env: bool) -> Result<u8> {
    let ctx = Context::resolve(Overrides {
        home: cli.home,
        home_from_env,
        learner: cli.learner,
        lang: cli.lang.map(|l| match l {
            LangArg::Vi => Lang::Vi,
            LangArg::En => Lang::En,
        }),
        plain: cli.plain,
    })?;
    if let Some(problems) = &ctx.config_problems
        && !matches!(cli.command, Command::Paths)
    {
        // Every command but `learn paths` (which says where the config is) stops here.
        for d in &problems.0 {
            eprint!("{}", d.render());
        }
        eprintln!(
            "error: fix `{}` and try again; `learn paths` shows which config is read",
            ctx.paths.config.display()
        );
        return Err(Error::Reported { count: problems.0.len() });
    }
    match cli.command {
        Command::Check(a) => commands::check::run(&ctx, &a),
        Command::Decks(_) => commands::decks::run(&ctx),
        Command::Paths => commands::paths::run(&ctx),
        Command::Flags(a) => commands::flags::run(&ctx, &a),
        Command::Run(a) => commands::study::run(&ctx, &a),
        Command::Review(a) => commands::study::review(&ctx, &a),
        Command::Quiz(a) => commands::study::quiz(&ctx, &a),
        Command::Export(a) => commands::export::run(&ctx, &a),
        Command::Import(a) => commands::import::run(&ctx, &a),
        Command::Stats(_) => Err(Error::Unavailable(
            "`learn stats` is not available in this version; `learn decks` shows new, learning and due counts".into(),
        )),
    }
}
