//! The `learn` binary: everything lives in the library; this only hands over
//! the arguments and returns the exit code.

use std::process::ExitCode;

fn main() -> ExitCode {
    learn::run(std::env::args_os())
}
