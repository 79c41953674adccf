//! `-o` end to end in a temporary directory: what is already at the name is never lost
//! without `--force`, nothing is written through a planted symlink, two runs racing for
//! one name cannot both win, device nodes and pipes are written in place, `--force` keeps
//! a file's permissions, and a failed write leaves nothing behind.

mod common;

use std::os::unix::fs::{FileTypeExt, PermissionsExt};
use std::path::Path;
use std::process::Command;

use common::Workspace;

fn sroi() -> Command {
    Command::new(env!("CARGO_BIN_EXE_sroi"))
}

/// `sroi run` of the small fixture with `-o out` and any `extra` arguments.
fn run_to(out: &Path, extra: &[&str]) -> std::process::Output {
    sroi()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "run",
            "tests/fixtures/simple.toml",
            "-n",
            "200",
            "--format",
            "json",
            "-o",
        ])
        .arg(out)
        .args(extra)
        .output()
        .expect("run sroi")
}

fn is_root() -> bool {
    std::fs::metadata("/proc/self")
        .map(|m| std::os::unix::fs::MetadataExt::uid(&m) == 0)
        .unwrap_or(false)
}

/// The names in a directory, sorted.
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_dangling_symlink_is_not_replaced_without_force() {
    let ws = Workspace::new();
    let link = ws.path().join("r.json");
    std::os::unix::fs::symlink(ws.path().join("victim"), &link).unwrap();
    let out = run_to(&link, &[]);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("already exists"));
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(!ws.path().join("victim").exists());
    assert_eq!(listing(ws.path()), ["r.json"]);
}

#[test]
fn a_symlink_to_a_file_is_not_written_through() {
    let ws = Workspace::new();
    let victim = ws.write("victim.txt", "precious");
    let link = ws.path().join("r.json");
    std::os::unix::fs::symlink(&victim, &link).unwrap();
    assert_eq!(run_to(&link, &[]).status.code(), Some(2));
    // Forced, the link itself is replaced: the file it pointed to is untouched.
    assert!(run_to(&link, &["--force"]).status.success());
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
    assert!(std::fs::symlink_metadata(&link).unwrap().is_file());
    assert!(
        std::fs::read_to_string(&link)
            .unwrap()
            .contains("\"ratio\"")
    );
}

#[test]
fn two_concurrent_writers_cannot_both_win() {
    for round in 0..4 {
        let ws = Workspace::new();
        let out = ws.path().join("r.json");
        let children: Vec<_> = (0..2)
            .map(|_| {
                sroi()
                    .current_dir(env!("CARGO_MANIFEST_DIR"))
                    .args(["run", "tests/fixtures/simple.toml", "-n", "300", "-o"])
                    .arg(&out)
                    .stdout(std::process::Stdio::piped())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        let codes: Vec<Option<i32>> = children
            .into_iter()
            .map(|c| c.wait_with_output().unwrap().status.code())
            .collect();
        let won = codes.iter().filter(|&&c| c == Some(0)).count();
        let refused = codes.iter().filter(|&&c| c == Some(2)).count();
        assert_eq!((won, refused), (1, 1), "round {round}: {codes:?}");
        assert_eq!(listing(ws.path()), ["r.json"], "no temporary file left");
    }
}

#[test]
fn force_keeps_a_private_file_private() {
    let ws = Workspace::new();
    let path = ws.write("r.json", "old");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    let out = run_to(&path, &["--force"]);
    assert!(out.status.success(), "{out:?}");
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    assert!(
        std::fs::read_to_string(&path)
            .unwrap()
            .contains("\"ratio\"")
    );
    assert_eq!(listing(ws.path()), ["r.json"]);
}

#[test]
fn a_fifo_is_written_in_place() {
    let ws = Workspace::new();
    let fifo = ws.path().join("pipe");
    let made = Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("skipped: mkfifo is not available");
        return;
    }
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    let out = run_to(&fifo, &[]);
    assert!(out.status.success(), "{out:?}");
    assert!(reader.join().unwrap().contains("\"ratio\""));
    assert!(
        std::fs::symlink_metadata(&fifo)
            .unwrap()
            .file_type()
            .is_fifo()
    );
    assert_eq!(listing(ws.path()), ["pipe"]);
}

#[test]
fn dev_stdout_and_dev_null_are_written_not_replaced() {
    let out = run_to(Path::new("/dev/stdout"), &[]);
    assert!(out.status.success(), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("\"ratio\""));
    for extra in [&[][..], &["--force"][..]] {
        let out = run_to(Path::new("/dev/null"), extra);
        assert!(out.status.success(), "{out:?}");
        let null = std::fs::symlink_metadata("/dev/null").unwrap();
        assert!(null.file_type().is_char_device());
    }
}

#[test]
fn a_device_node_survives_force() {
    if !is_root() {
        eprintln!("skipped: mknod needs root");
        return;
    }
    let ws = Workspace::new();
    let node = ws.path().join("null");
    let made = Command::new("mknod")
        .arg(&node)
        .args(["c", "1", "3"])
        .status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("skipped: mknod failed");
        return;
    }
    let out = run_to(&node, &["--force"]);
    assert!(out.status.success(), "{out:?}");
    assert!(
        std::fs::symlink_metadata(&node)
            .unwrap()
            .file_type()
            .is_char_device()
    );
    assert_eq!(listing(ws.path()), ["null"]);
}

#[test]
fn a_full_file_system_leaves_nothing_behind() {
    if !is_root() {
        eprintln!("skipped: mounting a small tmpfs needs root");
        return;
    }
    let ws = Workspace::new();
    let mnt = ws.path().join("small");
    std::fs::create_dir(&mnt).unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=64k", "tmpfs"])
        .arg(&mnt)
        .output();
    if !mounted.is_ok_and(|o| o.status.success()) {
        eprintln!("skipped: cannot mount a tmpfs here");
        return;
    }
    struct Unmount<'a>(&'a Path);
    impl Drop for Unmount<'_> {
        fn drop(&mut self) {
            let _ = Command::new("umount").arg(self.0).status();
        }
    }
    let _guard = Unmount(&mnt);
    // Fill it but for a few bytes, and keep an old report to replace.
    let old = mnt.join("r.json");
    std::fs::write(&old, "old").unwrap();
    let mut filler = std::fs::File::create(mnt.join("filler")).unwrap();
    let block = vec![0u8; 4096];
    while std::io::Write::write_all(&mut filler, &block).is_ok() {}
    drop(filler);
    for target in [mnt.join("new.json"), old.clone()] {
        let out = run_to(&target, &["--force"]);
        assert_eq!(out.status.code(), Some(1), "{out:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("cannot write"), "{stderr}");
        assert_eq!(
            listing(&mnt),
            ["filler", "r.json"],
            "no temporary file left"
        );
        assert_eq!(std::fs::read_to_string(&old).unwrap(), "old");
    }
}
