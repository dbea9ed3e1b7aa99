//! The `epi` binary: everything lives in the library so that tests can reach the clap definitions.

fn main() -> std::process::ExitCode {
    epi::main()
}
