//! `nexuscone-verify PATH`: the name the Python library installs, same behaviour
//! as `nexuscone verify PATH`; with an anchor mode (`--check-anchors`, `--check-tst`,
//! `--print-anchor N`, `--upgrade-pending`), as `nexuscone anchors PATH ...`.

/// The flags that select `nexuscone anchors`.
const ANCHOR_MODES: [&str; 4] = [
    "--check-anchors",
    "--check-tst",
    "--print-anchor",
    "--upgrade-pending",
];

fn main() -> std::process::ExitCode {
    let mut args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let anchor_mode = args.iter().any(|a| {
        let a = a.to_string_lossy();
        ANCHOR_MODES
            .iter()
            .any(|m| a == *m || a.starts_with(&format!("{m}=")))
    });
    args.insert(1, if anchor_mode { "anchors" } else { "verify" }.into());
    let exe = std::env::current_exe()
        .ok()
        .and_then(|p| p.parent().map(|d| d.join("nexuscone")));
    match exe.map(|exe| std::process::Command::new(exe).args(&args[1..]).status()) {
        Some(Ok(status)) => std::process::ExitCode::from(status.code().unwrap_or(2) as u8),
        _ => {
            eprintln!("error: cannot run the nexuscone binary next to nexuscone-verify");
            std::process::ExitCode::from(2)
        }
    }
}
