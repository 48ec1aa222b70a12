# Sourced by scripts/run and scripts/test: installs what the project needs, idempotently.
# Every step checks first and is quick when the tool is already there.
set -euo pipefail

say() { printf '\n==> %s\n' "$*"; }

need_rust() {
  if ! command -v cargo >/dev/null 2>&1; then
    if [ -x "$HOME/.cargo/bin/cargo" ]; then
      export PATH="$HOME/.cargo/bin:$PATH"
    else
      echo "cargo not found: install Rust with rustup (https://rustup.rs) first" >&2
      exit 2
    fi
  fi
}

need_python() {
  command -v python3 >/dev/null 2>&1 || { echo "python3 (3.11) not found" >&2; exit 2; }
}

# The reference library in a private venv (.cache/venv-nexuscone-0.2.1); the
# fixtures generator creates it on first use and skips pip afterwards.
reference_python() {
  local venv=.cache/venv-nexuscone-0.2.1
  if ! "$venv/bin/python" -c 'import nexuscone' >/dev/null 2>&1; then
    say "installing the reference library nexuscone==0.2.1 into $venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "nexuscone[signing]==0.2.1"
  fi
  echo "$venv/bin/python"
}

need_rust
need_python
