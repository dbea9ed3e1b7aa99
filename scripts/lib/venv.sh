# Sourced by scripts/test and scripts/bench.
# ensure_venv VENV REQUIREMENTS: creates (or refreshes, when the requirements file changed) a venv
# with the pinned packages of REQUIREMENTS.
ensure_venv() {
  local venv="$1" requirements="$2"
  if ! cmp -s "$requirements" "$venv/.requirements" 2>/dev/null; then
    echo "$(basename "$0"): installing $(grep -v '^#' "$requirements" | tr '\n' ' ')into $venv" >&2
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$requirements"
    cp "$requirements" "$venv/.requirements"
  fi
}
