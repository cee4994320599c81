//! Parse the arguments, resolve the context, dispatch to a command, render
//! any error, and return the exit code.

use std::ffi::OsString;
use std::process::ExitCode;

use clap::FromArgMatches;

use crate::cli::{Cli, Command, LangArg};
use crate::commands;
use crate::context::{Context, Overrides};
use crate::error::{Error, Result};
use crate::i18n::{Lang, msg, t, tr};

/// Runs `learn` with these arguments (the first is the program name).
pub fn run<I: IntoIterator<Item = OsString>>(args: I) -> ExitCode {
    crate::ui::quiet_broken_pipe();
    let args: Vec<OsString> = args.into_iter().collect();
    // The language is needed before the arguments are understood: for the
    // help and for usage errors.
    let early = crate::cli::early_lang(&args);
    let parsed =
        crate::cli::command(early).try_get_matches_from(&args).and_then(|m| Cli::from_arg_matches(&m).map(|c| (m, c)));
    let (matches, mut cli) = match parsed {
        Ok(p) => p,
        Err(e) => {
            // Help and version go to stdout with status 0; usage errors to stderr with 2.
            let (text, usage_error) = crate::cli::render_error(&e, &args, early);
            if usage_error {
                eprint!("{text}");
                return ExitCode::from(2);
            }
            print!("{text}");
            if !text.ends_with('\n') {
                println!();
            }
            return ExitCode::SUCCESS;
        }
    };
    let home_from_env = crate::cli::merge_globals(&mut cli, &matches);
    let lang = cli.lang.map_or(early, lang_of);
    match dispatch(cli, home_from_env, lang) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            if !matches!(e, Error::Reported { .. }) {
                eprintln!("{} {}", tr(lang, "error:"), e.show(lang));
            }
            ExitCode::from(e.exit_code())
        }
    }
}

fn lang_of(l: LangArg) -> Lang {
    match l {
        LangArg::Vi => Lang::Vi,
        LangArg::En => Lang::En,
    }
}

fn dispatch(cli: Cli, home_from_env: bool, lang: Lang) -> Result<u8> {
    // Commands about the command line itself need no home.
    match &cli.command {
        Command::Help(a) => {
            return crate::cli::print_help(lang, a.topic.as_deref()).map(|()| 0).map_err(|topic| {
                Error::Usage(t!(
                    lang,
                    "no command or topic `{topic}`; `learn help` lists the commands, `learn help formats` the formats",
                    topic = crate::text::neutralize(&topic)
                ))
            });
        }
        Command::Completions(a) => {
            let mut cmd = crate::cli::command(lang);
            clap_complete::generate(a.shell, &mut cmd, "learn", &mut std::io::stdout());
            return Ok(0);
        }
        Command::Man => {
            let mut out = Vec::new();
            crate::cli::render_man(lang, &mut out)
                .map_err(|e| Error::io(msg!("write to"), std::path::Path::new("standard output"), e))?;
            crate::fsutil::write_stdout(&out)?;
            return Ok(0);
        }
        _ => {}
    }
    // `--lang` given on the command line also names an article's language.
    let article_lang = cli.lang.map(lang_of);
    let ctx = Context::resolve(Overrides {
        home: cli.home,
        home_from_env,
        learner: cli.learner,
        store: cli.store,
        lang: Some(lang).filter(|_| cli.lang.is_some()),
        plain: cli.plain,
    })?;
    if let Some(problems) = &ctx.config_problems
        && !matches!(cli.command, Command::Paths)
    {
        // Every command but `learn paths` (which says where the config is) stops here.
        eprint!("{}", problems.render(ctx.lang));
        eprintln!(
            "{}",
            t!(
                ctx.lang,
                "error: fix `{path}` and try again; `learn paths` shows which config is read",
                path = ctx.paths.config.display()
            )
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
        Command::Generate(a) => commands::generate::run(&ctx, &a, article_lang),
        Command::Stats(a) => commands::stats::run(&ctx, &a),
        Command::Optimize(a) => commands::optimize::run(&ctx, &a),
        Command::Report(a) => commands::report::run(&ctx, &a),
        Command::Admin(a) => commands::admin::run(&ctx, &a),
        Command::Help(_) | Command::Completions(_) | Command::Man => Ok(0),
    }
}
