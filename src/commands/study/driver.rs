//! The driver of a session: asks the frontend, has the core judge the
//! response, saves the answer to the store before the next card is shown,
//! and shows the feedback. It decides nothing about grades or order.

use std::io::IsTerminal;
use std::time::Instant;

use chrono::{DateTime, Utc};
use rand::SeedableRng;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;

use super::StudyItem;
use super::summary;
use crate::context::Context;
use crate::deck::{Deck, Item, Kind, Prompt};
use crate::error::Result;
use crate::i18n::Lang;
use crate::schedule::{CardState, format_span};
use crate::session::{Answered, Expected, Given, JudgeRules, Judgement, Response, Session, judge};
use crate::store::{Mode, NewReview, Store};
use crate::ui::{self, Action, Feedback, Frontend, Header};

/// A miss (or an "almost") in a quiz, for the report at the end.
pub(super) struct Missed {
    pub(super) item: usize,
    pub(super) given: String,
    pub(super) judgement: Judgement,
}

/// What `u` takes back: the last answer, or a flag just made.
enum Undoable {
    Answer,
    Flag { deck: String, card: String },
}

/// Runs a session: asks, judges, saves, shows feedback, handles the keys.
pub(super) struct Driver<'a> {
    pub(super) ctx: &'a Context,
    pub(super) decks: &'a [Deck],
    pub(super) items: &'a [StudyItem],
    store: &'a mut Store,
    pub(super) mode: Mode,
    limit: Option<u32>,
    feedback: bool,
    rng: StdRng,
    pub(super) exam_total: Option<usize>,
    pub(super) started: Instant,
    /// The terminal's width when the summary should be wrapped to it.
    width: Option<usize>,
    /// Quiz: misses and almost-right answers, for the end.
    pub(super) misses: Vec<Missed>,
    /// Answers and flags of this session, newest last, for undo.
    undoable: Vec<Undoable>,
}

enum Flow {
    Continue,
    Stop,
}

impl<'a> Driver<'a> {
    pub(super) fn new(
        ctx: &'a Context,
        decks: &'a [Deck],
        items: &'a [StudyItem],
        store: &'a mut Store,
        mode: Mode,
        limit: Option<u32>,
        feedback: bool,
    ) -> Self {
        Driver {
            ctx,
            decks,
            items,
            store,
            mode,
            limit,
            feedback,
            // A fixed clock (LEARN_NOW) makes option order reproducible too.
            rng: match ctx.clock.fixed_seed() {
                Some(seed) => StdRng::seed_from_u64(seed),
                None => StdRng::from_rng(&mut rand::rng()),
            },
            exam_total: None,
            started: Instant::now(),
            width: None,
            misses: Vec::new(),
            undoable: Vec::new(),
        }
    }

    /// Quiz mode: `total` questions, options shuffled by `rng` (the seeded draw).
    pub(super) fn exam(&mut self, rng: StdRng, total: usize) {
        self.rng = rng;
        self.exam_total = Some(total);
    }

    pub(super) fn drive(&mut self, mut session: Session) -> Result<u8> {
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
        self.width = fe.width();
        loop {
            ui::set_summary(Some(self.summary(&session)));
            if self.limit.is_some_and(|l| session.summary.answered >= l as usize) {
                break;
            }
            let now = self.ctx.clock.now();
            let Some(i) = session.next(now) else { break };
            match self.ask(fe, &mut session, i)? {
                Flow::Continue => {}
                Flow::Stop => break,
            }
        }
        let text = self.summary(&session);
        ui::set_summary(Some(text.clone()));
        ui::end_session(|| fe.summary(&text));
        Ok(0)
    }

    fn summary(&self, session: &Session) -> String {
        summary::text(self, session, self.width)
    }

    fn header(&self, session: &Session, i: usize, item: &Item) -> Header {
        let it = &self.items[i];
        let l = self.ctx.lang;
        let kind = match (it.kind, &item.prompt) {
            (Kind::Basic, _) => crate::i18n::tr(l, "Flashcard"),
            (Kind::Typed, _) => crate::i18n::tr(l, "Type the answer"),
            (Kind::Cloze, _) => crate::i18n::tr(l, "Fill in the blank"),
            (Kind::Choice, Prompt::Choice { multiple: true, .. }) => crate::i18n::tr(l, "Multiple answers"),
            (Kind::Choice, _) => crate::i18n::tr(l, "Multiple choice"),
            (Kind::TrueFalse, _) => crate::i18n::tr(l, "True or false"),
        };
        // The counts include the card on screen, as Anki's do.
        let mut counts = session.counts();
        if self.mode == Mode::Review {
            counts.review += 1;
        } else if self.exam_total.is_none() {
            use crate::schedule::State;
            match session.state(i).state {
                State::New => counts.new += 1,
                State::Learning | State::Relearning => counts.learning += 1,
                State::Review => counts.review += 1,
            }
        }
        Header {
            deck: self.decks[it.deck].name.clone(),
            counts,
            answered: session.summary.answered,
            kind: kind.to_string(),
            exam: self.exam_total.map(|t| ui::ExamProgress { number: session.summary.answered + 1, total: t }),
            drill: self.mode == Mode::Review,
        }
    }

    /// Asks the frontend for a response to `prompt`. Choice options are
    /// shown shuffled; the picks come back as indices into the deck's order.
    fn respond(&mut self, fe: &mut dyn Frontend, session: &Session, i: usize, prompt: &Prompt) -> Action<Response> {
        match prompt {
            Prompt::Basic { back, .. } => match fe.reveal(back) {
                Action::DontKnow => Action::Answer(Response::DontKnow),
                Action::Answer(()) => {
                    let now = self.ctx.clock.now();
                    let labels = session.preview(i, now).map(|p| p.map(|s| format_span((s.due - now).num_seconds())));
                    match fe.grade(labels) {
                        Action::Answer(g) => Action::Answer(Response::SelfGraded(g)),
                        other => other.without_answer(),
                    }
                }
                other => other.without_answer(),
            },
            Prompt::Typed { .. } => match fe.typed() {
                Action::Answer(text) => Action::Answer(Response::Text(text)),
                Action::DontKnow => Action::Answer(Response::DontKnow),
                other => other.without_answer(),
            },
            Prompt::Choice { options, multiple, .. } => {
                let mut order: Vec<usize> = (0..options.len()).collect();
                order.shuffle(&mut self.rng);
                let shown: Vec<String> = order.iter().map(|&k| options[k].clone()).collect();
                match fe.choose(&shown, *multiple) {
                    Action::Answer(picked) => {
                        Action::Answer(Response::Picks(picked.iter().filter_map(|&p| order.get(p).copied()).collect()))
                    }
                    Action::DontKnow => Action::Answer(Response::DontKnow),
                    other => other.without_answer(),
                }
            }
            Prompt::TrueFalse { .. } => match fe.true_false() {
                Action::Answer(b) => Action::Answer(Response::TrueFalse(b)),
                Action::DontKnow => Action::Answer(Response::DontKnow),
                other => other.without_answer(),
            },
        }
    }

    fn ask(&mut self, fe: &mut dyn Frontend, session: &mut Session, i: usize) -> Result<Flow> {
        let Some(item) = self.items[i].item(self.decks) else {
            // A deck changed under a running session (cannot happen with a
            // validated deck): leave the item for another day.
            session.skip(i, self.ctx.clock.now());
            return Ok(Flow::Continue);
        };
        let header = self.header(session, i, &item);
        let t0 = Instant::now();
        fe.show(&header, question_text(&item.prompt));
        if session.is_light(i) {
            // Start-up read only the queue's part of the state: the rest now
            // (no row any more: the card is new again).
            let deck = self.decks[self.items[i].deck].progress_key();
            let full = self.store.card_state(&self.ctx.learner, deck, session.item_id(i))?;
            session.adopt_state(i, full.unwrap_or_else(|| CardState::new(self.ctx.clock.now())));
        }
        // The store's page check waited for the first card to be on screen.
        self.store.start_page_check();
        let response = match self.respond(fe, session, i, &item.prompt) {
            Action::Answer(r) => r,
            other => return self.act(fe, session, i, other),
        };
        let rules = JudgeRules { strict_marks: self.decks[self.items[i].deck].strict_marks };
        let judgement = judge(&item.prompt, response, rules);
        let now = self.ctx.clock.now();
        let elapsed = i64::try_from(t0.elapsed().as_millis()).unwrap_or(i64::MAX);
        let answered = session.answer(i, &judgement, now);
        let given = given_text(self.ctx.lang, &item.prompt, &judgement.given);
        let id = self.save(session, i, &judgement, &given, (now, elapsed), &answered)?;
        session.saved(id);
        self.undoable.push(Undoable::Answer);
        self.ctx.clock.advance();
        if self.mode == Mode::Quiz && judgement.outcome != crate::session::Outcome::Right {
            self.misses.push(Missed { item: i, given: given.clone(), judgement: judgement.clone() });
        }
        ui::set_summary(Some(self.summary(session)));
        if !self.feedback {
            return Ok(Flow::Continue);
        }
        let mut fb = self.feedback_for(&item.prompt, i, &judgement, answered.leech);
        if self.items[i].kind.auto_graded() && judgement.right {
            fb.adjust = session.regrade_preview(now).map(|p| {
                let span = |s: &crate::schedule::CardState| format_span((s.due - now).num_seconds());
                ui::Adjust { hard: span(&p[1]), easy: span(&p[3]) }
            });
        }
        match fe.feedback(&fb) {
            Action::Answer(Some(g)) => {
                // A wrong answer changed by the learner ("I was right") counts as right.
                let overridden = !judgement.right;
                if let Some((old, idx, o)) = session.regrade(g, now) {
                    ui::with_store_lock(|| self.store.undo(old))?;
                    let regraded = if overridden {
                        Judgement { grade: g, right: true, outcome: crate::session::Outcome::Right, ..judgement }
                    } else {
                        Judgement { grade: g, ..judgement }
                    };
                    let id = self.save(session, idx, &regraded, &given, (now, elapsed), &o)?;
                    session.saved(id);
                    if overridden {
                        self.misses.retain(|m| m.item != idx);
                        fe.note(crate::i18n::tr(self.ctx.lang, "Counted as right (Good)."));
                    } else {
                        let names = ui::grade_names(self.ctx.lang);
                        fe.note(&format!(
                            "{} {}",
                            crate::i18n::tr(self.ctx.lang, "Regraded:"),
                            names[g.number() as usize - 1]
                        ));
                    }
                    ui::set_summary(Some(self.summary(session)));
                }
                Ok(Flow::Continue)
            }
            Action::Answer(None) | Action::Skip | Action::DontKnow => Ok(Flow::Continue),
            Action::Undo => self.undo(fe, session).map(|()| Flow::Continue),
            Action::Flag(note) => self.flag(fe, i, &note).map(|()| Flow::Continue),
            Action::Quit | Action::End => Ok(Flow::Stop),
        }
    }

    /// A key other than an answer at a question: undo, flag, skip, quit.
    fn act(
        &mut self,
        fe: &mut dyn Frontend,
        session: &mut Session,
        i: usize,
        action: Action<Response>,
    ) -> Result<Flow> {
        match action {
            Action::Answer(_) | Action::DontKnow => Ok(Flow::Continue),
            Action::Undo => {
                session.requeue(i);
                self.undo(fe, session)?;
                Ok(Flow::Continue)
            }
            Action::Flag(note) => {
                self.flag(fe, i, &note)?;
                session.requeue(i);
                Ok(Flow::Continue)
            }
            Action::Skip => {
                let now = self.ctx.clock.now();
                // A quiz never writes what `learn run` reads: its skips stay in the quiz.
                if self.mode == Mode::Quiz {
                    session.skip(i, now);
                    fe.note(crate::i18n::tr(self.ctx.lang, "Skipped this question."));
                    return Ok(Flow::Continue);
                }
                let until = session.day_of(i, now).end;
                let (deck, card) = (self.decks[self.items[i].deck].progress_key(), session.item_id(i));
                ui::with_store_lock(|| self.store.skip(&self.ctx.learner, deck, card, until))?;
                session.skip(i, now);
                fe.note(crate::i18n::tr(self.ctx.lang, "Skipped until tomorrow."));
                Ok(Flow::Continue)
            }
            Action::Quit | Action::End => {
                session.requeue(i);
                Ok(Flow::Stop)
            }
        }
    }

    fn feedback_for(&self, prompt: &Prompt, i: usize, j: &Judgement, leech: bool) -> Feedback {
        let l = self.ctx.lang;
        let option = |k: &usize| option_text(prompt, *k);
        Feedback {
            outcome: j.outcome,
            answer: expected_text(l, prompt, &j.expected),
            explanation: self.items[i].explanation(self.decks),
            leech,
            wrong_picks: j.wrong_picks.iter().map(option).collect(),
            missed: j.missed.iter().map(option).collect(),
            adjust: None,
            overridable: j.outcome == crate::session::Outcome::Wrong
                && matches!(prompt, Prompt::Typed { .. })
                && matches!(j.given, crate::session::Given::Text(_)),
        }
    }

    /// Records an answer. The state written is computed from the card's
    /// state as stored at that moment, so an answer given meanwhile in
    /// another session is not lost; the session takes that state over.
    fn save(
        &mut self,
        session: &mut Session,
        i: usize,
        j: &Judgement,
        given: &str,
        (now, ms): (DateTime<Utc>, i64),
        o: &Answered,
    ) -> Result<i64> {
        let it = &self.items[i];
        let r = NewReview {
            learner: &self.ctx.learner,
            deck: self.decks[it.deck].progress_key(),
            card: session.item_id(i),
            time: now,
            mode: self.mode,
            grade: j.grade,
            correct: j.right,
            answer: given,
            duration_ms: ms,
            before: &o.before,
            after: o.after.as_ref(),
            leech: o.leech,
        };
        let grade = j.grade;
        let reschedule = |stored: &crate::schedule::CardState| session.rescheduled_from(i, stored, grade, now);
        let (id, fresh) = ui::with_store_lock(|| self.store.record_fresh(&r, &reschedule))?;
        if let Some(state) = fresh {
            session.adopt_state(i, state);
        }
        Ok(id)
    }

    /// Takes back the last answer, or the flag just made.
    fn undo(&mut self, fe: &mut dyn Frontend, session: &mut Session) -> Result<()> {
        let l = self.ctx.lang;
        match self.undoable.pop() {
            Some(Undoable::Flag { deck, card }) => {
                ui::with_store_lock(|| self.store.unflag(&self.ctx.learner, &deck, &card))?;
                fe.note(crate::i18n::tr(l, "Removed the flag."));
            }
            Some(Undoable::Answer) => {
                if let Some((idx, id)) = session.undo() {
                    ui::with_store_lock(|| self.store.undo(id))?;
                    if self.misses.last().is_some_and(|m| m.item == idx) {
                        self.misses.pop();
                    }
                    fe.note(crate::i18n::tr(l, "Undid the last answer."));
                }
            }
            None => fe.note(crate::i18n::tr(l, "Nothing to undo yet.")),
        }
        Ok(())
    }

    fn flag(&mut self, fe: &mut dyn Frontend, i: usize, note: &str) -> Result<()> {
        let it = &self.items[i];
        let now = self.ctx.clock.now();
        let (deck, card) = (self.decks[it.deck].progress_key().to_string(), it.card_id(self.decks).to_string());
        ui::with_store_lock(|| self.store.flag(&self.ctx.learner, &deck, &card, note, now))?;
        self.undoable.push(Undoable::Flag { deck, card });
        fe.note(crate::i18n::tr(
            self.ctx.lang,
            "Flagged for a fix; `learn flags` lists flagged cards (u takes the flag back).",
        ));
        Ok(())
    }
}

/// The question line of a prompt.
pub(super) fn question_text(p: &Prompt) -> &str {
    match p {
        Prompt::Basic { front, .. } => front,
        Prompt::Typed { question, .. } | Prompt::Choice { question, .. } => question,
        Prompt::TrueFalse { statement, .. } => statement,
    }
}

fn option_text(p: &Prompt, k: usize) -> String {
    match p {
        Prompt::Choice { options, .. } => options.get(k).cloned().unwrap_or_default(),
        _ => String::new(),
    }
}

fn true_false_word(l: Lang, b: bool) -> &'static str {
    if b { crate::i18n::tr(l, "True") } else { crate::i18n::tr(l, "False") }
}

/// The right answer as it is shown.
pub(super) fn expected_text(l: Lang, p: &Prompt, e: &Expected) -> String {
    match e {
        Expected::Text(t) => t.clone(),
        Expected::Options(ks) => ks.iter().map(|&k| option_text(p, k)).collect::<Vec<_>>().join(" | "),
        Expected::TrueFalse(b) => true_false_word(l, *b).to_string(),
    }
}

/// What the learner answered, as it is logged and shown.
fn given_text(l: Lang, p: &Prompt, g: &Given) -> String {
    match g {
        Given::Nothing => String::new(),
        Given::Text(t) => t.clone(),
        Given::Picks(ks) => ks.iter().map(|&k| option_text(p, k)).collect::<Vec<_>>().join(" | "),
        Given::TrueFalse(b) => true_false_word(l, *b).to_string(),
    }
}
