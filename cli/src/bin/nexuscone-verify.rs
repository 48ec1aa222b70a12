//! `nexuscone-verify PATH`: the name the Python library installs, same behaviour
//! as `nexuscone verify PATH`.

fn main() -> std::process::ExitCode {
    let mut args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    args.insert(1, "verify".into());
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
