# apt_install PACKAGE…: Debian packages, installed only when missing. Sourced by setup.sh.
# Another apt or dpkg run (unattended upgrades, a second setup) may hold the dpkg lock:
# wait up to ten minutes for it instead of failing at once.
APT_LOCK_WAIT=${APT_LOCK_WAIT:-600}

apt_install() {
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ] && ! command -v sudo >/dev/null; then
    echo "setup: please install with apt: ${missing[*]}" >&2
    return 1
  fi
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  local wait=(-o "DPkg::Lock::Timeout=$APT_LOCK_WAIT")
  echo "setup: installing ${missing[*]} with apt"
  $sudo apt-get "${wait[@]}" update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get "${wait[@]}" install -y -qq "${missing[@]}" >/dev/null
}
