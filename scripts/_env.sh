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
        # override in pyproject.toml's [tool.uv]), so pip installs exactly that list.
        .venv/bin/python -m pip install --quiet --disable-pip-version-check \
            --no-deps --require-hashes -r "requirements/$which.txt" 2> >(grep -v "is ignored: it is neither" >&2)
        .venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
        rm -f .venv/.installed-*
        touch ".venv/.installed-$which-$digest"
    fi
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
