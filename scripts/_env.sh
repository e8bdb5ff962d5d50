# Sourced by scripts/run, scripts/test and scripts/browser-soak: makes ./.venv hold exactly
# the locked packages (re-installing only when a lock file or pyproject.toml changed, a
# stamp records which), and runs pytest for the scripts that test.

kindmind_venv() {
    local which="$1"  # base or dev
    local py="${PYTHON:-python3}"
    if ! "$py" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
        echo "kindmind needs Python 3.11 or newer as '$py' (set PYTHON=... to choose another)." >&2
        exit 1
    fi
    [ -x .venv/bin/python ] || "$py" -m venv .venv
    local digest
    digest=$(cat "requirements/$which.txt" pyproject.toml | sha256sum | cut -c1-16)
    if [ ! -f ".venv/.installed-$which-$digest" ] && [ ! -f ".venv/.installed-dev-$(cat requirements/dev.txt pyproject.toml | sha256sum | cut -c1-16)" ]; then
        echo "Installing kindmind's locked dependencies into .venv (first run only)..."
        # --no-deps: the lock already lists every package (uv resolved it, with the one
        # override in pyproject.toml's [tool.uv]), so the installer takes exactly that list.
        # uv first (seconds; requirements/installer.in says why), pip if uv cannot.
        if ! _install_with_uv "$which"; then
            echo "uv could not install the lock; pip will (about a minute)." >&2
            _pip install --no-deps --require-hashes -r "requirements/$which.txt"
            _pip install --no-deps -e .
        fi
        rm -f .venv/.installed-*
        touch ".venv/.installed-$which-$digest"
    fi
}

_pip() {
    .venv/bin/python -m pip install --quiet --disable-pip-version-check "$@" \
        2> >(grep -v "is ignored: it is neither" >&2)
}

# uv, itself installed from its lock with pip, installs the lock into .venv. It reads no
# pip configuration, so a machine's local wheel folders for pip (PIP_FIND_LINKS) are
# handed to it; it keeps its own download cache. It compiles every module as pip does
# (--compile-bytecode, on all cores): left to the first import, that compiling slowed the
# first test pass, and a package's old escape warnings became errors under pytest.
_install_with_uv() {
    local which="$1"
    _pip --no-deps --require-hashes -r requirements/installer.txt || return 1
    local links=()
    for folder in ${PIP_FIND_LINKS:-}; do links+=(--find-links "$folder"); done
    .venv/bin/uv pip install --quiet --python .venv/bin/python "${links[@]}" --compile-bytecode \
        --no-deps --require-hashes -r "requirements/$which.txt" || return 1
    .venv/bin/uv pip install --quiet --python .venv/bin/python --no-deps -e . || return 1
}

# pytest exits 5 when a filter (-k, -m, a module) leaves nothing to run in one pass or
# set: that one simply has nothing to do. Any other failure keeps its own exit code.
run_pytest() {
    local code=0
    .venv/bin/pytest "$@" || code=$?
    if [ "$code" -ne 0 ] && [ "$code" -ne 5 ]; then
        return "$code"
    fi
}

# The browser tests, as run_pytest runs the rest: they live in test_browser*.py files
# (conftest.py refuses one anywhere else), so only those are collected, instead of
# importing every test module (some seconds per process) only to deselect them.
run_browser_pytest() {
    run_pytest -o "python_files=test_browser*.py" "$@"
}
