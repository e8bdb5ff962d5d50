# Sourced by scripts/run and scripts/test: makes ./.venv hold exactly the locked packages.
# Re-installs only when a lock file or pyproject.toml changed (a stamp records which).

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
