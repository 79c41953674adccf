//! `sroi`: parse the command line, run the command, report any error with its exit code.

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use sroi::cli::{Cli, execute};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match execute(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // A closed standard error (`sroi … 2>&-`, a reader that quit) is not worth a
            // panic: the exit code still says what happened. Messages quote names from the
            // model: none may drive the terminal.
            let _ = writeln!(
                std::io::stderr(),
                "{}",
                sroi::report::text::printable(&e.to_string())
            );
            ExitCode::from(e.exit_code() as u8)
        }
    }
}
