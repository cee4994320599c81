//! Scheduling: FSRS-6 through the `fsrs` crate, the card state machine of the
//! reference scheduler, and the study queue. Pure: no clock, disk or
//! terminal; time comes in as an argument.

mod card;
mod foreign;
mod in_force;
mod optimize;
mod order;
mod queue;
mod scheduler;
mod settings;
mod today;

pub use card::{CardState, Grade, State};
pub use foreign::{ForeignAnswer, ForeignHistory, replay};
pub use in_force::{ParameterSource, in_force};
pub use optimize::{
    Evaluation, MIN_TRAINING_ITEMS, MemoryAnswer, OptimizeError, TrainingSet, Workload, day_number, evaluate, fit,
    infer_states, optimal_retention, relearning_steps_in_a_day, retrievability,
};
pub use order::{NewItem, new_order, plain_order, seed_of};
pub use queue::{Counts, Day, Entry, LEARN_AHEAD, Limits, Queue};
pub use scheduler::{ParameterError, Scheduler};
pub use settings::{DEFAULT_PARAMETERS, NewOrder, SettingError, Settings, format_span, parse_span};
pub use today::{DeckCounts, DeckToday, DoneToday, assemble, study_day};
