//! `learn run`, `learn review --missed` and `learn quiz`: build the items and
//! the plan, then drive a [`Session`] through a [`Frontend`], saving every
//! answer to the store before the next card is shown.

use std::collections::{HashMap, HashSet, VecDeque};
use std::io::IsTerminal;
use std::time::Instant;

use chrono::{DateTime, Utc};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{RngExt, SeedableRng};

use super::{load_library, select_decks};
use crate::cli::{KindArg, QuizArgs, ReviewArgs, RunArgs};
use crate::context::Context;
use crate::deck::{Deck, Item, Kind, Prompt};
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::schedule::{CardState, Day, Entry, Grade, Limits, Queue, Scheduler, State, format_span, parse_span};
use crate::session::{Plan, Session, Verdict, check_choice, check_typed};
use crate::store::{Mode, NewReview, Store};
use crate::ui::{self, Action, Feedback, FeedbackKind, Frontend, Header};

/// The bundled deck `learn run` studies when nothing else is configured.
pub const DEFAULT_DECK: &str = "bpo-vs-call-center.vi";

/// One thing to ask. Light on purpose (a session may hold 100 000 of
/// them): the prompt text is built from the deck only when the item is shown.
struct StudyItem {
    deck: usize,
    /// Index into the deck's cards.
    card: usize,
    /// Which of the card's items (0, or the n-th cloze deletion / reverse).
    nth: usize,
    id: String,
    kind: Kind,
    /// Shared by the items of one card (a global card number).
    sibling: usize,
}

impl StudyItem {
    fn fuzz_key(&self, decks: &[Deck]) -> String {
        format!("{}/{}", decks[self.deck].id, self.id)
    }

    /// The item with its prompt, built now.
    fn item(&self, decks: &[Deck]) -> Item {
        let mut items = decks[self.deck].cards[self.card].items();
        items.swap_remove(self.nth.min(items.len().saturating_sub(1)))
    }

    fn explanation<'d>(&self, decks: &'d [Deck]) -> Option<&'d String> {
        decks[self.deck].cards[self.card].explanation.as_ref()
    }

    fn card_id<'d>(&self, decks: &'d [Deck]) -> &'d str {
        &decks[self.deck].cards[self.card].id.0
    }
}

/// Expands decks into study items, in deck order.
fn items_of(decks: &[Deck]) -> Vec<StudyItem> {
    let mut out = Vec::new();
    let mut sibling = 0;
    for (di, deck) in decks.iter().enumerate() {
        for (ci, card) in deck.cards.iter().enumerate() {
            for (nth, id) in card.item_ids().into_iter().enumerate() {
                out.push(StudyItem { deck: di, card: ci, nth, id, kind: card.kind(), sibling });
            }
            sibling += 1;
        }
    }
    out
}

/// Item index by item id, for one deck.
fn index_of(items: &[StudyItem], deck: usize) -> HashMap<&str, usize> {
    items.iter().enumerate().filter(|(_, it)| it.deck == deck).map(|(i, it)| (it.id.as_str(), i)).collect()
}

fn schedulers(ctx: &Context, decks: &[Deck]) -> Result<Vec<Scheduler>> {
    decks
        .iter()
        .map(|d| {
            Scheduler::new(ctx.config.settings_for(&d.id.0).clone())
                .map_err(|e| Error::Config(format!("scheduler settings for `{}`: {e}", d.id)))
        })
        .collect()
}

fn open_store(ctx: &Context) -> Result<Store> {
    ctx.paths.ensure()?;
    Ok(Store::open(&ctx.paths.store_file())?)
}

/// The decks a session studies: the arguments, else the config's `decks`,
/// else the bundled Vietnamese deck.
fn chosen_decks(ctx: &Context, specs: &[String]) -> Result<Vec<Deck>> {
    let lib = load_library(ctx);
    let specs: Vec<String> = if !specs.is_empty() {
        specs.to_vec()
    } else if !ctx.config.decks.is_empty() {
        ctx.config.decks.clone()
    } else if lib.get(DEFAULT_DECK).is_some() {
        vec![DEFAULT_DECK.to_string()]
    } else {
        lib.decks.iter().map(|d| d.id.0.clone()).collect()
    };
    let decks = select_decks(ctx, lib, &specs)?;
    if decks.is_empty() {
        return Err(Error::Usage(format!(
            "no decks to study; put a deck file in `{}` or name one (`learn decks` lists them)",
            ctx.paths.decks_dir().display()
        )));
    }
    Ok(decks)
}

/// `learn run`.
pub fn run(ctx: &Context, args: &RunArgs) -> Result<u8> {
    // Two independent halves of start-up, one per core: the decks (from the
    // parse cache) and the learner's card states (from the store).
    let (decks, loaded) = std::thread::scope(|scope| {
        let progress = scope.spawn(|| -> Result<_> {
            let store = open_store(ctx)?;
            let states = store.learner_states(&ctx.learner)?;
            Ok((store, states))
        });
        let decks = chosen_decks(ctx, &args.decks);
        let loaded = progress.join().unwrap_or_else(|_| Err(Error::Config("could not read the progress store".into())));
        (decks, loaded)
    });
    let decks = decks?;
    let (mut store, mut saved) = loaded?;
    let scheds = schedulers(ctx, &decks)?;
    let items = items_of(&decks);
    let now = ctx.clock.now();
    let mut states = vec![CardState::new(now); items.len()];
    let mut queue = Queue::default();
    let mut new_budget = args.new.unwrap_or(u32::MAX);
    let mut day = None;
    for (di, deck) in decks.iter().enumerate() {
        let settings = scheds[di].settings();
        let d = Day::containing(now, ctx.clock.local_offset_secs(now), settings.day_start_hour);
        day.get_or_insert(d);
        let index = index_of(&items, di);
        for (card, state) in saved.remove(&deck.id.0).unwrap_or_default() {
            if let Some(&i) = index.get(card.as_str()) {
                states[i] = state;
            }
        }
        let today = store.today(&ctx.learner, &deck.id.0, d.start)?;
        let skipped: HashSet<usize> = today.skipped.iter().filter_map(|c| index.get(c.as_str()).copied()).collect();
        let entries: Vec<Entry> = index
            .values()
            .filter(|i| !skipped.contains(i))
            .map(|&i| Entry { index: i, sibling: items[i].sibling, state: &states[i] })
            .collect();
        let mut entries = entries;
        // Deck order for new cards.
        entries.sort_unstable_by_key(|e| e.index);
        let buried: HashSet<usize> =
            today.answered.iter().filter_map(|c| index.get(c.as_str()).map(|&i| items[i].sibling)).collect();
        let new_left = settings.new_per_day.saturating_sub(today.new_done).min(new_budget);
        let limits = Limits { new: new_left, reviews: settings.reviews_per_day.saturating_sub(today.reviews_done) };
        let q = Queue::build(&entries, d, limits, buried);
        new_budget = new_budget.saturating_sub(q.counts().new as u32);
        queue.extend(q);
    }
    let day = day.unwrap_or_else(|| Day::containing(now, 0, 4));
    let siblings = items.iter().map(|i| i.sibling).collect();
    let threshold = scheds.first().map_or(8, |s| s.settings().leech_threshold);
    let session = Session::new(Plan::Schedule(queue), states, siblings, day, threshold);
    if session.counts().new + session.counts().learning + session.counts().review == 0 {
        let msg = nothing_due(ctx.lang, &session, now, ctx.clock.local_offset_secs(now));
        println!("{msg}");
        return Ok(0);
    }
    let mut driver = Driver::new(ctx, &decks, &items, &scheds, &mut store, Mode::Run, args.limit, true);
    driver.drive(session)
}

fn nothing_due(lang: Lang, session: &Session, now: DateTime<Utc>, offset: i32) -> String {
    let next = session.next_due(now).map(|t| when(lang, t, now, offset));
    match (lang, next) {
        (Lang::Vi, Some(n)) => format!("Hôm nay không còn thẻ nào đến hạn. Thẻ tiếp theo: {n}."),
        (Lang::Vi, None) => "Hôm nay không còn thẻ nào đến hạn.".into(),
        (Lang::En, Some(n)) => format!("Nothing is due now. Next card: {n}."),
        (Lang::En, None) => "Nothing is due now.".into(),
    }
}

/// "in 10m (2026-03-02 09:10)" in the learner's language and local time.
fn when(lang: Lang, t: DateTime<Utc>, now: DateTime<Utc>, offset_secs: i32) -> String {
    let span = format_span((t - now).num_seconds());
    let zone = chrono::FixedOffset::east_opt(offset_secs).unwrap_or_else(|| chrono::Offset::fix(&Utc));
    let at = t.with_timezone(&zone).format("%Y-%m-%d %H:%M");
    match lang {
        Lang::Vi => format!("sau {span} ({at})"),
        Lang::En => format!("in {span} ({at})"),
    }
}

/// `learn review --missed`.
pub fn review(ctx: &Context, args: &ReviewArgs) -> Result<u8> {
    let since = parse_span(&args.since).map_err(|e| Error::Usage(format!("--since: {e}")))?;
    let lib = load_library(ctx);
    let decks = if args.decks.is_empty() { lib.decks } else { select_decks(ctx, lib, &args.decks)? };
    let mut store = open_store(ctx)?;
    let now = ctx.clock.now();
    let missed = store.missed(&ctx.learner, now - chrono::Duration::seconds(since))?;
    let items = items_of(&decks);
    let wanted: HashSet<(String, String)> = missed.into_iter().collect();
    let mut order: Vec<usize> = items
        .iter()
        .enumerate()
        .filter(|(_, it)| wanted.contains(&(decks[it.deck].id.0.clone(), it.id.clone())))
        .map(|(i, _)| i)
        .collect();
    if order.is_empty() {
        println!(
            "{}",
            ctx.lang.pick(
                &format!("Không có thẻ nào trả lời sai trong {}. Tốt lắm!", args.since),
                &format!("Nothing missed in the last {}. Well done!", args.since)
            )
        );
        return Ok(0);
    }
    order.shuffle(&mut rand::rng());
    let scheds = schedulers(ctx, &decks)?;
    let mut states = vec![CardState::new(now); items.len()];
    for (di, deck) in decks.iter().enumerate() {
        let index = index_of(&items, di);
        store.states_with(&ctx.learner, &deck.id.0, |card, state, _| {
            if let Some(&i) = index.get(card) {
                states[i] = state;
            }
        })?;
    }
    let day = Day::containing(now, ctx.clock.local_offset_secs(now), ctx.config.scheduler.day_start_hour);
    let siblings = items.iter().map(|i| i.sibling).collect();
    let plan = Plan::Drill { order: order.into(), reschedule: !args.no_reschedule };
    let session = Session::new(plan, states, siblings, day, ctx.config.scheduler.leech_threshold);
    let mut driver = Driver::new(ctx, &decks, &items, &scheds, &mut store, Mode::Review, None, true);
    driver.drive(session)
}

/// `learn quiz`.
pub fn quiz(ctx: &Context, args: &QuizArgs) -> Result<u8> {
    if args.count == 0 {
        return Err(Error::Usage("-n must be at least 1".into()));
    }
    let decks = chosen_decks(ctx, &args.decks)?;
    let kinds: Vec<Kind> = if args.kinds.is_empty() {
        Kind::ALL.into_iter().filter(|k| k.auto_graded()).collect()
    } else {
        args.kinds
            .iter()
            .map(|k| match k {
                KindArg::Basic => Kind::Basic,
                KindArg::Typed => Kind::Typed,
                KindArg::Choice => Kind::Choice,
                KindArg::TrueFalse => Kind::TrueFalse,
                KindArg::Cloze => Kind::Cloze,
            })
            .collect()
    };
    let items = items_of(&decks);
    let mut pool: Vec<usize> = (0..items.len()).filter(|&i| kinds.contains(&items[i].kind)).collect();
    if pool.is_empty() {
        return Err(Error::Usage("no cards of those kinds in the chosen decks".into()));
    }
    let seed = args.seed.unwrap_or_else(|| rand::rng().random());
    let mut rng = StdRng::seed_from_u64(seed);
    pool.shuffle(&mut rng);
    pool.truncate(args.count);
    let mut store = open_store(ctx)?;
    let scheds = schedulers(ctx, &decks)?;
    let now = ctx.clock.now();
    let states = vec![CardState::new(now); items.len()];
    let day = Day::containing(now, ctx.clock.local_offset_secs(now), ctx.config.scheduler.day_start_hour);
    let siblings = items.iter().map(|i| i.sibling).collect();
    let total = pool.len();
    let session = Session::new(Plan::Exam { order: VecDeque::from(pool) }, states, siblings, day, u32::MAX);
    let mut driver = Driver::new(ctx, &decks, &items, &scheds, &mut store, Mode::Quiz, None, args.feedback);
    driver.rng = rng;
    driver.exam_total = Some(total);
    driver.drive(session)
}

/// Per-deck counts for `learn decks`: new, learning, due today.
pub struct DeckCounts {
    pub new: usize,
    pub learning: usize,
    pub due: usize,
}

/// Counts for each deck, or `None` for all when there is no store yet. The
/// library loads on this thread while the learner's states load on another.
pub fn decks_with_counts(ctx: &Context) -> Result<(Vec<Deck>, Vec<Option<DeckCounts>>)> {
    let (lib, saved) = std::thread::scope(|scope| {
        let progress = scope.spawn(|| -> Result<_> {
            match Store::open_existing(&ctx.paths.store_file())? {
                Some(store) => Ok(Some(store.learner_states(&ctx.learner)?)),
                None => Ok(None),
            }
        });
        let lib = load_library(ctx);
        (lib, progress.join().unwrap_or_else(|_| Err(Error::Config("could not read the progress store".into()))))
    });
    let Some(mut saved) = saved? else {
        let n = lib.decks.len();
        return Ok((lib.decks, (0..n).map(|_| None).collect()));
    };
    let now = ctx.clock.now();
    let mut out = Vec::new();
    for deck in &lib.decks {
        let settings = ctx.config.settings_for(&deck.id.0);
        let day = Day::containing(now, ctx.clock.local_offset_secs(now), settings.day_start_hour);
        let ids: Vec<String> = deck.cards.iter().flat_map(|c| c.item_ids()).collect();
        let known: HashSet<&str> = ids.iter().map(String::as_str).collect();
        let mut c = DeckCounts { new: ids.len(), learning: 0, due: 0 };
        for (card, s) in saved.remove(&deck.id.0).unwrap_or_default() {
            // Progress of cards no longer in the deck (orphans) does not count.
            if !known.contains(card.as_str()) || s.state == State::New {
                continue;
            }
            c.new -= 1;
            match s.state {
                State::Learning | State::Relearning => c.learning += 1,
                State::Review if day.covers(s.due) => c.due += 1,
                _ => {}
            }
        }
        out.push(Some(c));
    }
    Ok((lib.decks, out))
}

/// Runs a session: asks, checks, saves, shows feedback, handles the keys.
struct Driver<'a> {
    ctx: &'a Context,
    decks: &'a [Deck],
    items: &'a [StudyItem],
    scheds: &'a [Scheduler],
    store: &'a mut Store,
    mode: Mode,
    limit: Option<u32>,
    feedback: bool,
    rng: StdRng,
    exam_total: Option<usize>,
    started: Instant,
    /// Quiz: (item, given answer) of each miss, for the end.
    misses: Vec<(usize, String)>,
}

impl<'a> Driver<'a> {
    #[allow(clippy::too_many_arguments)]
    fn new(
        ctx: &'a Context,
        decks: &'a [Deck],
        items: &'a [StudyItem],
        scheds: &'a [Scheduler],
        store: &'a mut Store,
        mode: Mode,
        limit: Option<u32>,
        feedback: bool,
    ) -> Self {
        Driver {
            ctx,
            decks,
            items,
            scheds,
            store,
            mode,
            limit,
            feedback,
            // A fixed clock (LEARN_NOW) makes option order reproducible too.
            rng: match ctx.clock {
                crate::clock::Clock::Fixed(t) => StdRng::seed_from_u64(t.timestamp() as u64),
                crate::clock::Clock::System => StdRng::from_rng(&mut rand::rng()),
            },
            exam_total: None,
            started: Instant::now(),
            misses: Vec::new(),
        }
    }

    fn drive(&mut self, mut session: Session) -> Result<u8> {
        ui::install_handler();
        let stdin = std::io::stdin();
        let interactive = !self.ctx.plain && stdin.is_terminal();
        let mut plain;
        let mut term;
        let fe: &mut dyn Frontend = if interactive {
            term = ui::Terminal::new(self.ctx.lang, self.ctx.color);
            &mut term
        } else {
            plain = ui::Plain::new(stdin.lock(), std::io::stdout(), self.ctx.lang);
            &mut plain
        };
        let mut interrupted = false;
        loop {
            ui::set_summary(Some(self.summary(&session)));
            if self.limit.is_some_and(|l| session.summary.answered as u32 >= l) {
                break;
            }
            let now = self.ctx.clock.now();
            let Some(i) = session.next(now) else { break };
            match self.ask(fe, &mut session, i)? {
                Flow::Continue => {}
                Flow::Stop => break,
                Flow::Interrupted => {
                    interrupted = true;
                    break;
                }
            }
        }
        let text = self.summary(&session);
        ui::set_summary(Some(text.clone()));
        ui::end_session(|| fe.summary(&text));
        if interrupted { Err(Error::Interrupted) } else { Ok(0) }
    }

    fn header(&self, session: &Session, i: usize) -> Header {
        let it = &self.items[i];
        let l = self.ctx.lang;
        let item = it.item(self.decks);
        let kind = match (it.kind, &item.prompt) {
            (Kind::Basic, _) => l.pick("Thẻ ghi nhớ", "Flashcard"),
            (Kind::Typed, _) => l.pick("Gõ đáp án", "Type the answer"),
            (Kind::Cloze, _) => l.pick("Điền vào chỗ trống", "Fill in the blank"),
            (Kind::Choice, Prompt::Choice { multiple: true, .. }) => l.pick("Chọn nhiều đáp án", "Multiple answers"),
            (Kind::Choice, _) => l.pick("Trắc nghiệm", "Multiple choice"),
            (Kind::TrueFalse, _) => l.pick("Đúng / Sai", "True or false"),
        };
        // The counts include the card on screen, as Anki's do.
        let mut counts = session.counts();
        match (self.exam_total, session.state(i).state) {
            (Some(_), _) => {}
            (None, State::New) => counts.new += 1,
            (None, State::Learning | State::Relearning) => counts.learning += 1,
            (None, State::Review) => counts.review += 1,
        }
        Header {
            deck: self.decks[it.deck].name.clone(),
            counts,
            answered: session.summary.answered,
            kind: kind.to_string(),
            can_undo: session.can_undo(),
            exam: self.exam_total.map(|t| (session.summary.answered + 1, t)),
        }
    }

    fn ask(&mut self, fe: &mut dyn Frontend, session: &mut Session, i: usize) -> Result<Flow> {
        let it = &self.items[i];
        let sched = &self.scheds[it.deck];
        let key = it.fuzz_key(self.decks);
        let header = self.header(session, i);
        let t0 = Instant::now();
        let item = it.item(self.decks);
        fe.show(&header, &question_text(&item.prompt));
        // (grade, right, given answer text, verdict for feedback, right answer text)
        let answered: Action<(Grade, bool, String, FeedbackKind, String)> = match &item.prompt {
            Prompt::Basic { back, .. } => match fe.reveal(back) {
                Action::Answer(()) => {
                    let now = self.ctx.clock.now();
                    let labels = session
                        .preview(i, sched, now, &key)
                        .map(|p| p.map(|s| format_span((s.due - now).num_seconds())));
                    match fe.grade(labels) {
                        Action::Answer(g) => {
                            Action::Answer((g, g.is_pass(), String::new(), FeedbackKind::Graded(g), back.clone()))
                        }
                        other => other.without_answer(),
                    }
                }
                other => other.without_answer(),
            },
            Prompt::Typed { answer, accept, .. } => match fe.typed() {
                Action::Answer(given) => {
                    let v = check_typed(&given, answer, accept);
                    let (kind, shown) = match &v {
                        Verdict::Right => (FeedbackKind::Right, answer.clone()),
                        Verdict::Almost { expected, .. } => (FeedbackKind::Almost, expected.clone()),
                        Verdict::Wrong => (FeedbackKind::Wrong, answer.clone()),
                    };
                    Action::Answer((v.grade(), v.is_right(), given, kind, shown))
                }
                other => other.without_answer(),
            },
            Prompt::Choice { options, answers, multiple, .. } => {
                let mut order: Vec<usize> = (0..options.len()).collect();
                order.shuffle(&mut self.rng);
                let shown: Vec<String> = order.iter().map(|&k| options[k].clone()).collect();
                match fe.choose(&shown, *multiple) {
                    Action::Answer(picked) => {
                        let picked: Vec<usize> = picked.iter().filter_map(|&p| order.get(p).copied()).collect();
                        let right = check_choice(&picked, answers);
                        let given = picked.iter().map(|&k| options[k].as_str()).collect::<Vec<_>>().join(" | ");
                        let correct = answers.iter().map(|&k| options[k].as_str()).collect::<Vec<_>>().join(" | ");
                        let kind = if right { FeedbackKind::Right } else { FeedbackKind::Wrong };
                        Action::Answer((if right { Grade::Good } else { Grade::Again }, right, given, kind, correct))
                    }
                    other => other.without_answer(),
                }
            }
            Prompt::TrueFalse { answer, .. } => match fe.true_false() {
                Action::Answer(b) => {
                    let right = b == *answer;
                    let l = self.ctx.lang;
                    let word = |v: bool| if v { l.pick("Đúng", "True") } else { l.pick("Sai", "False") }.to_string();
                    let kind = if right { FeedbackKind::Right } else { FeedbackKind::Wrong };
                    Action::Answer((
                        if right { Grade::Good } else { Grade::Again },
                        right,
                        word(b),
                        kind,
                        word(*answer),
                    ))
                }
                other => other.without_answer(),
            },
        };
        let (grade, right, given, kind, shown) = match answered {
            Action::Answer(a) => a,
            Action::Undo => {
                session.requeue(i);
                self.undo(fe, session)?;
                return Ok(Flow::Continue);
            }
            Action::Flag => {
                self.flag(fe, i)?;
                session.requeue(i);
                return Ok(Flow::Continue);
            }
            Action::Skip => {
                let now = self.ctx.clock.now();
                let until =
                    Day::containing(now, self.ctx.clock.local_offset_secs(now), sched.settings().day_start_hour).end;
                if self.mode == Mode::Run {
                    let (deck, card) = (&self.decks[it.deck].id.0, &it.id);
                    ui::with_store_lock(|| self.store.skip(&self.ctx.learner, deck, card, until))?;
                }
                session.skip(i);
                fe.note(self.ctx.lang.pick("Đã bỏ qua thẻ này đến ngày mai.", "Skipped until tomorrow."));
                return Ok(Flow::Continue);
            }
            Action::Quit | Action::End => {
                session.requeue(i);
                return Ok(Flow::Stop);
            }
            Action::Interrupt => return Ok(Flow::Interrupted),
        };
        let now = self.ctx.clock.now();
        let elapsed = t0.elapsed().as_millis() as i64;
        let outcome = session.answer(i, grade, right, now, sched, &key);
        let id = self.save(i, grade, right, &given, now, elapsed, &outcome)?;
        session.saved(id);
        if !right && self.mode == Mode::Quiz {
            self.misses.push((i, given.clone()));
        }
        ui::set_summary(Some(self.summary(session)));
        if self.feedback {
            let fb = Feedback {
                outcome: kind,
                answer: shown,
                explanation: it.explanation(self.decks).cloned(),
                leech: outcome.leech,
            };
            let can_adjust = it.kind.auto_graded() && kind == FeedbackKind::Right && session.reschedules();
            match fe.feedback(&fb, can_adjust) {
                Action::Answer(Some(g)) => {
                    if let Some((old, idx, o)) = session.regrade(g, now, sched, &key) {
                        ui::with_store_lock(|| self.store.undo(old))?;
                        let id = self.save(idx, g, true, &given, now, elapsed, &o)?;
                        session.saved(id);
                        let names = ui::grade_names(self.ctx.lang);
                        fe.note(&format!(
                            "{} {}",
                            self.ctx.lang.pick("Đã chấm lại:", "Regraded:"),
                            names[g.number() as usize - 1]
                        ));
                    }
                }
                Action::Answer(None) => {}
                Action::Undo => self.undo(fe, session)?,
                Action::Flag => self.flag(fe, i)?,
                Action::Skip => {}
                Action::Quit | Action::End => return Ok(Flow::Stop),
                Action::Interrupt => return Ok(Flow::Interrupted),
            }
        }
        Ok(Flow::Continue)
    }

    #[allow(clippy::too_many_arguments)]
    fn save(
        &mut self,
        i: usize,
        grade: Grade,
        right: bool,
        given: &str,
        now: DateTime<Utc>,
        ms: i64,
        o: &crate::session::Outcome,
    ) -> Result<i64> {
        let it = &self.items[i];
        let r = NewReview {
            learner: &self.ctx.learner,
            deck: &self.decks[it.deck].id.0,
            card: &it.id,
            time: now,
            mode: self.mode,
            grade,
            correct: right,
            answer: given,
            duration_ms: ms,
            before: &o.before,
            after: o.after.as_ref(),
            leech: o.leech,
        };
        Ok(ui::with_store_lock(|| self.store.record(&r))?)
    }

    fn undo(&mut self, fe: &mut dyn Frontend, session: &mut Session) -> Result<()> {
        match session.undo() {
            Some((idx, id)) => {
                ui::with_store_lock(|| self.store.undo(id))?;
                if self.misses.last().is_some_and(|(m, _)| *m == idx) {
                    self.misses.pop();
                }
                fe.note(self.ctx.lang.pick("Đã hoàn tác câu trả lời trước.", "Undid the last answer."));
            }
            None => fe.note(self.ctx.lang.pick("Chưa có câu trả lời nào để hoàn tác.", "Nothing to undo yet.")),
        }
        Ok(())
    }

    fn flag(&mut self, fe: &mut dyn Frontend, i: usize) -> Result<()> {
        let it = &self.items[i];
        let now = self.ctx.clock.now();
        let card = it.card_id(self.decks).to_string();
        self.store.flag(&self.ctx.learner, &self.decks[it.deck].id.0, &card, now)?;
        fe.note(self.ctx.lang.pick(
            "Đã đánh dấu thẻ cần sửa; `learn check` sẽ liệt kê nó.",
            "Flagged for a fix; `learn check` lists it.",
        ));
        Ok(())
    }

    fn summary(&self, session: &Session) -> String {
        let l = self.ctx.lang;
        let s = &session.summary;
        let secs = self.started.elapsed().as_secs();
        let time = if secs >= 60 { format!("{}m {}s", secs / 60, secs % 60) } else { format!("{secs}s") };
        let pct = (s.right * 100).checked_div(s.answered).unwrap_or(0);
        let mut lines = Vec::new();
        if self.mode == Mode::Quiz {
            let total = self.exam_total.unwrap_or(s.answered);
            lines.push(match l {
                Lang::Vi => format!(
                    "Kết quả: {}/{} đúng ({pct}%) · đã trả lời {}/{total} · {time}",
                    s.right, s.answered, s.answered
                ),
                Lang::En => format!(
                    "Score: {}/{} right ({pct}%) · answered {}/{total} · {time}",
                    s.right, s.answered, s.answered
                ),
            });
            for (i, given) in &self.misses {
                let it = &self.items[*i];
                let item = it.item(self.decks);
                let right = right_answer(&item.prompt, l);
                let q = crate::text::neutralize(&question_text(&item.prompt));
                lines.push(format!("  ✗ {q}"));
                lines.push(format!(
                    "    {} {}",
                    l.pick("Bạn trả lời:", "You answered:"),
                    crate::text::neutralize(given)
                ));
                lines.push(format!("    {} {}", l.pick("Đáp án:", "Answer:"), crate::text::neutralize(&right)));
                if let Some(e) = it.explanation(self.decks) {
                    lines.push(format!("    {} {}", l.pick("Giải thích:", "Why:"), crate::text::neutralize(e)));
                }
            }
        } else {
            lines.push(match l {
                Lang::Vi => format!("Kết thúc: {} thẻ · {} đúng ({pct}%) · {time}", s.answered, s.right),
                Lang::En => format!("Done: {} cards · {} right ({pct}%) · {time}", s.answered, s.right),
            });
            let now = self.ctx.clock.now();
            if let Some(t) = session.next_due(now) {
                let offset = self.ctx.clock.local_offset_secs(now);
                lines.push(format!(
                    "{} {}",
                    l.pick("Thẻ tiếp theo đến hạn:", "Next cards due:"),
                    when(l, t, now, offset)
                ));
            }
        }
        if !s.missed.is_empty() {
            lines.push(match l {
                Lang::Vi => format!("Trả lời sai {} thẻ; ôn lại bằng `learn review --missed`.", s.missed.len()),
                Lang::En => format!("Missed {}; drill them with `learn review --missed`.", s.missed.len()),
            });
        }
        lines.join("\n")
    }
}

enum Flow {
    Continue,
    Stop,
    Interrupted,
}

fn question_text(p: &Prompt) -> String {
    match p {
        Prompt::Basic { front, .. } => front.clone(),
        Prompt::Typed { question, .. } | Prompt::Choice { question, .. } => question.clone(),
        Prompt::TrueFalse { statement, .. } => statement.clone(),
    }
}

fn right_answer(p: &Prompt, l: Lang) -> String {
    match p {
        Prompt::Basic { back, .. } => back.clone(),
        Prompt::Typed { answer, .. } => answer.clone(),
        Prompt::Choice { options, answers, .. } => {
            answers.iter().map(|&k| options[k].as_str()).collect::<Vec<_>>().join(" | ")
        }
        Prompt::TrueFalse { answer, .. } => {
            if *answer { l.pick("Đúng", "True") } else { l.pick("Sai", "False") }.to_string()
        }
    }
}
