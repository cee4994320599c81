//! `learn admin`: setting up a PostgreSQL store for a team (docs/team.md).

use crate::cli::{AdminAction, AdminArgs};
use crate::context::Context;
use crate::error::{Error, Result};
use crate::i18n::t;
use crate::store::{Location, admin};

pub(crate) fn run(ctx: &Context, args: &AdminArgs) -> Result<u8> {
    let l = ctx.lang;
    match &args.action {
        AdminAction::InitPostgres { url } => {
            if !Location::is_postgres(url) {
                return Err(Error::Usage(t!(
                    l,
                    "`{url}` is not a PostgreSQL address: write it as postgresql://USER@HOST:PORT/DATABASE",
                    url = url
                )));
            }
            let done = admin::init(url)?;
            let shown = admin::shown(url);
            if done.from == done.to {
                println!("{}", t!(l, "{url}: the schema is up to date (version {v}).", url = shown, v = done.to));
            } else {
                println!(
                    "{}",
                    t!(
                        l,
                        "{url}: schema version {v} created, with the roles learn_learner and learn_trainer and row-level security.",
                        url = shown,
                        v = done.to
                    )
                );
            }
            println!(
                "{}",
                t!(
                    l,
                    "Next: learn --store {url} admin add-learner NAME (one per learner), add-trainer NAME.",
                    url = shown
                )
            );
            Ok(0)
        }
        AdminAction::AddLearner { name } => add(ctx, name, admin::Kind::Learner),
        AdminAction::AddTrainer { name } => add(ctx, name, admin::Kind::Trainer),
    }
}

fn add(ctx: &Context, name: &str, kind: admin::Kind) -> Result<u8> {
    let l = ctx.lang;
    let Location::Postgres(url) = &ctx.store else {
        return Err(Error::Usage(t!(
            l,
            "learn admin works on a PostgreSQL store: give its address with --store URL (or LEARN_STORE, or `store` in learn.toml)"
        )));
    };
    if !admin::valid_name(name) {
        return Err(Error::Usage(t!(
            l,
            "`{name}` cannot be a login name: use letters, digits, _ - and . (at most 63, not starting with pg_)",
            name = name
        )));
    }
    let c = admin::add_role(url, name, kind)?;
    match kind {
        admin::Kind::Learner => {
            println!("{}", t!(l, "Learner {name} created. Hand them this line for their learn.toml:", name = c.name))
        }
        admin::Kind::Trainer => println!(
            "{}",
            t!(
                l,
                "Trainer {name} created (reads every learner's progress, writes nothing). Hand them this line for their learn.toml:",
                name = c.name
            )
        ),
    }
    println!();
    println!("store = \"{}\"", c.url);
    println!();
    println!(
        "{}",
        t!(
            l,
            "The password is shown only now; keep the line private. To change it later: ALTER ROLE \"{name}\" PASSWORD '...';",
            name = c.name
        )
    );
    Ok(0)
}
