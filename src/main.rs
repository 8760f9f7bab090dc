use std::process::ExitCode;

fn main() -> ExitCode {
    // A shell asking for completions (`COMPLETE=bash`) is answered, and nothing else is done.
    itc::cmd::completions::answer_shell();
    ExitCode::from(itc::main_with_args(std::env::args_os()))
}
