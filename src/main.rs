//! The `epi` binary: everything lives in the library so that tests can reach the clap definitions.

/// mimalloc instead of the system allocator: decoding CloudTrail events allocates a few small
/// strings per event on several threads at once, where glibc's allocator spent 40% of `epi
/// usage`'s time (benches/usage_files.rs).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    epi::main()
}
